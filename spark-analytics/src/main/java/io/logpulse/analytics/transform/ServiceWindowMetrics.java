package io.logpulse.analytics.transform;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.window;

import java.time.Duration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Per-service tumbling event-time window metrics.
 *
 * <p>Input: decoded events (see {@link AccessEventDecoder}) with a watermark on {@link
 * AccessEventDecoder#EVENT_TIME}. Output, one row per (service, window), emitted once when the
 * watermark passes the window's end (append mode):
 *
 * <ul>
 *   <li>{@code service_name} (string), {@code window} (struct start, end: timestamps, end exclusive)
 *   <li>{@code request_count} (long)
 *   <li>{@code status_ge_400_count}, {@code status_ge_500_count} (long): responses with status
 *       &ge; 400 (client and server errors) and &ge; 500 (server errors)
 *   <li>{@code status_ge_400_rate}, {@code status_ge_500_rate} (double, 0 to 1): the same as shares
 *       of {@code request_count}
 *   <li>{@code http_response_body_bytes_sum} (long, bytes; events without a size count as 0)
 *   <li>{@code latency_sample_count} (long): events with {@code event_duration}
 *   <li>{@code latency_avg_ms}, {@code latency_max_ms} (double, milliseconds; null when no event of
 *       the window has a duration)
 * </ul>
 */
public final class ServiceWindowMetrics {

  private final Duration windowDuration;

  /** @param windowDuration length of the tumbling windows; at least one second */
  public ServiceWindowMetrics(Duration windowDuration) {
    this.windowDuration = windowDuration;
  }

  /** @return the window metrics; a streaming aggregation when {@code events} is streaming */
  public Dataset<Row> apply(Dataset<Row> events) {
    Column status = col("http_response_status_code");
    Column durationMillis = col("event_duration").divide(1_000_000.0);
    return events
        .groupBy(
            window(col(AccessEventDecoder.EVENT_TIME), windowDuration.toMillis() + " milliseconds")
                .as("window"),
            col("service_name"))
        .agg(
            count(lit(1)).as("request_count"),
            sum(when(status.geq(400), 1L).otherwise(0L)).as("status_ge_400_count"),
            sum(when(status.geq(500), 1L).otherwise(0L)).as("status_ge_500_count"),
            sum(coalesce(col("http_response_body_bytes"), lit(0L)))
                .as("http_response_body_bytes_sum"),
            count(col("event_duration")).as("latency_sample_count"),
            avg(durationMillis).as("latency_avg_ms"),
            max(durationMillis).as("latency_max_ms"))
        .withColumn(
            "status_ge_400_rate", col("status_ge_400_count").divide(col("request_count")))
        .withColumn(
            "status_ge_500_rate", col("status_ge_500_count").divide(col("request_count")));
  }
}
