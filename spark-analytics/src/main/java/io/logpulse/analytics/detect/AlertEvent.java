package io.logpulse.analytics.detect;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Builds alert messages in the shape of {@code schemas/src/main/resources/json-schema/alert.schema.json}.
 * The Kafka record key is the {@code alert_id}.
 */
public final class AlertEvent {

  public static final String FIRING = "firing";
  public static final String RESOLVED = "resolved";

  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter JSON_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private AlertEvent() {}

  /**
   * @return {@code <rule>/<entity type>=<entity value>/<window start, UTC, seconds>}: the same
   *     incident always gets the same id
   */
  public static String alertId(String rule, String entityType, String entityValue, long windowStartMs) {
    return rule + "/" + entityType + "=" + entityValue + "/" + ID_TIME.format(Instant.ofEpochMilli(windowStartMs));
  }

  /** @return UTC ISO-8601 with milliseconds, e.g. {@code 2026-01-15T12:07:00.000Z} */
  public static String isoTime(long epochMs) {
    return JSON_TIME.format(Instant.ofEpochMilli(epochMs));
  }

  /**
   * @param status {@link #FIRING} or {@link #RESOLVED}
   * @param windowStartMs start of the window the figures come from (for a resolve: the incident's
   *     first window)
   * @param windowEndMs its end, exclusive (for a resolve: the end of the last window judged)
   * @param windowComplete false when the alert fired before its window closed (early firing)
   * @param observedUntilMs event time of the latest event counted, epoch ms
   * @param detectedAtMs wall-clock time of detection, epoch ms
   * @return the alert JSON object
   */
  public static ObjectNode toJson(
      String alertId,
      String status,
      Finding finding,
      String entityType,
      String entityValue,
      long windowStartMs,
      long windowEndMs,
      boolean windowComplete,
      long observedUntilMs,
      long detectedAtMs) {
    ObjectNode alert = JsonNodeFactory.instance.objectNode();
    alert.put("alert_id", alertId);
    alert.put("status", status);
    alert.put("rule", finding.rule);
    alert.put("severity", finding.severity);
    ObjectNode entity = alert.putObject("entity");
    entity.put("type", entityType);
    entity.put("value", entityValue);
    ObjectNode window = alert.putObject("window");
    window.put("start", isoTime(windowStartMs));
    window.put("end", isoTime(windowEndMs));
    alert.put("window_complete", windowComplete);
    alert.put("observed_value", round(finding.observedValue));
    putNullable(alert, "baseline", finding.baseline);
    alert.put("threshold", round(finding.threshold));
    putNullable(alert, "score", finding.score);
    alert.put("summary", finding.summary);
    alert.set("evidence", finding.evidence);
    alert.put("observed_until", isoTime(observedUntilMs));
    alert.put("detected_at", isoTime(detectedAtMs));
    return alert;
  }

  private static void putNullable(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, round(value));
    } else {
      node.putNull(field);
    }
  }

  /** Six significant digits: figures are estimates, and long tails of digits only confuse. */
  static double round(double value) {
    if (!Double.isFinite(value) || value == 0.0) {
      return value;
    }
    return new java.math.BigDecimal(value).round(new java.math.MathContext(6)).doubleValue();
  }
}
