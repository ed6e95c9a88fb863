package io.logpulse.analytics.io;

import io.logpulse.analytics.config.AnalyticsConfig;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Writes {@code key}/{@code value} string rows to Kafka topics, streaming or per micro-batch.
 * Spark's Kafka sink is at-least-once: a retried batch can write a record twice, which is why every
 * record logpulse writes has a deterministic key.
 */
public final class KafkaRecordWriter {

  private final AnalyticsConfig config;

  public KafkaRecordWriter(AnalyticsConfig config) {
    this.config = config;
  }

  /**
   * Starts an append-mode streaming query writing {@code records} to {@code topic}.
   *
   * @param queryName stable query name; also the checkpoint sub-directory
   * @param trigger when micro-batches run
   * @throws TimeoutException when Spark cannot start the query
   */
  public StreamingQuery startStream(
      Dataset<Row> records, String queryName, String topic, Trigger trigger)
      throws TimeoutException {
    return kafkaStream(records, queryName, trigger).option("topic", topic).start();
  }

  /**
   * Starts an append-mode streaming query writing {@code records} ({@code topic}, {@code key},
   * {@code value} columns) to the topic each row names.
   *
   * @throws TimeoutException when Spark cannot start the query
   */
  public StreamingQuery startStreamToTopics(
      Dataset<Row> records, String queryName, Trigger trigger) throws TimeoutException {
    return kafkaStream(records, queryName, trigger).start();
  }

  private DataStreamWriter<Row> kafkaStream(
      Dataset<Row> records, String queryName, Trigger trigger) {
    return records
        .writeStream()
        .queryName(queryName)
        .outputMode(OutputMode.Append())
        .trigger(trigger)
        .option("checkpointLocation", checkpoint(queryName))
        .format("kafka")
        .option("kafka.bootstrap.servers", config.bootstrapServers());
  }

  /**
   * Starts an append-mode streaming query that hands each micro-batch to {@code batchWriter}.
   *
   * @throws TimeoutException when Spark cannot start the query
   */
  public StreamingQuery startForEachBatch(
      Dataset<Row> rows,
      String queryName,
      Trigger trigger,
      VoidFunction2<Dataset<Row>, Long> batchWriter)
      throws TimeoutException {
    return rows.writeStream()
        .queryName(queryName)
        .outputMode(OutputMode.Append())
        .trigger(trigger)
        .option("checkpointLocation", checkpoint(queryName))
        .foreachBatch(batchWriter)
        .start();
  }

  /** Writes the rows of a (non-streaming) micro-batch to {@code topic}. */
  public void writeBatch(Dataset<Row> records, String topic) {
    records
        .write()
        .format("kafka")
        .option("kafka.bootstrap.servers", config.bootstrapServers())
        .option("topic", topic)
        .save();
  }

  private String checkpoint(String queryName) {
    String root = config.checkpointLocation();
    return (root.endsWith("/") ? root : root + "/") + queryName;
  }
}
