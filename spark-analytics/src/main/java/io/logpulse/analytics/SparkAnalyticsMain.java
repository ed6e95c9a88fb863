package io.logpulse.analytics;

import io.logpulse.analytics.config.AnalyticsConfig;
import io.logpulse.analytics.io.ProgressPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the spark-analytics job: {@code SparkAnalyticsMain CONFIG.properties}. Runs until
 * SIGTERM/SIGINT (the JVM then exits with the signal's status) or until a query fails. Exit codes
 * otherwise: 0 when every query stopped by itself, 1 when a query failed or could not start, 2 for
 * a bad command line or configuration.
 */
public final class SparkAnalyticsMain {

  private static final Logger LOG = LoggerFactory.getLogger(SparkAnalyticsMain.class);

  /** Classpath resource of the AccessEvent schema this job reads with (from module schemas). */
  static final String READER_SCHEMA_RESOURCE = "/avro/AccessEvent.avsc";

  private SparkAnalyticsMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: SparkAnalyticsMain CONFIG.properties");
      System.exit(2);
    }
    AnalyticsConfig config;
    try {
      config = AnalyticsConfig.fromFile(Path.of(args[0]));
    } catch (ConfigException e) {
      System.err.println("invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(run(config));
  }

  private static int run(AnalyticsConfig config) throws TimeoutException, IOException {
    String readerSchema = readerSchema();
    Map<Integer, String> writerSchemas = WriterSchemas.await(config);
    LOG.info("decoding {} with writer schema ids {}", config.eventsTopic(), writerSchemas.keySet());

    SparkSession.Builder builder =
        SparkSession.builder()
            .appName("logpulse-spark-analytics")
            // The queries run in the pools of fairscheduler.xml (see AnalyticsJob.start).
            .config("spark.scheduler.mode", "FAIR");
    config.sparkSettings().forEach(builder::config);
    builder.config("spark.sql.session.timeZone", "UTC");
    SparkSession spark = builder.getOrCreate();

    ProgressPublisher progress = null;
    if (!config.progressTopic().isEmpty()) {
      progress = new ProgressPublisher(config.bootstrapServers(), config.progressTopic());
      spark.streams().addListener(progress);
    }
    int exitCode = 0;
    try {
      AnalyticsJob.start(spark, config, writerSchemas, readerSchema);
      spark.streams().awaitAnyTermination();
    } catch (StreamingQueryException e) {
      LOG.error("streaming query failed", e);
      exitCode = 1;
    } catch (TimeoutException | RuntimeException e) {
      LOG.error("could not start the streaming queries", e);
      exitCode = 1;
    } finally {
      if (progress != null) {
        progress.close();
      }
      if (exitCode != 0) {
        spark.stop();
      }
    }
    return exitCode;
  }

  /** @return the AccessEvent schema JSON this job reads with, from the classpath */
  public static String readerSchema() throws IOException {
    try (InputStream in = SparkAnalyticsMain.class.getResourceAsStream(READER_SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IOException("resource " + READER_SCHEMA_RESOURCE + " missing from classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
