package io.logpulse.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logpulse.local.replay.ReplayLine;
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

    // The lines at T0 + 59 s, + 60 s and + 61 s reach the raw topic at wall times 1,000, 1,010 and
    // 1,020 ms; the first drop alert, for the complete window [T0, T0 + 60 s), reaches the alerts
    // topic at 1,500 ms. Its figures count lines before T0 + 60 s, all on the topic by 1,000 ms:
    // 500 ms line to alert.
    LineToAlertTimes lineToAlert = new LineToAlertTimes();
    lineToAlert.appended(line(T0 + 59_000), 1_000);
    lineToAlert.appended(line(T0 + 61_000), 1_020);
    lineToAlert.appended(line(T0 + MINUTE), 1_010);
    lineToAlert.alertAppended(alerts.get(0), 1_500);
    lineToAlert.alertAppended(alerts.get(1), 9_000);

    ScenarioReport report =
        new ScenarioReport(List.of(drop), alerts, MINUTE, 86_400_000L, lineToAlert::delayMs);

    ScenarioReport.RuleScore dropScore = report.scores().get("service_traffic_drop");
    assertThat(dropScore.detected()).isEqualTo(1);
    assertThat(dropScore.detections()).isEqualTo(1);
    assertThat(dropScore.falseAlerts()).isEqualTo(1);
    assertThat(dropScore.medianDelayMs()).isEqualTo(MINUTE - 7_000);
    assertThat(dropScore.medianWallDelayMs()).isEqualTo(500);
    // An early alert counts its observed_until itself: the scanning alert of the window
    // [T0 + 60 s, T0 + 120 s) counts up to its first event, T0 + 60 s, on the topic at 1,010 ms.
    JsonNode early = alert("client_scanning", "203.0.113.20", T0 + MINUTE, T0 + MINUTE);
    lineToAlert.alertAppended(early, 1_300);
    assertThat(lineToAlert.delayMs(early)).isEqualTo(290);
    // An alert whose append time was not seen has no wall delay.
    assertThat(lineToAlert.delayMs(alerts.get(2))).isEqualTo(-1);
    assertThat(report.scores().get("service_latency_regression").medianWallDelayMs()).isEqualTo(-1);
    assertThat(report.scores().get("service_latency_regression").falseAlerts()).isEqualTo(1);
    assertThat(report.scores().get("client_scanning").baselineAlerts()).isEqualTo(1);
    assertThat(report.baselineAlerts()).singleElement().asString().startsWith("client_scanning 173.249.14.0");
  }

  private static ReplayLine line(long eventTime) {
    return new ReplayLine(new byte[0], eventTime, "shop");
  }

  private static JsonNode alert(String rule, String entity, long windowStart, long observedUntil) {
    ObjectNode alert = JSON.createObjectNode();
    alert.put("alert_id", rule + "/" + entity + "/" + windowStart);
    alert.put("status", "firing");
    alert.put("rule", rule);
    alert.putObject("entity").put("value", entity);
    alert
        .putObject("window")
        .put("start", Instant.ofEpochMilli(windowStart).toString())
        .put("end", Instant.ofEpochMilli(windowStart + MINUTE).toString());
    alert.put("observed_until", Instant.ofEpochMilli(observedUntil).toString());
    alert.put("summary", rule + " on " + entity);
    return alert;
  }
}
