package io.logpulse.analytics.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.hll_sketch_estimate;
import static org.apache.spark.sql.functions.hll_union_agg;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * System health per window, from the rows {@link ServiceWindowMetrics} emits for that window (all
 * services' rows of a window are emitted in the same micro-batch, when the watermark passes its
 * end, so a batch-level aggregation of them is complete). Distinct clients and users merge the
 * services' HLL sketches ({@code hll_union_agg}), so a client of two services counts once.
 *
 * <p>Output columns: {@code window}; {@code request_count}; {@code status_ge_500_rate}, {@code
 * status_ge_400_rate} (0 to 1); {@code active_services}; {@code active_clients}, {@code
 * active_users} (HLL estimates); {@code sla_availability} (share of non-5xx), {@code
 * sla_performance} (share of timed requests under the latency objective, null without timed
 * requests); {@code health_score} = 100 × min(availability, performance), or 100 × availability
 * without timed requests; {@code health_band}: {@code healthy} (score &ge; 99), {@code degraded}
 * (&ge; 95), {@code unhealthy} (below 95). The bands follow the usual 99 % / 95 % SLO tiers: below 99
 * an error budget is burning, below 95 users notice.
 */
public final class SystemHealth {

  public static final double HEALTHY_FROM = 99.0;
  public static final double DEGRADED_FROM = 95.0;

  private SystemHealth() {}

  /** @param serviceWindowMetrics a (non-streaming) batch of {@link ServiceWindowMetrics} rows */
  public static Dataset<Row> apply(Dataset<Row> serviceWindowMetrics) {
    Column requests = col("request_count");
    Dataset<Row> totals =
        serviceWindowMetrics
            .groupBy(col("window"))
            .agg(
                sum(requests).as("request_count"),
                sum(col("status_ge_500_count")).as("status_ge_500_count"),
                sum(col("status_ge_400_count")).as("status_ge_400_count"),
                sum(col("latency_sample_count")).as("latency_sample_count"),
                sum(col(ServiceWindowMetrics.LATENCY_WITHIN_OBJECTIVE_COUNT)).as("within_objective"),
                count(col("service_name")).as("active_services"),
                hll_sketch_estimate(hll_union_agg(col(ServiceWindowMetrics.CLIENT_SKETCH), true))
                    .as("active_clients"),
                hll_sketch_estimate(hll_union_agg(col(ServiceWindowMetrics.USER_SKETCH), true))
                    .as("active_users"));
    Column availability = lit(1.0).minus(col("status_ge_500_count").divide(col("request_count")));
    Column performance =
        when(col("latency_sample_count").gt(0), col("within_objective").divide(col("latency_sample_count")));
    Column score =
        when(performance.isNull(), availability.multiply(100))
            .otherwise(least(availability, performance).multiply(100));
    return totals
        .withColumn("status_ge_500_rate", col("status_ge_500_count").divide(col("request_count")))
        .withColumn("status_ge_400_rate", col("status_ge_400_count").divide(col("request_count")))
        .withColumn("sla_availability", availability)
        .withColumn("sla_performance", performance)
        .withColumn("health_score", score)
        .withColumn(
            "health_band",
            when(col("health_score").geq(HEALTHY_FROM), "healthy")
                .when(col("health_score").geq(DEGRADED_FROM), "degraded")
                .otherwise("unhealthy"))
        .drop("within_objective");
  }
}
