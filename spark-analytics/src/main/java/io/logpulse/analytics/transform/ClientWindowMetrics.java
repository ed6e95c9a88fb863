package io.logpulse.analytics.transform;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.window;

import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Per-client and per-user tumbling event-time window metrics (default 5 minutes): who is doing
 * what. One row per (window, entity), emitted when the watermark passes the window's end:
 *
 * <ul>
 *   <li>{@code window}; {@code entity_type} ({@code source.ip} or {@code user.name}); {@code
 *       entity_value}
 *   <li>{@code request_count} (long); {@code status_4xx_count}, {@code status_ge_500_count}
 *   <li>{@code distinct_users}, {@code distinct_user_agents}, {@code distinct_url_templates}
 *       ({@code http.route}, else {@code url.path}), {@code distinct_services} (long, HyperLogLog++
 *       estimates, {@code approx_count_distinct}, 5 % relative standard deviation)
 *   <li>{@code services} (array of strings): the services used
 * </ul>
 */
public final class ClientWindowMetrics {

  /** The AccessEvent fields these metrics read, besides the event time. */
  public static final List<String> INPUT_FIELDS =
      List.of(
          "service_name",
          "http_response_status_code",
          "url_path",
          "http_route",
          "user_agent_original",
          "user_name",
          "source_ip");

  private final Duration windowDuration;

  /** @param windowDuration tumbling window length; at least one second */
  public ClientWindowMetrics(Duration windowDuration) {
    this.windowDuration = windowDuration;
  }

  /** @return the metrics; a streaming aggregation when {@code events} is streaming */
  public Dataset<Row> apply(Dataset<Row> events) {
    Column status = col("http_response_status_code");
    Column entities =
        array(
            struct(lit("source.ip").as("type"), col("source_ip").as("value")),
            struct(lit("user.name").as("type"), col("user_name").as("value")));
    return events
        .withColumn("entity", explode(entities))
        .where(col("entity.value").isNotNull())
        .groupBy(
            window(col(AccessEventDecoder.EVENT_TIME), windowDuration.toMillis() + " milliseconds")
                .as("window"),
            col("entity.type").as("entity_type"),
            col("entity.value").as("entity_value"))
        .agg(
            count(lit(1)).as("request_count"),
            sum(when(status.geq(400).and(status.lt(500)), 1L).otherwise(0L)).as("status_4xx_count"),
            sum(when(status.geq(500), 1L).otherwise(0L)).as("status_ge_500_count"),
            approx_count_distinct(col("user_name")).as("distinct_users"),
            approx_count_distinct(col("user_agent_original")).as("distinct_user_agents"),
            approx_count_distinct(coalesce(col("http_route"), col("url_path")))
                .as("distinct_url_templates"),
            approx_count_distinct(col("service_name")).as("distinct_services"),
            collect_set(col("service_name")).as("services"));
  }
}
