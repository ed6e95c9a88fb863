package io.logpulse.analytics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.struct;

import io.logpulse.analytics.config.AnalyticsConfig;
import io.logpulse.analytics.detect.ClientBurstDetector;
import io.logpulse.analytics.detect.ErrorRateSpikeDetector;
import io.logpulse.analytics.transform.JsonColumns;
import io.logpulse.analytics.io.KafkaEventsReader;
import io.logpulse.analytics.io.KafkaRecordWriter;
import io.logpulse.analytics.transform.AccessEventDecoder;
import io.logpulse.analytics.transform.ServiceWindowMetrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * The spark-analytics plan: Reader → Transformers → Writers, two streaming queries with stable
 * names.
 *
 * <ul>
 *   <li>{@value #SERVICE_WINDOW_QUERY}: {@link ServiceWindowMetrics} to the metrics topic, and the
 *       same rows through {@link ErrorRateSpikeDetector} to the alerts topic.
 *   <li>{@value #CLIENT_BURST_QUERY}: {@link ClientBurstDetector} to the alerts topic.
 * </ul>
 *
 * Both read the events topic, decode it, set the event-time watermark, then drop control records.
 */
public final class AnalyticsJob {

  public static final String SERVICE_WINDOW_QUERY = "service-window-metrics";
  public static final String CLIENT_BURST_QUERY = "client-burst-alerts";

  /**
   * {@code NOT is_control}, as a non-deterministic function on purpose: Spark's optimizer pushes
   * deterministic filters that do not reference the event-time column below the watermark node
   * (and simplifies {@code OR event_time IS NULL} away), so a plain {@code NOT is_control} would
   * drop control records before they could advance the watermark.
   */
  private static final UserDefinedFunction IS_EVENT =
      udf((UDF1<Boolean, Boolean>) control -> control == null || !control, DataTypes.BooleanType)
          .asNondeterministic()
          .withName("is_event");

  private AnalyticsJob() {}

  /**
   * The event stream every transformer starts from: decoded, watermarked, control records removed.
   *
   * @param kafkaRecords Kafka source rows (value, headers)
   */
  public static Dataset<Row> events(
      Dataset<Row> kafkaRecords, AccessEventDecoder decoder, AnalyticsConfig config) {
    return decoder
        .apply(kafkaRecords)
        .withWatermark(
            AccessEventDecoder.EVENT_TIME, config.watermarkDelay().toMillis() + " milliseconds")
        .where(IS_EVENT.apply(col(AccessEventDecoder.IS_CONTROL)));
  }

  /**
   * Window metrics as Kafka records: key {@code <service>/<window start>}, value the metrics JSON
   * (shape: {@code schemas/src/main/resources/json-schema/window-metrics.schema.json}).
   */
  public static Dataset<Row> metricsRecords(Dataset<Row> serviceWindowMetrics) {
    return serviceWindowMetrics.select(
        concat(
                col("service_name"),
                lit("/"),
                date_format(col("window.start"), "yyyy-MM-dd'T'HH:mm:ss'Z'"))
            .as("key"),
        JsonColumns.toJson(
                struct(
                    col("service_name"),
                    struct(col("window.start").as("start"), col("window.end").as("end"))
                        .as("window"),
                    col("request_count"),
                    col("status_ge_400_count"),
                    col("status_ge_500_count"),
                    col("status_ge_400_rate"),
                    col("status_ge_500_rate"),
                    col("http_response_body_bytes_sum"),
                    col("latency_sample_count"),
                    col("latency_avg_ms"),
                    col("latency_max_ms")))
            .as("value"));
  }

  /**
   * Plans and starts both queries.
   *
   * @param writerSchemasById the events subject's registered schemas (JSON) by id
   * @param readerSchema the AccessEvent schema JSON this job reads with
   * @throws TimeoutException when Spark cannot start a query
   */
  public static List<StreamingQuery> start(
      SparkSession spark,
      AnalyticsConfig config,
      Map<Integer, String> writerSchemasById,
      String readerSchema)
      throws TimeoutException {
    AccessEventDecoder decoder = new AccessEventDecoder(writerSchemasById, readerSchema);
    KafkaRecordWriter writer = new KafkaRecordWriter(config);

    Dataset<Row> serviceEvents = events(KafkaEventsReader.read(spark, config), decoder, config);
    Dataset<Row> metrics = new ServiceWindowMetrics(config.windowDuration()).apply(serviceEvents);
    ErrorRateSpikeDetector errorRateSpike =
        new ErrorRateSpikeDetector(config.errorSpikeMinRequests(), config.errorSpikeMinRate());
    String metricsTopic = config.metricsTopic();
    String alertsTopic = config.alertsTopic();
    StreamingQuery serviceWindows =
        writer.startForEachBatch(
            metrics,
            SERVICE_WINDOW_QUERY,
            (batch, batchId) -> {
              batch.persist();
              try {
                writer.writeBatch(metricsRecords(batch), metricsTopic);
                writer.writeBatch(errorRateSpike.apply(batch), alertsTopic);
              } finally {
                batch.unpersist();
              }
            });

    Dataset<Row> clientEvents = events(KafkaEventsReader.read(spark, config), decoder, config);
    ClientBurstDetector burst =
        new ClientBurstDetector(
            config.windowDuration(), config.burstMinRequests(), config.burstMaxUserAgentRatio());
    StreamingQuery clientBursts =
        writer.startStream(burst.apply(clientEvents), CLIENT_BURST_QUERY, alertsTopic);
    return List.of(serviceWindows, clientBursts);
  }
}
