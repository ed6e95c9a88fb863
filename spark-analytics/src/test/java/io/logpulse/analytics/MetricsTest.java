package io.logpulse.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.logpulse.analytics.config.AnalyticsConfig;
import io.logpulse.analytics.transform.AccessEventDecoder;
import io.logpulse.analytics.transform.ClientWindowMetrics;
import io.logpulse.analytics.transform.ServiceWindowMetrics;
import io.logpulse.analytics.transform.SystemHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metric transformers on a static DataFrame of decoded events (the same plan a stream runs);
 * expected figures are worked out by hand from the rows.
 */
class MetricsTest {

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.session("MetricsTest");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private static Dataset<Row> events(List<Row> rows) {
    AnalyticsConfig config =
        new AnalyticsConfig(
            Map.of(
                "bootstrap.servers", "kafka.invalid:9092",
                "schema.registry.url", "http://registry.invalid",
                "checkpoint.location", "/tmp/unused"));
    AccessEventDecoder decoder =
        new AccessEventDecoder(Map.of(TestEvents.SCHEMA_ID, TestEvents.SCHEMA_JSON), TestEvents.SCHEMA_JSON);
    return AnalyticsJob.events(spark.createDataFrame(rows, TestEvents.KAFKA_ROW), decoder, config);
  }

  /** shop: durations 1..100 ms, statuses 200 x 90, 404 x 6, 503 x 4; 10 clients; 2 users. */
  private static List<Row> shopMinute() {
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      int status = i <= 90 ? 200 : i <= 96 ? 404 : 503;
      String second = String.format("%02d", (i - 1) % 60);
      rows.add(
          TestEvents.event("shop", "192.0.2." + (i % 10), "2026-01-15T12:00:" + second + "Z", status, "ua",
              i, i % 2 == 0 ? "alice" : "bob"));
    }
    return rows;
  }

  @Test
  void serviceWindowMetricsAndSla() {
    Row row =
        new ServiceWindowMetrics(Duration.ofMinutes(1), Duration.ofMinutes(1), 50.0)
            .apply(events(shopMinute()))
            .collectAsList()
            .get(0);
    assertThat(row.<Long>getAs("request_count")).isEqualTo(100);
    assertThat(row.<Long>getAs("status_4xx_count")).isEqualTo(6);
    assertThat(row.<Long>getAs("status_ge_500_count")).isEqualTo(4);
    assertThat(row.<Long>getAs("status_ge_400_count")).isEqualTo(10);
    assertThat(row.<Double>getAs("latency_min_ms")).isEqualTo(1.0);
    assertThat(row.<Double>getAs("latency_max_ms")).isEqualTo(100.0);
    assertThat(row.<Double>getAs("latency_avg_ms")).isEqualTo(50.5);
    // sample standard deviation of 1..100: sqrt(100 * 101 / 12) = 29.01
    assertThat(row.<Double>getAs("latency_stddev_ms")).isCloseTo(29.011, within(0.001));
    assertThat(row.<Double>getAs("latency_p50_ms")).isEqualTo(50.0);
    assertThat(row.<Double>getAs("latency_p95_ms")).isEqualTo(95.0);
    assertThat(row.<Double>getAs("latency_p99_ms")).isEqualTo(99.0);
    assertThat(row.<Double>getAs("sla_availability")).isEqualTo(0.96);
    // 49 of 100 timed requests are faster than 50 ms
    assertThat(row.<Double>getAs("sla_performance")).isEqualTo(0.49);
    assertThat(row.<Long>getAs("distinct_clients")).isEqualTo(10);
    assertThat(row.<Long>getAs("distinct_users")).isEqualTo(2);
  }

  @Test
  void slidingWindowsCountEachEventInEveryWindowThatCoversIt() {
    List<Row> rows =
        new ServiceWindowMetrics(Duration.ofMinutes(2), Duration.ofMinutes(1), 500.0)
            .apply(events(shopMinute()))
            .orderBy("window.start")
            .collectAsList();
    assertThat(rows).extracting(row -> row.<Long>getAs("request_count")).containsExactly(100L, 100L);
  }

  @Test
  void systemHealthMergesServicesAndCountsSharedClientsOnce() {
    List<Row> rows = new ArrayList<>(shopMinute());
    // blog: 100 requests, all 503, from two of shop's clients and one new one, all timed at 10 ms
    for (int i = 0; i < 100; i++) {
      String ip = i % 3 == 0 ? "198.51.100.1" : "192.0.2." + (i % 2);
      rows.add(TestEvents.event("blog", ip, "2026-01-15T12:00:30Z", 503, "ua", 10, null));
    }
    Dataset<Row> services =
        new ServiceWindowMetrics(Duration.ofMinutes(1), Duration.ofMinutes(1), 50.0).apply(events(rows));
    Row health = SystemHealth.apply(services).collectAsList().get(0);
    assertThat(health.<Long>getAs("request_count")).isEqualTo(200);
    assertThat(health.<Long>getAs("active_services")).isEqualTo(2);
    assertThat(health.<Long>getAs("active_clients")).isEqualTo(11);
    assertThat(health.<Long>getAs("active_users")).isEqualTo(2);
    // availability (200 - 104) / 200 = 0.48; performance (49 + 100) / 200 = 0.745
    assertThat(health.<Double>getAs("sla_availability")).isEqualTo(0.48);
    assertThat(health.<Double>getAs("sla_performance")).isEqualTo(0.745);
    assertThat(health.<Double>getAs("health_score")).isEqualTo(48.0);
    assertThat(health.<String>getAs("health_band")).isEqualTo("unhealthy");
  }

  @Test
  void clientAndUserWindows() {
    List<Row> rows =
        new ClientWindowMetrics(Duration.ofMinutes(5))
            .apply(events(shopMinute()))
            .where("entity_value in ('192.0.2.3', 'alice')")
            .orderBy("entity_type")
            .collectAsList();
    assertThat(rows).hasSize(2);
    Row client = rows.get(0);
    assertThat(client.<String>getAs("entity_type")).isEqualTo("source.ip");
    // 192.0.2.3 sent requests 3, 13, ..., 93: 10 requests, users bob (odd) only, 93 is a 404
    assertThat(client.<Long>getAs("request_count")).isEqualTo(10);
    assertThat(client.<Long>getAs("distinct_users")).isEqualTo(1);
    assertThat(client.<Long>getAs("status_4xx_count")).isEqualTo(1);
    assertThat(client.<Long>getAs("status_ge_500_count")).isEqualTo(0);
    Row user = rows.get(1);
    assertThat(user.<String>getAs("entity_type")).isEqualTo("user.name");
    assertThat(user.<Long>getAs("request_count")).isEqualTo(50);
    assertThat(user.<scala.collection.Seq<String>>getAs("services").toList().mkString(",")).isEqualTo("shop");
  }
}
