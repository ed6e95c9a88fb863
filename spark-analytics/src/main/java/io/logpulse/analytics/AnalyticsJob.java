package io.logpulse.analytics;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.logpulse.analytics.config.AnalyticsConfig;
import io.logpulse.analytics.detect.DetectionEngine;
import io.logpulse.analytics.detect.DetectorOutput;
import io.logpulse.analytics.detect.PopulationJudge;
import io.logpulse.analytics.io.KafkaEventsReader;
import io.logpulse.analytics.io.KafkaRecordWriter;
import io.logpulse.analytics.stateful.DetectionOperator;
import io.logpulse.analytics.transform.AccessEventDecoder;
import io.logpulse.analytics.transform.ClientWindowMetrics;
import io.logpulse.analytics.transform.SystemHealth;
import io.logpulse.analytics.transform.JsonColumns;
import io.logpulse.analytics.transform.ServiceWindowMetrics;
import io.logpulse.schemas.LogpulseHeaders;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;

/**
 * The spark-analytics plan: Reader → Transformers → Writers, four streaming queries with stable
 * names.
 *
 * <ul>
 *   <li>{@value #SERVICE_WINDOW_QUERY}: {@link ServiceWindowMetrics} to the metrics topic, and per
 *       micro-batch {@link SystemHealth} of the same windows to the system-health topic.
 *   <li>{@value #CLIENT_WINDOW_QUERY}: {@link ClientWindowMetrics} to the client-metrics topic.
 *   <li>{@value #DETECTION_QUERY}: every detector ({@link DetectionEngine} run by {@link
 *       DetectionOperator}) to the alerts topic, and events behind the watermark to the late-events
 *       topic.
 *   <li>{@value #DEAD_LETTER_QUERY}: events-topic records that cannot be decoded ({@link
 *       AccessEventDecoder#undecodable}) to the dead-letter topic; the other queries skip them, except
 *       bodies broken only after the fields the queries read ({@value
 *       AccessEventDecoder#MALFORMED_AVRO_TAIL}), which every query decodes like any other.
 * </ul>
 *
 * Each reads the events topic and decodes it; the first three set the event-time watermark, then
 * drop control records.
 */
public final class AnalyticsJob {

  public static final String SERVICE_WINDOW_QUERY = AnalyticsConfig.SERVICE_WINDOW_QUERY;
  public static final String DETECTION_QUERY = AnalyticsConfig.DETECTION_QUERY;
  public static final String CLIENT_WINDOW_QUERY = AnalyticsConfig.CLIENT_WINDOW_QUERY;
  public static final String DEAD_LETTER_QUERY = AnalyticsConfig.DEAD_LETTER_QUERY;
  /** {@code logpulse.errors.stage} of the records {@value #DEAD_LETTER_QUERY} writes. */
  public static final String DECODE_STAGE = "DECODE";
  /**
   * Every AccessEvent field some query reads, besides {@code timestamp}: the union of the queries'
   * {@code INPUT_FIELDS}. A new query's fields must be added in {@code fieldsRead()}, or {@link
   * AccessEventDecoder#projecting} refuses them.
   */
  public static final Set<String> FIELDS_READ = fieldsRead();
  private static final String SCHEDULER_POOL = "spark.scheduler.pool";
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
                    col("status_4xx_count"),
                    col("status_ge_500_count"),
                    col("status_ge_400_count"),
                    col("status_4xx_rate"),
                    col("status_ge_500_rate"),
                    col("status_ge_400_rate"),
                    col("http_response_body_bytes_sum"),
                    col("latency_sample_count"),
                    col("latency_avg_ms"),
                    col("latency_min_ms"),
                    col("latency_max_ms"),
                    col("latency_stddev_ms"),
                    col("latency_p50_ms"),
                    col("latency_p95_ms"),
                    col("latency_p99_ms"),
                    col("sla_availability"),
                    col("sla_performance"),
                    col("distinct_clients"),
                    col("distinct_users")))
            .as("value"));
  }

  /**
   * System health as Kafka records: key the window start, value the JSON of {@code
   * schemas/src/main/resources/json-schema/system-health.schema.json}.
   */
  public static Dataset<Row> systemHealthRecords(Dataset<Row> systemHealth) {
    return systemHealth.select(
        date_format(col("window.start"), "yyyy-MM-dd'T'HH:mm:ss'Z'").as("key"),
        JsonColumns.toJson(
                struct(
                    struct(col("window.start").as("start"), col("window.end").as("end"))
                        .as("window"),
                    col("request_count"),
                    col("status_ge_500_rate"),
                    col("status_ge_400_rate"),
                    col("active_services"),
                    col("active_clients"),
                    col("active_users"),
                    col("sla_availability"),
                    col("sla_performance"),
                    col("health_score"),
                    col("health_band")))
            .as("value"));
  }

  /**
   * Client and user window metrics as Kafka records: key {@code <entity type>=<entity
   * value>/<window start>}, value the JSON of {@code client-metrics.schema.json}.
   */
  public static Dataset<Row> clientMetricsRecords(Dataset<Row> clientWindowMetrics) {
    return clientWindowMetrics.select(
        concat(
                col("entity_type"),
                lit("="),
                col("entity_value"),
                lit("/"),
                date_format(col("window.start"), "yyyy-MM-dd'T'HH:mm:ss'Z'"))
            .as("key"),
        JsonColumns.toJson(
                struct(
                    struct(col("entity_type").as("type"), col("entity_value").as("value"))
                        .as("entity"),
                    struct(col("window.start").as("start"), col("window.end").as("end"))
                        .as("window"),
                    col("request_count"),
                    col("status_4xx_count"),
                    col("status_ge_500_count"),
                    col("distinct_users"),
                    col("distinct_user_agents"),
                    col("distinct_url_templates"),
                    col("distinct_services"),
                    col("services")))
            .as("value"));
  }

  /**
   * The decoder of the job's queries: it decodes each body as far as the last field some query
   * reads ({@link #FIELDS_READ}), the same for every query.
   *
   * @param writerSchemasById the events subject's registered schemas (JSON) by id; not empty
   * @param readerSchema the AccessEvent schema JSON this job reads with
   * @return the decoder
   * @throws IllegalArgumentException when no writer schema is given, or the reader schema lacks a
   *     field of {@link #FIELDS_READ}
   */
  public static AccessEventDecoder decoder(
      Map<Integer, String> writerSchemasById, String readerSchema) {
    return new AccessEventDecoder(writerSchemasById, readerSchema, FIELDS_READ);
  }

  /**
   * Plans and starts the queries {@code queries} names (all four by default): the window metrics
   * and dead-letter queries every {@code trigger.interval.ms}, the detectors every {@code
   * detector.trigger.interval.ms}. Each query runs its jobs in its own FAIR scheduler pool named
   * after it ({@code fairscheduler.xml} on the classpath gives {@value #DETECTION_QUERY} the first
   * free task slot), so an alert does not wait behind the window queries' tasks.
   *
   * @param writerSchemasById the events subject's registered schemas (JSON) by id
   * @param readerSchema the AccessEvent schema JSON this job reads with
   * @return the started queries, in {@link AnalyticsConfig#QUERY_NAMES} order
   * @throws TimeoutException when Spark cannot start a query
   */
  public static List<StreamingQuery> start(
      SparkSession spark,
      AnalyticsConfig config,
      Map<Integer, String> writerSchemasById,
      String readerSchema)
      throws TimeoutException {
    AccessEventDecoder decoder = decoder(writerSchemasById, readerSchema);
    KafkaRecordWriter writer = new KafkaRecordWriter(config);
    Trigger windows = Trigger.ProcessingTime(config.triggerInterval().toMillis());
    Trigger detection = Trigger.ProcessingTime(config.detectorTriggerInterval().toMillis());
    List<StreamingQuery> started = new ArrayList<>();
    for (String query : config.queries()) {
      started.add(
          inPool(
              spark,
              query,
              () ->
                  switch (query) {
                    case SERVICE_WINDOW_QUERY ->
                        startServiceWindows(spark, config, decoder, writer, windows);
                    case CLIENT_WINDOW_QUERY ->
                        startClientWindows(spark, config, decoder, writer, windows);
                    case DETECTION_QUERY -> startDetection(spark, config, decoder, writer, detection);
                    case DEAD_LETTER_QUERY ->
                        startDeadLetters(spark, config, decoder, writer, windows);
                    default -> throw new IllegalArgumentException("unknown query " + query);
                  }));
    }
    return started;
  }

  /**
   * Starts {@value #DEAD_LETTER_QUERY}: every events-topic record that cannot be decoded, with its
   * bytes as read, to the dead-letter topic, with the headers of ingest-streams' dead letters
   * ({@code logpulse.errors.topic/partition/offset/stage/reason/message}).
   *
   * @throws TimeoutException when Spark cannot start the query
   */
  public static StreamingQuery startDeadLetters(
      SparkSession spark,
      AnalyticsConfig config,
      AccessEventDecoder decoder,
      KafkaRecordWriter writer,
      Trigger trigger)
      throws TimeoutException {
    // Every field some query reads: a body whose failure shows only when one of them is decoded is
    // found here too, so no record is left out of a query without being reported. (For the job's
    // decoder the projection reads what it already reads; a decoder of a test may read more.)
    return writer.startStream(
        deadLetterRecords(
            decoder.projecting(FIELDS_READ).undecodable(KafkaEventsReader.read(spark, config))),
        DEAD_LETTER_QUERY,
        config.deadLetterTopic(),
        trigger);
  }

  private static Set<String> fieldsRead() {
    Set<String> read = new TreeSet<>(ServiceWindowMetrics.INPUT_FIELDS);
    read.addAll(ClientWindowMetrics.INPUT_FIELDS);
    read.addAll(DetectionOperator.INPUT_FIELDS);
    return Collections.unmodifiableSet(read);
  }

  /** {@link AccessEventDecoder#undecodable} rows as dead-letter Kafka records. */
  public static Dataset<Row> deadLetterRecords(Dataset<Row> undecodable) {
    return undecodable.select(
        col("value"),
        array(
                header(LogpulseHeaders.ERRORS_TOPIC, col("topic")),
                header(LogpulseHeaders.ERRORS_PARTITION, col("partition").cast("string")),
                header(LogpulseHeaders.ERRORS_OFFSET, col("offset").cast("string")),
                header(LogpulseHeaders.ERRORS_STAGE, lit(DECODE_STAGE)),
                header(LogpulseHeaders.ERRORS_REASON, col("reason")),
                header(LogpulseHeaders.ERRORS_MESSAGE, col("message")))
            .as("headers"));
  }

  private static Column header(String key, Column text) {
    return struct(lit(key).as("key"), text.cast("binary").as("value"));
  }

  /** A query start that Spark may refuse. */
  @FunctionalInterface
  private interface QueryStart {
    StreamingQuery start() throws TimeoutException;
  }

  /**
   * Starts a query with {@code spark.scheduler.pool} set to {@code pool}: the query's execution
   * thread inherits the local property, so all its jobs run in that pool.
   */
  private static StreamingQuery inPool(SparkSession spark, String pool, QueryStart start)
      throws TimeoutException {
    spark.sparkContext().setLocalProperty(SCHEDULER_POOL, pool);
    try {
      return start.start();
    } finally {
      spark.sparkContext().setLocalProperty(SCHEDULER_POOL, null);
    }
  }

  /**
   * Starts {@value #SERVICE_WINDOW_QUERY}: service window metrics to the metrics topic and, per
   * micro-batch, system health to the system-health topic.
   *
   * @throws TimeoutException when Spark cannot start the query
   */
  public static StreamingQuery startServiceWindows(
      SparkSession spark,
      AnalyticsConfig config,
      AccessEventDecoder decoder,
      KafkaRecordWriter writer,
      Trigger trigger)
      throws TimeoutException {
    Dataset<Row> serviceEvents =
        events(
            KafkaEventsReader.read(spark, config),
            decoder.projecting(ServiceWindowMetrics.INPUT_FIELDS),
            config);
    Dataset<Row> metrics =
        new ServiceWindowMetrics(
                config.windowDuration(), config.windowSlide(), config.latencyObjectiveMillis())
            .apply(serviceEvents);
    String metricsTopic = config.metricsTopic();
    String systemHealthTopic = config.systemHealthTopic();
    return writer.startForEachBatch(
        metrics,
        SERVICE_WINDOW_QUERY,
        trigger,
        (batch, batchId) -> {
          batch.persist();
          try {
            writer.writeBatch(metricsRecords(batch), metricsTopic);
            writer.writeBatch(systemHealthRecords(SystemHealth.apply(batch)), systemHealthTopic);
          } finally {
            batch.unpersist();
          }
        });
  }

  /**
   * Starts {@value #CLIENT_WINDOW_QUERY}: per client IP and per user window metrics to the
   * client-metrics topic.
   *
   * @throws TimeoutException when Spark cannot start the query
   */
  public static StreamingQuery startClientWindows(
      SparkSession spark,
      AnalyticsConfig config,
      AccessEventDecoder decoder,
      KafkaRecordWriter writer,
      Trigger trigger)
      throws TimeoutException {
    Dataset<Row> clientEvents =
        events(
            KafkaEventsReader.read(spark, config),
            decoder.projecting(ClientWindowMetrics.INPUT_FIELDS),
            config);
    return writer.startStream(
        clientMetricsRecords(
            new ClientWindowMetrics(config.clientWindowDuration()).apply(clientEvents)),
        CLIENT_WINDOW_QUERY,
        config.clientMetricsTopic(),
        trigger);
  }

  /**
   * Starts {@value #DETECTION_QUERY}: every detector to the alerts topic, and events behind the
   * watermark to the late-events topic.
   *
   * @throws TimeoutException when Spark cannot start the query
   */
  public static StreamingQuery startDetection(
      SparkSession spark,
      AnalyticsConfig config,
      AccessEventDecoder decoder,
      KafkaRecordWriter writer,
      Trigger trigger)
      throws TimeoutException {
    Dataset<Row> detectionEvents =
        events(
            KafkaEventsReader.read(spark, config),
            decoder.projecting(DetectionOperator.INPUT_FIELDS),
            config);
    Dataset<DetectorOutput> outputs =
        DetectionOperator.apply(
            detectionEvents,
            new DetectionEngine(config.detectorSettings()),
            new PopulationJudge(config.detectorSettings()),
            config.idleCheckInterval());
    return writer.startStreamToTopics(
        detectorRecords(outputs, config.alertsTopic(), config.lateEventsTopic()),
        DETECTION_QUERY,
        trigger);
  }

  /**
   * Detector outputs as Kafka records with a {@code topic} column: alerts to {@code alertsTopic},
   * late events to {@code lateEventsTopic}.
   */
  public static Dataset<Row> detectorRecords(
      Dataset<DetectorOutput> outputs, String alertsTopic, String lateEventsTopic) {
    return outputs.select(
        when(col("kind").equalTo(DetectorOutput.ALERT), lit(alertsTopic))
            .otherwise(lit(lateEventsTopic))
            .as("topic"),
        col("key"),
        col("value"));
  }
}
