package io.logpulse.analytics.detect;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Rule {@value #RULE}: a service whose share of server errors (status &ge; 500) in one window
 * reaches {@code minRate}, considered only with at least {@code minRequests} requests so that three
 * failures out of five requests at night do not page anyone. Severity {@code critical} from twice
 * the rate (capped at 1), else {@code warning}.
 *
 * <p>Input: the rows of {@link io.logpulse.analytics.transform.ServiceWindowMetrics}.
 */
public final class ErrorRateSpikeDetector {

  public static final String RULE = "service_error_rate_spike";

  private final long minRequests;
  private final double minRate;

  /**
   * @param minRequests smallest request count of a window the rule considers; at least 1
   * @param minRate share of status &ge; 500 responses at which it fires, 0 to 1
   */
  public ErrorRateSpikeDetector(long minRequests, double minRate) {
    this.minRequests = minRequests;
    this.minRate = minRate;
  }

  /** @return alert records: {@code key} (alert_id) and {@code value} (alert JSON) */
  public Dataset<Row> apply(Dataset<Row> serviceWindowMetrics) {
    Column rate = col("status_ge_500_rate");
    Column summary =
        format_string(
            "%s answered %d of %d requests with status >= 500 (%.1f%%, threshold %.1f%%)",
            col("service_name"),
            col("status_ge_500_count"),
            col("request_count"),
            rate.multiply(100),
            lit(minRate * 100));
    return serviceWindowMetrics
        .where(col("request_count").geq(minRequests).and(rate.geq(minRate)))
        .select(
            Alerts.kafkaRecord(
                RULE,
                when(rate.geq(Math.min(1.0, 2 * minRate)), "critical").otherwise("warning"),
                "service.name",
                col("service_name"),
                rate,
                minRate,
                summary,
                struct(
                    col("request_count"), col("status_ge_500_count"), col("status_ge_400_count"))));
  }
}
