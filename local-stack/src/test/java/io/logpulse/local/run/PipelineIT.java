package io.logpulse.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real pipeline (in-process broker, local registry over HTTP, ingest-streams and
 * spark-analytics in their own JVMs) on real access logs from {@code ../shared/data}, checked
 * against counts computed independently from the raw files.
 */
class PipelineIT {

  static final Path HOME = Path.of(System.getProperty("logpulse.home", "..")).toAbsolutePath();
  static final Path DATA =
      Path.of(System.getProperty("logpulse.shared.dir", HOME.resolve("../shared").toString()))
          .resolve("data");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  @Test
  void nginxCombinedPloyt0() throws Exception {
    verify(DATA.resolve("nginx-combined-ployt0/access.log"), 300, 0.05);
  }

  @Test
  void apacheCombinedElastic() throws Exception {
    // Its bursts are smaller: 40 requests a minute finds the scripted clients in it.
    verify(DATA.resolve("apache-combined-elastic/apache_logs"), 40, 0.05);
  }

  private void verify(Path log, long minRequests, double ratio) throws Exception {
    IndependentCounts expected = new IndependentCounts(log);
    Map<String, Long> expectedBursts = expected.expectedBursts(minRequests, ratio);
    assertThat(expectedBursts).as("the file has bursts at these thresholds").isNotEmpty();

    Path summaryFile = temp.resolve("summary.json");
    Path alertsFile = temp.resolve("alerts.jsonl");
    RunOptions options =
        new RunOptions(
            HOME,
            List.of(log),
            "web",
            Double.POSITIVE_INFINITY,
            true,
            summaryFile,
            alertsFile,
            0,
            0,
            temp.resolve("work"),
            Map.of(),
            Map.of(
                "detector.client-burst.min.requests", Long.toString(minRequests),
                "detector.client-burst.max.user.agent.ratio", Double.toString(ratio)),
            Duration.ofMinutes(5));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    RunSummary summary =
        LocalStack.run(options, new PrintStream(console, true, StandardCharsets.UTF_8));

    assertThat(summary.linesRead()).isEqualTo(expected.lines);
    assertThat(summary.eventsWritten() + summary.deadLettered()).isEqualTo(summary.linesRead());
    assertThat(summary.drained()).isTrue();
    assertThat(summary.windowsEmitted())
        .as("one metrics window per minute with traffic")
        .isEqualTo(expected.minutes.size());

    // client_request_burst for single addresses, by incident id (firing messages only). Alerts
    // fire early, from the running window, and one incident spans consecutive burst minutes, so
    // the expectations are bounds computed from the raw file, not one id per burst minute.
    Map<String, Long> burstAlerts = new TreeMap<>();
    java.util.Set<String> burstIncidents = new java.util.TreeSet<>();
    for (String line : Files.readAllLines(alertsFile)) {
      JsonNode alert = JSON.readTree(line);
      JsonContracts.assertValid(JsonContracts.ALERT, alert);
      if (alert.get("rule").asText().equals("client_request_burst")) {
        burstIncidents.add(alert.get("alert_id").asText());
        if (!alert.get("entity").get("value").asText().contains("/")
            && alert.get("status").asText().equals("firing")) {
          burstAlerts.put(alert.get("alert_id").asText(), alert.get("observed_value").asLong());
        }
      }
    }
    java.util.Set<String> possible = expected.prefixBursts(minRequests, ratio);
    for (Map.Entry<String, Long> alert : burstAlerts.entrySet()) {
      String clientMinute = alert.getKey().substring("client_request_burst/source.ip=".length());
      assertThat(possible)
          .as("%s fired in a minute where the condition held after some prefix of its lines", alert)
          .contains(clientMinute);
      assertThat(alert.getValue())
          .as("requests counted when %s fired: at least the threshold, at most the minute's", alert)
          .isBetween(minRequests, expected.requests(clientMinute));
    }
    for (String burst : expectedBursts.keySet()) {
      String ip = burst.substring("client_request_burst/source.ip=".length(), burst.lastIndexOf('/'));
      String minute = burst.substring(burst.lastIndexOf('/') + 1);
      assertThat(burstAlerts.keySet())
          .as("an incident of %s open at or before its burst minute %s", ip, minute)
          .anyMatch(
              id -> id.startsWith("client_request_burst/source.ip=" + ip + "/")
                  && id.substring(id.lastIndexOf('/') + 1).compareTo(minute) <= 0);
    }

    JsonNode written = JSON.readTree(summaryFile.toFile());
    assertThat(written.get("lines_read").asLong()).isEqualTo(expected.lines);
    assertThat(written.get("alerts_by_rule").path("client_request_burst").asLong())
        .isEqualTo(burstIncidents.size());
    assertThat(written.get("late_events").asLong())
        .as("the replay is in event-time order: nothing is late")
        .isZero();
  }
}
