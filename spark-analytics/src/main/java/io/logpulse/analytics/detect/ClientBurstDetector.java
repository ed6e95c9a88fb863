package io.logpulse.analytics.detect;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.window;

import io.logpulse.analytics.transform.AccessEventDecoder;
import java.time.Duration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Rule {@value #RULE}: one client IP sending many requests in one event-time window with few
 * distinct user agents for that volume, the signature of a scripted flood or brute force (a crowd
 * behind a NAT or proxy shows many agents). Real attacks rotate a handful of agents: in the ployt0
 * nginx log an xmlrpc.php brute force sends 537 requests in a minute with 17 agents.
 *
 * <p>Fires for a (source.ip, window) when {@code request_count >= minRequests} and the
 * HyperLogLog++ estimate of distinct {@code user_agent.original} values is at most {@code
 * maxUserAgentRatio * request_count}. Severity {@code critical} from twice the threshold, else {@code warning}.
 * State: one aggregation buffer per (IP, open window), evicted by the watermark.
 */
public final class ClientBurstDetector {

  public static final String RULE = "client_request_burst";

  private final Duration windowDuration;
  private final long minRequests;
  private final double maxUserAgentRatio;

  /**
   * @param windowDuration tumbling window length
   * @param minRequests requests per window at which the rule fires; at least 1
   * @param maxUserAgentRatio most distinct user agents per request for the rule to fire, 0 to 1
   */
  public ClientBurstDetector(Duration windowDuration, long minRequests, double maxUserAgentRatio) {
    this.windowDuration = windowDuration;
    this.minRequests = minRequests;
    this.maxUserAgentRatio = maxUserAgentRatio;
  }

  /**
   * @param events decoded events with a watermark on {@link AccessEventDecoder#EVENT_TIME}
   * @return alert records: {@code key} (alert_id) and {@code value} (alert JSON)
   */
  public Dataset<Row> apply(Dataset<Row> events) {
    Dataset<Row> perClient =
        events
            .where(col("source_ip").isNotNull())
            .groupBy(
                window(
                        col(AccessEventDecoder.EVENT_TIME),
                        windowDuration.toMillis() + " milliseconds")
                    .as("window"),
                col("source_ip"))
            .agg(
                count(lit(1)).as("request_count"),
                approx_count_distinct(col("user_agent_original")).as("distinct_user_agents"),
                approx_count_distinct(col("user_name")).as("distinct_users"),
                approx_count_distinct(col("service_name")).as("distinct_services"));
    Column requests = col("request_count");
    Column summary =
        format_string(
            "%s sent %d requests in %d s (threshold %d) with %d distinct user agent(s)",
            col("source_ip"),
            requests,
            lit(windowDuration.toSeconds()),
            lit(minRequests),
            col("distinct_user_agents"));
    return perClient
        .where(
            requests
                .geq(minRequests)
                .and(col("distinct_user_agents").leq(requests.multiply(maxUserAgentRatio))))
        .select(
            Alerts.kafkaRecord(
                RULE,
                when(requests.geq(2 * minRequests), "critical").otherwise("warning"),
                "source.ip",
                col("source_ip"),
                requests,
                minRequests,
                summary,
                struct(
                    requests,
                    col("distinct_user_agents"),
                    col("distinct_users"),
                    col("distinct_services"))));
  }
}
