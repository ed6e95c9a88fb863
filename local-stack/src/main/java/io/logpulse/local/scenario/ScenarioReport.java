package io.logpulse.local.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * Scores the alerts of a scenario run against its labelled incidents, per rule.
 *
 * <p>A firing alert is a <b>detection</b> when its rule and entity are an incident's and its window
 * starts between one window before the incident and one window after its end. Any other alert about
 * an injected entity (an injected client, or the service during an injected service incident) is a
 * <b>false alert</b> of the injection. Alerts about baseline traffic (clients and times no incident
 * touches) are <b>baseline alerts</b>: a real log contains real attacks, so they are listed for a
 * person to judge and counted per 24 h of baseline, not silently called false or true.
 *
 * <ul>
 *   <li>precision = detections / (detections + false alerts), over the injection;
 *   <li>precision, baseline alerts false = detections / all firing alerts of the rule (the worst case);
 *   <li>recall = incidents with a detection / incidents;
 *   <li>delay, event time = {@code observed_until} of the first detection - the incident's first
 *       event;
 *   <li>delay, wall time = that alert's line-to-alert time ({@link LineToAlertTimes}): from the
 *       moment every line it counts was on the raw-lines topic to the alert on the alerts topic.
 * </ul>
 */
public final class ScenarioReport {

  /** One row of the report. */
  public record RuleScore(
      String rule,
      int incidents,
      int detected,
      int detections,
      int falseAlerts,
      int baselineAlerts,
      double baselineAlertsPerDay,
      List<Long> delaysMs,
      List<Long> wallDelaysMs) {

    public double recall() {
      return incidents == 0 ? Double.NaN : (double) detected / incidents;
    }

    public double precision() {
      return detections + falseAlerts == 0 ? Double.NaN : (double) detections / (detections + falseAlerts);
    }

    public double precisionCountingBaseline() {
      int all = detections + falseAlerts + baselineAlerts;
      return all == 0 ? Double.NaN : (double) detections / all;
    }

    /** @return the median detection delay in event time, ms; -1 without detections */
    public long medianDelayMs() {
      return median(delaysMs);
    }

    /** @return the median line-to-alert time, wall clock, ms; -1 without measured detections */
    public long medianWallDelayMs() {
      return median(wallDelaysMs);
    }

    private static long median(List<Long> values) {
      if (values.isEmpty()) {
        return -1;
      }
      List<Long> sorted = new ArrayList<>(values);
      sorted.sort(null);
      return sorted.get((sorted.size() - 1) / 2);
    }
  }

  private final Map<String, RuleScore> scores = new TreeMap<>();
  private final List<String> baselineAlerts = new ArrayList<>();

  /**
   * @param incidents the labels
   * @param alerts every alert message of the run (firing and resolved)
   * @param windowMs the detectors' window length
   * @param baselineSpanMs event-time span of the baseline
   * @param lineToAlertMs an alert's line-to-alert time in ms, or -1 when not measured
   */
  public ScenarioReport(
      List<LabeledIncident> incidents,
      List<JsonNode> alerts,
      long windowMs,
      long baselineSpanMs,
      ToLongFunction<JsonNode> lineToAlertMs) {
    Set<String> rules = new HashSet<>();
    incidents.forEach(incident -> rules.add(incident.rule()));
    Map<String, Integer> detections = new TreeMap<>();
    Map<String, Integer> falseAlerts = new TreeMap<>();
    Map<String, Integer> baseline = new TreeMap<>();
    Map<LabeledIncident, JsonNode> firstDetection = new java.util.LinkedHashMap<>();
    for (JsonNode alert : alerts) {
      if (!"firing".equals(alert.path("status").asText())) {
        continue;
      }
      String rule = alert.path("rule").asText();
      rules.add(rule);
      String entity = alert.path("entity").path("value").asText();
      long windowStart = Instant.parse(alert.path("window").path("start").asText()).toEpochMilli();
      LabeledIncident match = null;
      boolean touchesInjection = ScenarioInjector.isInjectedEntity(entity);
      for (LabeledIncident incident : incidents) {
        boolean during =
            windowStart >= incident.startMs() - windowMs && windowStart < incident.endMs() + windowMs;
        if (during && incident.entityValue().equals(entity)) {
          touchesInjection = true;
          if (incident.rule().equals(rule)) {
            match = incident;
          }
        }
      }
      if (match != null) {
        detections.merge(rule, 1, Integer::sum);
        firstDetection.merge(
            match, alert, (first, later) -> observedUntil(later) < observedUntil(first) ? later : first);
      } else if (touchesInjection) {
        falseAlerts.merge(rule, 1, Integer::sum);
      } else {
        baseline.merge(rule, 1, Integer::sum);
        baselineAlerts.add(rule + " " + entity + " " + alert.path("window").path("start").asText()
            + ": " + alert.path("summary").asText());
      }
    }
    double days = baselineSpanMs / 86_400_000.0;
    for (String rule : rules) {
      int ruleIncidents = 0;
      int detected = 0;
      List<Long> delays = new ArrayList<>();
      List<Long> wallDelays = new ArrayList<>();
      for (LabeledIncident incident : incidents) {
        if (incident.rule().equals(rule)) {
          ruleIncidents++;
          JsonNode first = firstDetection.get(incident);
          if (first != null) {
            detected++;
            delays.add(observedUntil(first) - incident.startMs());
            long wallDelay = lineToAlertMs.applyAsLong(first);
            if (wallDelay >= 0) {
              wallDelays.add(wallDelay);
            }
          }
        }
      }
      int baselineCount = baseline.getOrDefault(rule, 0);
      scores.put(
          rule,
          new RuleScore(
              rule,
              ruleIncidents,
              detected,
              detections.getOrDefault(rule, 0),
              falseAlerts.getOrDefault(rule, 0),
              baselineCount,
              days > 0 ? baselineCount / days : Double.NaN,
              delays,
              wallDelays));
    }
  }

  private static long observedUntil(JsonNode alert) {
    return Instant.parse(alert.path("observed_until").asText()).toEpochMilli();
  }

  public Map<String, RuleScore> scores() {
    return scores;
  }

  /** @return one line per baseline alert, for a person to judge */
  public List<String> baselineAlerts() {
    return baselineAlerts;
  }

  /** @return the report as a Markdown table */
  public String table() {
    StringBuilder out = new StringBuilder();
    out.append("| rule | incidents | recall | precision (injection) | precision (baseline alerts counted false) | false alerts | baseline alerts per 24 h | median delay, event time | median delay, wall time (line to alert) |\n");
    out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (RuleScore score : scores.values()) {
      out.append(
          String.format(
              Locale.ROOT,
              "| `%s` | %d | %s | %s | %s | %d | %.2f (%d) | %s | %s |%n",
              score.rule(),
              score.incidents(),
              ratio(score.recall()),
              ratio(score.precision()),
              ratio(score.precisionCountingBaseline()),
              score.falseAlerts(),
              score.baselineAlertsPerDay(),
              score.baselineAlerts(),
              seconds(score.medianDelayMs()),
              seconds(score.medianWallDelayMs())));
    }
    return out.toString();
  }

  private static String seconds(long ms) {
    return ms < 0 ? "-" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  private static String ratio(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
  }
}
