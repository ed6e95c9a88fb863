package io.logpulse.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpulse.analytics.transform.AccessEventDecoder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
  void anUnknownFieldIsRefusedByName() {
    assertThatThrownBy(() -> DECODER.projecting(List.of("service_name", "http_status")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http_status");
  }
}
