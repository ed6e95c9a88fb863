package io.logpulse.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.analytics.config.AnalyticsConfig;
import io.logpulse.analytics.detect.ClientBurstDetector;
import io.logpulse.analytics.transform.AccessEventDecoder;
import io.logpulse.analytics.transform.ServiceWindowMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

/**
 * Streaming behaviour of the plan with {@link MemoryStream}: windows are emitted once the watermark
 * passes them, and a watermark control record closes the last windows without being counted.
 */
class WatermarkFlushTest {

  private static SparkSession spark;

  @TempDir static Path checkpoints;

  @BeforeAll
  static void startSpark() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("WatermarkFlushTest")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private static AnalyticsConfig config() {
    return new AnalyticsConfig(
        Map.of(
            "bootstrap.servers", "kafka.invalid:9092",
            "schema.registry.url", "http://registry.invalid",
            "checkpoint.location", checkpoints.toString()));
  }

  private static Dataset<Row> events(MemoryStream<Row> stream) {
    AccessEventDecoder decoder =
        new AccessEventDecoder(Map.of(TestEvents.SCHEMA_ID, TestEvents.SCHEMA_JSON), TestEvents.SCHEMA_JSON);
    return AnalyticsJob.events(stream.toDF(), decoder, config());
  }

  private static void add(MemoryStream<Row> stream, Row... rows) {
    stream.addData(JavaConverters.asScalaBuffer(List.of(rows)));
  }

  @Test
  void windowsCloseWithTheWatermarkAndTheControlRecordFlushesTheLastOne() throws Exception {
    MemoryStream<Row> stream = MemoryStream.apply(Encoders.row(TestEvents.KAFKA_ROW), spark.sqlContext());
    Dataset<Row> metrics = new ServiceWindowMetrics(Duration.ofMinutes(1)).apply(events(stream));
    StreamingQuery query =
        metrics.writeStream().format("memory").queryName("flush_metrics").outputMode(OutputMode.Append()).start();
    try {
      add(
          stream,
          TestEvents.event("shop", "192.0.2.1", "2026-01-15T12:00:10Z", 200, "ua"),
          TestEvents.event("shop", "192.0.2.1", "2026-01-15T12:00:20Z", 503, "ua"),
          TestEvents.event("shop", "192.0.2.2", "2026-01-15T12:01:10Z", 404, "ua"),
          TestEvents.event("shop", "192.0.2.2", "2026-01-15T12:05:10Z", 200, "ua"));
      query.processAllAvailable();
      // watermark = 12:05:10 - 2 min = 12:03:10: windows 12:00 and 12:01 are closed, 12:05 is open
      assertThat(rows("flush_metrics"))
          .containsExactly("shop 2026-01-15 12:00:00 2 1 1", "shop 2026-01-15 12:01:00 1 1 0");

      add(stream, TestEvents.watermarkControl("2026-01-15T12:08:10Z"));
      query.processAllAvailable();
      // watermark = 12:06:10 closes 12:05; the control record itself is counted nowhere
      assertThat(rows("flush_metrics"))
          .containsExactly(
              "shop 2026-01-15 12:00:00 2 1 1",
              "shop 2026-01-15 12:01:00 1 1 0",
              "shop 2026-01-15 12:05:00 1 0 0");
    } finally {
      query.stop();
    }
  }

  @Test
  void burstAlertIsEmittedOnceItsWindowCloses() throws Exception {
    MemoryStream<Row> stream = MemoryStream.apply(Encoders.row(TestEvents.KAFKA_ROW), spark.sqlContext());
    Dataset<Row> alerts = new ClientBurstDetector(Duration.ofMinutes(1), 5, 0.2).apply(events(stream));
    StreamingQuery query =
        alerts.writeStream().format("memory").queryName("burst_alerts").outputMode(OutputMode.Append()).start();
    try {
      Row[] burst = new Row[6];
      for (int i = 0; i < burst.length; i++) {
        burst[i] = TestEvents.event("shop", "203.0.113.9", "2026-01-15T12:00:1" + i + "Z", 200, "bot");
      }
      add(stream, burst);
      add(stream, TestEvents.event("shop", "192.0.2.3", "2026-01-15T12:00:30Z", 200, "a"));
      query.processAllAvailable();
      assertThat(spark.table("burst_alerts").count()).isZero();

      add(stream, TestEvents.watermarkControl("2026-01-15T12:04:00Z"));
      query.processAllAvailable();
      List<Row> emitted = spark.table("burst_alerts").collectAsList();
      assertThat(emitted).hasSize(1);
      assertThat(emitted.get(0).getString(0))
          .isEqualTo("client_request_burst/source.ip=203.0.113.9/2026-01-15T12:00:00Z");
      assertThat(emitted.get(0).getString(1))
          .contains("\"observed_value\":6.0", "\"threshold\":5.0", "\"severity\":\"warning\"")
          .contains("\"window\":{\"start\":\"2026-01-15T12:00:00.000Z\",\"end\":\"2026-01-15T12:01:00.000Z\"}");
    } finally {
      query.stop();
    }
  }

  private static List<String> rows(String table) {
    return spark
        .table(table)
        .orderBy("window.start")
        .selectExpr(
            "concat_ws(' ', service_name, cast(window.start as string), request_count,"
                + " status_ge_400_count, status_ge_500_count)")
        .as(Encoders.STRING())
        .collectAsList();
  }
}
