package io.logpulse.analytics.transform;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.hll_sketch_agg;
import static org.apache.spark.sql.functions.hll_sketch_estimate;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.window;

import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Per-service event-time window metrics (tumbling, or sliding when the slide is shorter than the
 * window).
 *
 * <p>Input: decoded events (see {@link AccessEventDecoder}) with a watermark on {@link
 * AccessEventDecoder#EVENT_TIME}. Output, one row per (service, window), emitted once when the
 * watermark passes the window's end (append mode):
 *
 * <ul>
 *   <li>{@code service_name} (string), {@code window} (struct start, end: timestamps, end exclusive)
 *   <li>{@code request_count} (long)
 *   <li>{@code status_4xx_count}, {@code status_ge_500_count} (long): client and server errors;
 *       {@code status_4xx_rate}, {@code status_ge_500_rate} (double, 0 to 1) the same as shares of
 *       {@code request_count}; {@code status_ge_400_count} and {@code status_ge_400_rate} both
 *       together
 *   <li>{@code http_response_body_bytes_sum} (long, bytes; events without a size count as 0)
 *   <li>{@code latency_sample_count} (long): events with {@code event_duration}; {@code
 *       latency_avg_ms}, {@code latency_min_ms}, {@code latency_max_ms}, {@code latency_stddev_ms}
 *       (sample standard deviation), {@code latency_p50_ms}, {@code latency_p95_ms}, {@code
 *       latency_p99_ms} (double, milliseconds; null when no event of the window has a duration;
 *       percentiles by Spark's {@code percentile_approx}, Greenwald-Khanna, relative rank error
 *       1/10000)
 *   <li>{@code sla_availability} (double, 0 to 1): share of responses with status &lt; 500
 *   <li>{@code sla_performance} (double, 0 to 1, null without timed events): share of timed
 *       requests that took less than the latency objective
 *   <li>{@code distinct_clients}, {@code distinct_users} (long): service popularity, HyperLogLog
 *       estimates (Apache DataSketches HLL, lgK 12, about 1.6 % relative error) of distinct {@code
 *       source.ip} and {@code user.name}
 *   <li>{@link #CLIENT_SKETCH}, {@link #USER_SKETCH}, {@link #LATENCY_WITHIN_OBJECTIVE_COUNT}: the
 *       mergeable parts {@link SystemHealth} sums over services; not written out
 * </ul>
 */
public final class ServiceWindowMetrics {

  /** The AccessEvent fields these metrics read, besides the event time. */
  public static final List<String> INPUT_FIELDS =
      List.of(
          "service_name",
          "http_response_status_code",
          "event_duration",
          "http_response_body_bytes",
          "source_ip",
          "user_name");

  /** Binary column: HLL sketch (Apache DataSketches, Spark {@code hll_sketch_agg}) of {@code source.ip}. */
  public static final String CLIENT_SKETCH = "client_hll_sketch";
  /** Binary column: HLL sketch of {@code user.name}. */
  public static final String USER_SKETCH = "user_hll_sketch";
  /** Long column: timed requests faster than the latency objective. */
  public static final String LATENCY_WITHIN_OBJECTIVE_COUNT = "latency_within_objective_count";

  private final Duration windowDuration;
  private final Duration slide;
  private final double latencyObjectiveMillis;

  /**
   * @param windowDuration length of the windows; at least one second
   * @param slide how often a window starts; equal to {@code windowDuration} for tumbling windows
   * @param latencyObjectiveMillis latency objective of {@code sla_performance}, ms
   */
  public ServiceWindowMetrics(Duration windowDuration, Duration slide, double latencyObjectiveMillis) {
    this.windowDuration = windowDuration;
    this.slide = slide;
    this.latencyObjectiveMillis = latencyObjectiveMillis;
  }

  /** Tumbling windows with a 500 ms latency objective. */
  public ServiceWindowMetrics(Duration windowDuration) {
    this(windowDuration, windowDuration, 500.0);
  }

  /** @return the window metrics; a streaming aggregation when {@code events} is streaming */
  public Dataset<Row> apply(Dataset<Row> events) {
    Column status = col("http_response_status_code");
    Column durationMillis = col("event_duration").divide(1_000_000.0);
    Column windowColumn =
        window(
            col(AccessEventDecoder.EVENT_TIME),
            windowDuration.toMillis() + " milliseconds",
            slide.toMillis() + " milliseconds");
    return events
        .groupBy(windowColumn.as("window"), col("service_name"))
        .agg(
            count(lit(1)).as("request_count"),
            sum(when(status.geq(400).and(status.lt(500)), 1L).otherwise(0L)).as("status_4xx_count"),
            sum(when(status.geq(500), 1L).otherwise(0L)).as("status_ge_500_count"),
            sum(coalesce(col("http_response_body_bytes"), lit(0L)))
                .as("http_response_body_bytes_sum"),
            count(col("event_duration")).as("latency_sample_count"),
            avg(durationMillis).as("latency_avg_ms"),
            min(durationMillis).as("latency_min_ms"),
            max(durationMillis).as("latency_max_ms"),
            stddev_samp(durationMillis).as("latency_stddev_ms"),
            percentile_approx(durationMillis, lit(new double[] {0.5, 0.95, 0.99}), lit(10_000))
                .as("latency_percentiles_ms"),
            sum(when(durationMillis.lt(latencyObjectiveMillis), 1L).otherwise(0L))
                .as(LATENCY_WITHIN_OBJECTIVE_COUNT),
            hll_sketch_agg(col("source_ip")).as(CLIENT_SKETCH),
            hll_sketch_agg(col("user_name")).as(USER_SKETCH))
        .withColumn("status_ge_400_count", col("status_4xx_count").plus(col("status_ge_500_count")))
        .withColumn("status_4xx_rate", col("status_4xx_count").divide(col("request_count")))
        .withColumn("status_ge_500_rate", col("status_ge_500_count").divide(col("request_count")))
        .withColumn("status_ge_400_rate", col("status_ge_400_count").divide(col("request_count")))
        .withColumn("latency_p50_ms", element_at(col("latency_percentiles_ms"), 1))
        .withColumn("latency_p95_ms", element_at(col("latency_percentiles_ms"), 2))
        .withColumn("latency_p99_ms", element_at(col("latency_percentiles_ms"), 3))
        .withColumn("sla_availability", lit(1.0).minus(col("status_ge_500_rate")))
        .withColumn(
            "sla_performance",
            when(
                col("latency_sample_count").gt(0),
                col("latency_within_objective_count").divide(col("latency_sample_count"))))
        .withColumn("distinct_clients", hll_sketch_estimate(col(CLIENT_SKETCH)))
        .withColumn("distinct_users", hll_sketch_estimate(col(USER_SKETCH)))
        .drop("latency_percentiles_ms");
  }
}
