package io.logpulse.analytics.detect;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import io.logpulse.analytics.transform.JsonColumns;
import org.apache.spark.sql.Column;

/**
 * Builds alert records in the shape of {@code schemas/src/main/resources/json-schema/alert.schema.json}:
 * Kafka {@code key} = {@code alert_id}, {@code value} = the alert as JSON text.
 *
 * <p>{@code alert_id} is {@code <rule>/<entity type>=<entity value>/<window start, UTC ISO-8601>}:
 * deterministic, so the duplicates Spark's at-least-once Kafka sink can write after a failure carry
 * the same id and a consumer can drop them. Requires the session time zone to be UTC.
 */
final class Alerts {

  private Alerts() {}

  /**
   * @param rule the rule name, e.g. {@code client_request_burst}
   * @param severity string column: {@code warning} or {@code critical}
   * @param entityType the ECS name of what the alert is about, e.g. {@code source.ip}
   * @param entityValue string column: the entity, e.g. the IP address
   * @param observedValue numeric column: the value that crossed the threshold
   * @param threshold the threshold it crossed, in the same unit
   * @param summary string column: one line a person on call understands
   * @param evidence struct column of rule-specific figures
   * @return columns {@code key} and {@code value} for a Kafka sink; the input must have a {@code
   *     window} struct column
   */
  static Column[] kafkaRecord(
      String rule,
      Column severity,
      String entityType,
      Column entityValue,
      Column observedValue,
      double threshold,
      Column summary,
      Column evidence) {
    Column alertId =
        concat(
            lit(rule + "/" + entityType + "="),
            entityValue,
            lit("/"),
            date_format(col("window.start"), "yyyy-MM-dd'T'HH:mm:ss'Z'"));
    Column alert =
        struct(
            alertId.as("alert_id"),
            lit(rule).as("rule"),
            severity.as("severity"),
            struct(lit(entityType).as("type"), entityValue.as("value")).as("entity"),
            struct(col("window.start").as("start"), col("window.end").as("end")).as("window"),
            observedValue.cast("double").as("observed_value"),
            lit(threshold).as("threshold"),
            summary.as("summary"),
            evidence.as("evidence"),
            current_timestamp().as("detected_at"));
    return new Column[] {alertId.as("key"), JsonColumns.toJson(alert).as("value")};
  }
}
