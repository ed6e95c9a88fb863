package io.logpulse.local.scenario;

import io.logpulse.local.replay.ReplayLine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Injects labelled incidents into a real log used as baseline traffic: one incident per rule the
 * baseline can support, each {@value #INCIDENT_MINUTES} minutes long, spread evenly over the
 * baseline's time span so each has clean traffic before and after it. Injected clients use the
 * documentation and benchmarking ranges (RFC 5737, RFC 2544), which no real log contains, so an alert
 * about them is either a detection or a false alert of the injection, never baseline traffic.
 * Injected lines are nginx/Apache {@code combined} format; the same seed gives the same lines.
 *
 * <p>The service rules that need timed, busy traffic ({@code service_latency_regression}, {@code
 * service_traffic_drop}) cannot be judged on a web server log without durations that averages a
 * few requests a minute, so the scenario adds a <b>synthetic</b> service, {@value #TIMED_SERVICE}:
 * the last {@value #TIMED_MINUTES} minutes of the baseline's span, {@value #TIMED_PER_MINUTE}
 * requests a minute from {@value #TIMED_CLIENTS} clients of 198.19.0.0/16, ingress-nginx {@code
 * upstreaminfo} lines whose {@code $request_time} is log-normal (median {@value
 * #TIMED_MEDIAN_MS} ms, sigma {@value #TIMED_SIGMA}). In it: a latency regression (durations times
 * {@value #REGRESSION_FACTOR}, {@value #SERVICE_INCIDENT_MINUTES} minutes) and a traffic drop (a
 * tenth of the rate, {@value #SERVICE_INCIDENT_MINUTES} minutes). Every alert about that service
 * is a detection or a false alert: it has no traffic of its own to judge.
 */
public final class ScenarioInjector {

  static final int INCIDENT_MINUTES = 3;
  /** The synthetic timed service; also the base name of its log file. */
  public static final String TIMED_SERVICE = "steady-api";
  static final int TIMED_MINUTES = 90;
  static final int TIMED_PER_MINUTE = 120;
  static final int TIMED_CLIENTS = 500;
  static final int TIMED_MEDIAN_MS = 40;
  static final double TIMED_SIGMA = 0.5;
  static final int SERVICE_INCIDENT_MINUTES = 10;
  static final int REGRESSION_FACTOR = 4;
  private static final int REGRESSION_AT_MINUTE = 40;
  private static final int DROP_AT_MINUTE = 65;
  private static final List<String> TIMED_ROUTES =
      List.of("/api/orders/%d", "/api/cart", "/api/products/%d", "/api/search?q=item%d", "/healthz");
  private static final long MINUTE = 60_000L;
  private static final DateTimeFormatter CLF_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** The baseline with its incidents: lines in event-time order, and the labels. */
  public record Scenario(List<ReplayLine> lines, List<LabeledIncident> incidents, long baselineSpanMs) {}

  private ScenarioInjector() {}

  /**
   * @param baseline the baseline's lines (any order), all of service {@code service}
   * @param service the service name of the baseline and the injected lines
   * @param seed random seed of the injected lines
   */
  public static Scenario inject(List<ReplayLine> baseline, String service, long seed) {
    long first = baseline.stream().mapToLong(ReplayLine::eventTimeMillis).min().orElseThrow();
    long last = baseline.stream().mapToLong(ReplayLine::eventTimeMillis).max().orElseThrow();
    Random random = new Random(seed);
    List<ReplayLine> lines = new ArrayList<>(baseline);
    List<LabeledIncident> incidents = new ArrayList<>();
    int kinds = 5;
    for (int kind = 0; kind < kinds; kind++) {
      long start = Math.floorDiv(first + (last - first) * (kind + 1) / (kinds + 1), MINUTE) * MINUTE + 7_000;
      long end = start + INCIDENT_MINUTES * MINUTE;
      switch (kind) {
        case 0 -> {
          spread(lines, service, start, end, 500, i -> "203.0.113.10", i -> "GET", i -> "/", i -> 200, i -> "loadgen/1.0");
          incidents.add(new LabeledIncident("client_request_burst", "203.0.113.10", start, end, "500 GET / a minute, one agent"));
        }
        case 1 -> {
          spread(lines, service, start, end, 800, i -> "192.0.2." + (1 + i % 10), i -> "GET", i -> "/api/search", i -> 200,
              i -> "flood/2.0");
          incidents.add(new LabeledIncident("client_request_burst", "192.0.2.0/24", start, end,
              "800 requests a minute from 10 addresses of one /24, one agent"));
        }
        case 2 -> {
          spread(lines, service, start, end, 60, i -> "203.0.113.20", i -> "GET", i -> "/probe/" + i + ".php", i -> 404,
              i -> "zgrab/0.x");
          incidents.add(new LabeledIncident("client_scanning", "203.0.113.20", start, end, "60 distinct missing paths a minute"));
        }
        case 3 -> {
          spread(lines, service, start, end, 40, i -> "203.0.113.30", i -> "POST", i -> "/wp-login.php", i -> 200,
              i -> "python-requests/2.31.0");
          incidents.add(new LabeledIncident("client_brute_force", "203.0.113.30", start, end, "40 POST /wp-login.php a minute"));
        }
        default -> {
          spread(lines, service, start, end, 120, i -> "198.18.1." + (1 + random.nextInt(30)), i -> "GET",
              i -> "/checkout", i -> random.nextInt(100) < 50 ? 503 : 200, i -> "Mozilla/5.0 shopper " + random.nextInt(30));
          incidents.add(new LabeledIncident("service_error_rate_spike", service, start, end,
              "120 requests a minute from 30 shoppers, half answered 503"));
        }
      }
    }
    timedService(lines, incidents, last, random);
    lines.sort(Comparator.comparingLong(ReplayLine::eventTimeMillis));
    return new Scenario(lines, incidents, last - first);
  }

  /**
   * Adds {@value #TIMED_SERVICE}'s lines and its two labelled incidents. The service runs to the end
   * of the minute of the baseline's last event, so it is the last to stop: the replay's final
   * watermark closes that minute, and a service that stopped earlier, or part-way through it, would
   * show a real drop.
   */
  private static void timedService(
      List<ReplayLine> lines, List<LabeledIncident> incidents, long last, Random random) {
    long end = Math.floorDiv(last, MINUTE) * MINUTE + MINUTE;
    long begin = end - TIMED_MINUTES * MINUTE;
    long regressionStart = begin + REGRESSION_AT_MINUTE * MINUTE + 7_000;
    long regressionEnd = regressionStart + SERVICE_INCIDENT_MINUTES * MINUTE;
    long dropStart = begin + DROP_AT_MINUTE * MINUTE + 7_000;
    long dropEnd = dropStart + SERVICE_INCIDENT_MINUTES * MINUTE;
    long gapMs = MINUTE / TIMED_PER_MINUTE;
    long index = 0;
    for (long time = begin; time < end; time += gapMs, index++) {
      boolean dropped = time >= dropStart && time < dropEnd;
      if (dropped && index % 10 != 0) {
        continue;
      }
      boolean slow = time >= regressionStart && time < regressionEnd;
      double seconds =
          TIMED_MEDIAN_MS / 1000.0 * Math.exp(TIMED_SIGMA * random.nextGaussian())
              * (slow ? REGRESSION_FACTOR : 1);
      int client = random.nextInt(TIMED_CLIENTS);
      String address = "198.19." + client / 250 + "." + (1 + client % 250);
      String path = String.format(Locale.ROOT, TIMED_ROUTES.get(random.nextInt(TIMED_ROUTES.size())),
          random.nextInt(10_000));
      int status = random.nextInt(1000) < 2 ? 500 : 200;
      String text =
          String.format(
              Locale.ROOT,
              "%s - - [%s] \"GET %s HTTP/1.1\" %d 734 \"-\" \"okhttp/4.12.0 client-%d\" 212 %.3f"
                  + " [shop-steady-api-8080] [] 10.2.0.7:8080 734 %.3f %d %016x",
              address, CLF_TIME.format(Instant.ofEpochMilli(time)), path, status, client, seconds,
              seconds, status, random.nextLong());
      lines.add(new ReplayLine(text.getBytes(StandardCharsets.UTF_8), time, TIMED_SERVICE));
    }
    incidents.add(
        new LabeledIncident(
            "service_latency_regression", TIMED_SERVICE, regressionStart, regressionEnd,
            "request durations times " + REGRESSION_FACTOR + " for " + SERVICE_INCIDENT_MINUTES
                + " minutes (synthetic timed service)"));
    incidents.add(
        new LabeledIncident(
            "service_traffic_drop", TIMED_SERVICE, dropStart, dropEnd,
            "a tenth of the usual " + TIMED_PER_MINUTE + " requests a minute for "
                + SERVICE_INCIDENT_MINUTES + " minutes (synthetic timed service)"));
  }

  /**
   * @return true for an address or network of the ranges injected clients use (192.0.2.0/24,
   *     203.0.113.0/24, 198.18.0.0/15), and for the synthetic {@value #TIMED_SERVICE}
   */
  public static boolean isInjectedEntity(String entity) {
    return entity.equals(TIMED_SERVICE)
        || entity.startsWith("192.0.2.")
        || entity.startsWith("203.0.113.")
        || entity.startsWith("198.18.")
        || entity.startsWith("198.19.");
  }

  private interface Field<T> {
    T of(int index);
  }

  private static void spread(
      List<ReplayLine> lines,
      String service,
      long start,
      long end,
      int perMinute,
      Field<String> ip,
      Field<String> method,
      Field<String> path,
      Field<Integer> status,
      Field<String> agent) {
    int count = (int) ((end - start) / MINUTE * perMinute);
    for (int i = 0; i < count; i++) {
      long time = start + (end - start) * i / count;
      String text =
          ip.of(i) + " - - [" + CLF_TIME.format(Instant.ofEpochMilli(time)) + "] \"" + method.of(i)
              + " " + path.of(i) + " HTTP/1.1\" " + status.of(i) + " 512 \"-\" \"" + agent.of(i) + "\"";
      lines.add(new ReplayLine(text.getBytes(StandardCharsets.UTF_8), time, service));
    }
  }
}
