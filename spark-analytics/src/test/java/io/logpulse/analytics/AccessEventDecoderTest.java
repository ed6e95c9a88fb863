package io.logpulse.analytics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpulse.analytics.stateful.DetectionOperator;
import io.logpulse.analytics.transform.AccessEventDecoder;
import io.logpulse.analytics.transform.ClientWindowMetrics;
import io.logpulse.analytics.transform.ServiceWindowMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AccessEventDecoderTest {

  private static SparkSession spark;
  private static final AccessEventDecoder DECODER =
      new AccessEventDecoder(Map.of(TestEvents.SCHEMA_ID, TestEvents.SCHEMA_JSON), TestEvents.SCHEMA_JSON);

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.session("AccessEventDecoderTest");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private static Dataset<Row> records() {
    return spark.createDataFrame(
        List.of(
            TestEvents.event("shop", "192.0.2.1", "2026-01-15T12:00:10Z", 503, "curl/8", 42, "alice"),
            TestEvents.event("blog", "2001:db8::1", "2026-01-15T12:00:11Z", 200, "ua", 7, null)),
        TestEvents.KAFKA_ROW);
  }

  @Test
  void aProjectionDecodesOnlyItsFieldsWithTheSameValues() {
    List<String> fields = List.of("user_name", "service_name", "event_duration", "source_ip");

    Dataset<Row> projected = DECODER.projecting(fields).apply(records());
    Dataset<Row> full = DECODER.apply(records());

    // schema order, timestamp always kept, then the decoder's own columns
    assertThat(projected.columns())
        .containsExactly(
            "timestamp", "service_name", "source_ip", "user_name", "event_duration",
            AccessEventDecoder.EVENT_TIME, AccessEventDecoder.IS_CONTROL,
            AccessEventDecoder.EVENTS_TOPIC_OFFSET);
    assertThat(Arrays.asList(full.columns())).contains("url_original", "user_agent_original");
    String[] compared = {"timestamp", "service_name", "source_ip", "user_name", "event_duration"};
    assertThat(projected.selectExpr(compared).collectAsList())
        .containsExactlyElementsOf(full.selectExpr(compared).collectAsList());
    assertThat(projected.selectExpr("service_name", "user_name", "event_duration").collectAsList())
        .extracting(Row::toString)
        .containsExactly("[shop,alice,42000000]", "[blog,null,7000000]");
  }

  @Test
  void eachBodyIsDecodedOnceWhateverFiltersFollow() {
    // a relation the optimizer cannot evaluate while planning, as a Kafka source is
    Dataset<Row> kafkaRecords =
        spark.createDataFrame(
            JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(records().collectAsList()),
            TestEvents.KAFKA_ROW);
    Dataset<Row> filtered =
        DECODER
            .projecting(List.of("service_name", "event_duration"))
            .apply(kafkaRecords)
            .where(col("service_name").equalTo("shop").and(not(col(AccessEventDecoder.IS_CONTROL))));

    String plan = filtered.queryExecution().executedPlan().toString();

    assertThat(plan.split("from_avro\\(", -1)).as(plan).hasSize(2);
    assertThat(filtered.select("service_name", "event_duration").collectAsList())
        .extracting(Row::toString)
        .containsExactly("[shop,42000000]");
  }

  @Test
  void bodiesAreDecodedAsFarAsTheFieldsReadAndABrokenTailIsCountedAndReported() {
    AccessEventDecoder readingTwoFields =
        new AccessEventDecoder(
            Map.of(TestEvents.SCHEMA_ID, TestEvents.SCHEMA_JSON),
            TestEvents.SCHEMA_JSON,
            List.of("service_name", "user_name"));
    byte[] good = (byte[]) TestEvents.event("shop", "192.0.2.1", "2026-01-15T12:00:10Z", 200, "ua").get(0);
    // the last field, tags, is an array: without its final block count the body ends too early
    byte[] brokenTail = Arrays.copyOf(good, good.length - 1);
    // cut inside service_name, the second field
    byte[] brokenHead = Arrays.copyOf(good, 5 + 8);
    Dataset<Row> records =
        spark.createDataFrame(
            List.of(
                RowFactory.create(brokenTail, new Row[0], "events", 0, 1L),
                RowFactory.create(brokenHead, new Row[0], "events", 0, 2L)),
            TestEvents.KAFKA_ROW
                .add("topic", DataTypes.StringType)
                .add("partition", DataTypes.IntegerType)
                .add("offset", DataTypes.LongType));

    assertThat(readingTwoFields.projecting(List.of("service_name")).apply(records).collectAsList())
        .extracting(row -> row.getAs("service_name"))
        .containsExactly("shop");
    assertThat(DECODER.apply(records).collectAsList()).isEmpty();
    assertThat(readingTwoFields.undecodable(records).collectAsList())
        .extracting(row -> row.getLong(row.fieldIndex("offset")) + " " + row.getAs("reason"))
        .containsExactly(
            "1 " + AccessEventDecoder.MALFORMED_AVRO_TAIL, "2 " + AccessEventDecoder.MALFORMED_AVRO);
    assertThatThrownBy(() -> readingTwoFields.projecting(List.of("source_ip")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("source_ip")
        .hasMessageContaining("AnalyticsJob.FIELDS_READ");
  }

  @Test
  void recordsWithoutHeadersAreEventsAndOnlyAControlRecordTakesItsTimeFromTheWatermarkHeader() {
    byte[] good = (byte[]) TestEvents.event("shop", "192.0.2.1", "2026-01-15T12:00:10Z", 200, "ua").get(0);
    Row[] controlHeaders = (Row[]) TestEvents.watermarkControl("2026-01-15T12:05:00Z").get(1);
    Row[] controlOnly = {controlHeaders[0]};
    Row[] watermarkOnly = {controlHeaders[1]};
    Dataset<Row> records =
        spark.createDataFrame(
            List.of(
                RowFactory.create(good, null),
                RowFactory.create(null, controlOnly),
                RowFactory.create(new byte[] {0, 0, 0, 0, 99, 1}, watermarkOnly)),
            TestEvents.KAFKA_ROW);

    assertThat(
            DECODER.apply(records)
                .select(
                    col("service_name"),
                    col(AccessEventDecoder.IS_CONTROL),
                    date_format(col(AccessEventDecoder.EVENT_TIME), "HH:mm:ss"))
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly("[shop,false,12:00:10]");
  }

  @Test
  void theJobsDecoderReadsTheSameValuesAsAWholeBodyDecode() {
    AccessEventDecoder job =
        AnalyticsJob.decoder(Map.of(TestEvents.SCHEMA_ID, TestEvents.SCHEMA_JSON), TestEvents.SCHEMA_JSON);
    for (List<String> fields :
        List.of(
            ServiceWindowMetrics.INPUT_FIELDS,
            ClientWindowMetrics.INPUT_FIELDS,
            DetectionOperator.INPUT_FIELDS)) {
      String[] columns = job.projecting(fields).apply(records()).columns();
      assertThat(job.projecting(fields).apply(records()).collectAsList())
          .as("%s", fields)
          .containsExactlyElementsOf(DECODER.apply(records()).selectExpr(columns).collectAsList());
    }
  }

  @Test
  void anUnknownFieldIsRefusedByName() {
    assertThatThrownBy(() -> DECODER.projecting(List.of("service_name", "http_status")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http_status");
  }

  @Test
  void undecodableRecordsAreLeftOutOfTheEventsAndReportedWithTheirReason() {
    byte[] good = (byte[]) TestEvents.event("shop", "192.0.2.1", "2026-01-15T12:00:10Z", 200, "ua").get(0);
    byte[] unknownId = good.clone();
    unknownId[4] = 99; // schema id 99
    byte[] truncated = Arrays.copyOf(good, 12);
    byte[] notWireFormat = "GET / HTTP/1.1".getBytes(StandardCharsets.UTF_8);
    StructType withPosition =
        TestEvents.KAFKA_ROW
            .add("topic", DataTypes.StringType)
            .add("partition", DataTypes.IntegerType)
            .add("offset", DataTypes.LongType);
    Dataset<Row> records =
        spark.createDataFrame(
            List.of(
                RowFactory.create(good, new Row[0], "events", 0, 10L),
                RowFactory.create(unknownId, new Row[0], "events", 0, 11L),
                RowFactory.create(truncated, new Row[0], "events", 1, 12L),
                RowFactory.create(notWireFormat, new Row[0], "events", 1, 13L),
                RowFactory.create(new byte[] {0, 0}, new Row[0], "events", 1, 14L),
                RowFactory.create(null, (Row[]) TestEvents.watermarkControl("2026-01-15T12:05:00Z").get(1), "events", 0, 15L)),
            withPosition);

    assertThat(
            DECODER.apply(records)
                .select(
                    col("service_name"),
                    col(AccessEventDecoder.EVENTS_TOPIC_OFFSET),
                    col(AccessEventDecoder.IS_CONTROL),
                    date_format(col(AccessEventDecoder.EVENT_TIME), "HH:mm:ss"))
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly("[shop,0:10,false,12:00:10]", "[null,0:15,true,12:05:00]");
    List<Row> undecodable =
        DECODER.undecodable(records).select("offset", "schema_id", "reason", "message").collectAsList();
    assertThat(undecodable).extracting(row -> row.getLong(0)).containsExactly(11L, 12L, 13L, 14L);
    assertThat(undecodable)
        .extracting(row -> row.getString(2))
        .containsExactly(
            AccessEventDecoder.UNKNOWN_SCHEMA_ID,
            AccessEventDecoder.MALFORMED_AVRO,
            AccessEventDecoder.BAD_MAGIC_BYTE,
            AccessEventDecoder.BAD_MAGIC_BYTE);
    assertThat(undecodable.get(0).getLong(1)).isEqualTo(99L);
    assertThat(undecodable.get(0).getString(3)).contains("schema id 99", "restart");
    assertThat(undecodable.get(3).isNullAt(1)).isTrue();
  }
}
