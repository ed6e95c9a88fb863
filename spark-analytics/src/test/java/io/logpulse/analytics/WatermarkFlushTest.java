package io.logpulse.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpulse.analytics.config.AnalyticsConfig;
import io.logpulse.analytics.detect.DetectionEngine;
import io.logpulse.analytics.detect.PopulationJudge;
import io.logpulse.analytics.detect.DetectorSettings;
import io.logpulse.analytics.stateful.DetectionOperator;
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
    spark = TestSpark.session("WatermarkFlushTest");
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
  void detectorsFireEarlyAndReportLateEvents() throws Exception {
    MemoryStream<Row> stream = MemoryStream.apply(Encoders.row(TestEvents.KAFKA_ROW), spark.sqlContext());
    DetectorSettings settings = new DetectorSettings();
    settings.burstMinRequests = 5;
    settings.burstMaxUserAgentRatio = 0.2;
    Dataset<Row> records =
        AnalyticsJob.detectorRecords(
            DetectionOperator.apply(
                events(stream),
                new DetectionEngine(settings),
                new PopulationJudge(settings),
                Duration.ofMillis(100)),
            "alerts",
            "late");
    StreamingQuery query =
        records.writeStream().format("memory").queryName("detector_records").outputMode(OutputMode.Append()).start();
    try {
      Row[] burst = new Row[6];
      for (int i = 0; i < burst.length; i++) {
        burst[i] = TestEvents.event("shop", "203.0.113.9", "2026-01-15T12:00:1" + i + "Z", 200, "bot");
      }
      add(stream, burst);
      add(stream, TestEvents.event("shop", "192.0.2.3", "2026-01-15T12:00:30Z", 200, "a"));
      // The detection query runs a batch every trigger (its processing-time timeout visits idle
      // keys), so it is never "all processed": wait for the rows instead of processAllAvailable.
      await("the early burst alert").atMost(Duration.ofSeconds(60)).until(() -> count("alerts") >= 1);
      // fired while the window is still open: no watermark has passed 12:01 yet
      List<Row> alerts = spark.table("detector_records").where("topic = 'alerts'").collectAsList();
      assertThat(alerts).hasSize(1);
      assertThat(alerts.get(0).getString(1))
          .isEqualTo("client_request_burst/source.ip=203.0.113.9/2026-01-15T12:00:00Z");
      assertThat(alerts.get(0).getString(2))
          .contains("\"status\":\"firing\"", "\"window_complete\":false", "\"observed_value\":6.0")
          .contains("\"window\":{\"start\":\"2026-01-15T12:00:00.000Z\",\"end\":\"2026-01-15T12:01:00.000Z\"}");

      add(stream, TestEvents.watermarkControl("2026-01-15T12:10:00Z"));
      await("the watermark to pass 12:08")
          .atMost(Duration.ofSeconds(60))
          .until(() -> "2026-01-15T12:08:00.000Z".equals(query.lastProgress() == null ? null : query.lastProgress().eventTime().get("watermark")));
      add(stream, TestEvents.event("shop", "192.0.2.4", "2026-01-15T12:00:40Z", 503, "a"));
      await("the late event").atMost(Duration.ofSeconds(60)).until(() -> count("late") >= 1);
      // the burst resolved once the watermark passed two quiet windows after it
      assertThat(spark.table("detector_records").where("topic = 'alerts'").collectAsList())
          .extracting(row -> row.getString(2).contains("\"status\":\"resolved\""))
          .containsExactly(false, true);
      List<Row> late = spark.table("detector_records").where("topic = 'late'").collectAsList();
      assertThat(late).hasSize(1);
      assertThat(late.get(0).getString(1)).isEqualTo("shop");
      assertThat(late.get(0).getString(2))
          .contains("\"reason\":\"behind_watermark\"", "\"event_time\":\"2026-01-15T12:00:40.000Z\"")
          .contains("\"watermark\":\"2026-01-15T12:08:00.000Z\"");
    } finally {
      query.stop();
    }
  }

  private static long count(String topic) {
    return spark.table("detector_records").where("topic = '" + topic + "'").count();
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
