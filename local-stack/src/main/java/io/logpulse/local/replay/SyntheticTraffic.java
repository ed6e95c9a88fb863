package io.logpulse.local.replay;

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
 * A deterministic 20-minute sample of nginx {@code combined} traffic for a first run without
 * {@code --input}: about 80 requests a minute from 40 browsers, with two incidents a first-time user
 * should see alerted:
 *
 * <ul>
 *   <li>minutes 6 to 8: {@value #BURST_IP} posts to {@code /wp-login.php} 450 times a minute with
 *       one user agent ({@code client_request_burst});
 *   <li>minutes 13 to 14: 60 % of responses are 502/503 ({@code service_error_rate_spike}).
 * </ul>
 *
 * Three malformed lines show the dead-letter topic at work. The same seed gives the same lines.
 */
public final class SyntheticTraffic {

  public static final String SERVICE_NAME = "demo-shop";
  public static final String BURST_IP = "203.0.113.77";
  static final Instant START = Instant.parse("2026-01-15T12:00:00Z");

  private static final DateTimeFormatter CLF_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String[] PATHS = {
    "/", "/products", "/products/42", "/products/1337", "/cart", "/checkout", "/search?q=shoes",
    "/static/app.js", "/static/site.css", "/api/v1/orders/981", "/login", "/account"
  };
  private static final String[] AGENTS = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko)"
        + " Version/17.2 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
        + " Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
  };

  private SyntheticTraffic() {}

  /** @return the sample's lines in event-time order, service {@value #SERVICE_NAME} */
  public static List<ReplayLine> lines(long seed) {
    Random random = new Random(seed);
    List<ReplayLine> lines = new ArrayList<>();
    for (int minute = 0; minute < 20; minute++) {
      boolean errorSpike = minute == 13 || minute == 14;
      for (int i = 0; i < 80; i++) {
        long time = START.toEpochMilli() + minute * 60_000L + random.nextInt(60_000);
        String ip = "198.51.100." + (10 + random.nextInt(40));
        String path = PATHS[random.nextInt(PATHS.length)];
        int status = status(random, errorSpike);
        lines.add(
            line(time, ip, "GET", path, status, 512 + random.nextInt(40_000),
                AGENTS[random.nextInt(AGENTS.length)]));
      }
    }
    for (int minute = 6; minute <= 8; minute++) {
      for (int i = 0; i < 450; i++) {
        long time = START.toEpochMilli() + minute * 60_000L + i * 60_000L / 450;
        lines.add(line(time, BURST_IP, "POST", "/wp-login.php", 200, 1_203, "python-requests/2.31.0"));
      }
    }
    long malformedTime = START.toEpochMilli() + 4 * 60_000L;
    lines.add(raw(malformedTime, "198.51.100.7 - - [15/Jan/2026:12:04:00 +0000] \"GET / HTTP/1.1\" 2"));
    lines.add(raw(malformedTime, "this is not an access log line"));
    lines.add(raw(malformedTime, ""));
    lines.sort(Comparator.comparingLong(ReplayLine::eventTimeMillis));
    return lines;
  }

  private static int status(Random random, boolean errorSpike) {
    int draw = random.nextInt(100);
    if (errorSpike && draw < 60) {
      return draw < 40 ? 502 : 503;
    }
    if (draw < 4) {
      return 404;
    }
    if (draw < 5) {
      return 500;
    }
    return draw < 12 ? 304 : 200;
  }

  private static ReplayLine line(
      long time, String ip, String method, String path, int status, int bytes, String agent) {
    String text =
        ip + " - - [" + CLF_TIME.format(Instant.ofEpochMilli(time)) + "] \"" + method + " " + path
            + " HTTP/1.1\" " + status + " " + bytes + " \"-\" \"" + agent + "\"";
    return raw(time, text);
  }

  private static ReplayLine raw(long time, String text) {
    return new ReplayLine(text.getBytes(StandardCharsets.UTF_8), time, SERVICE_NAME);
  }
}
