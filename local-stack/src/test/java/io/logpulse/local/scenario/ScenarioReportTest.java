package io.logpulse.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How alerts are scored against the labels. */
class ScenarioReportTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MINUTE = 60_000L;
  private static final long T0 = Instant.parse("2022-09-19T19:40:00Z").toEpochMilli();

  @Test
  void alertsAreDetectionsFalseAlertsOrBaselineAlerts() {
    LabeledIncident drop =
        new LabeledIncident(
            "service_traffic_drop", ScenarioInjector.TIMED_SERVICE, T0 + 7_000, T0 + 10 * MINUTE + 7_000,
            "a tenth of the rate");
    List<JsonNode> alerts =
        List.of(
            alert("service_traffic_drop", ScenarioInjector.TIMED_SERVICE, T0, T0 + MINUTE),
            // the synthetic service has no traffic of its own to judge: any other alert is false
            alert("service_traffic_drop", ScenarioInjector.TIMED_SERVICE, T0 + 30 * MINUTE, T0 + 31 * MINUTE),
            alert("service_latency_regression", ScenarioInjector.TIMED_SERVICE, T0, T0 + MINUTE),
            // a real client of the baseline: listed for a person to judge
            alert("client_scanning", "173.249.14.0", T0, T0 + MINUTE));

    ScenarioReport report = new ScenarioReport(List.of(drop), alerts, MINUTE, 86_400_000L);

    ScenarioReport.RuleScore dropScore = report.scores().get("service_traffic_drop");
    assertThat(dropScore.detected()).isEqualTo(1);
    assertThat(dropScore.detections()).isEqualTo(1);
    assertThat(dropScore.falseAlerts()).isEqualTo(1);
    assertThat(dropScore.medianDelayMs()).isEqualTo(MINUTE - 7_000);
    assertThat(report.scores().get("service_latency_regression").falseAlerts()).isEqualTo(1);
    assertThat(report.scores().get("client_scanning").baselineAlerts()).isEqualTo(1);
    assertThat(report.baselineAlerts()).singleElement().asString().startsWith("client_scanning 173.249.14.0");
  }

  private static JsonNode alert(String rule, String entity, long windowStart, long observedUntil) {
    ObjectNode alert = JSON.createObjectNode();
    alert.put("status", "firing");
    alert.put("rule", rule);
    alert.putObject("entity").put("value", entity);
    alert.putObject("window").put("start", Instant.ofEpochMilli(windowStart).toString());
    alert.put("observed_until", Instant.ofEpochMilli(observedUntil).toString());
    alert.put("summary", rule + " on " + entity);
    return alert;
  }
}
