package io.logpulse.analytics.io;

import io.logpulse.analytics.config.AnalyticsConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the events topic as a stream of Kafka records (Spark's Kafka source columns, headers
 * included), committed records only ({@code isolation.level=read_committed}): ingest-streams writes
 * with exactly-once transactions, and aborted records must not count.
 */
public final class KafkaEventsReader {

  private KafkaEventsReader() {}

  /** @return the streaming Kafka source: key, value, topic, partition, offset, timestamp, headers */
  public static Dataset<Row> read(SparkSession spark, AnalyticsConfig config) {
    return spark
        .readStream()
        .format("kafka")
        .option("kafka.bootstrap.servers", config.bootstrapServers())
        .option("kafka.isolation.level", "read_committed")
        .option("subscribe", config.eventsTopic())
        .option("startingOffsets", config.startingOffsets())
        .option("includeHeaders", "true")
        .load();
  }
}
