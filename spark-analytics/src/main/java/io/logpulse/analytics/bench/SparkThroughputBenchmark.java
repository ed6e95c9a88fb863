package io.logpulse.analytics.bench;

import static org.apache.spark.sql.functions.col;

import io.logpulse.analytics.AnalyticsJob;
import io.logpulse.analytics.SparkAnalyticsMain;
import io.logpulse.analytics.WriterSchemas;
import io.logpulse.analytics.config.AnalyticsConfig;
import io.logpulse.analytics.io.KafkaEventsReader;
import io.logpulse.analytics.io.KafkaRecordWriter;
import io.logpulse.analytics.transform.AccessEventDecoder;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The Spark job alone on a prepared events topic: each workload reads the whole topic once with
 * {@link Trigger#AvailableNow()} and stops, and the JVM's CPU time over the run gives records per
 * CPU-second.
 *
 * <p>Workloads, in this order each round: {@code passthrough} (the Kafka source to the Kafka sink,
 * key, value and headers, nothing else: the floor any query pays), then the job's own queries as
 * {@link AnalyticsJob} plans them: {@code service_windows} ({@value
 * AnalyticsJob#SERVICE_WINDOW_QUERY}), {@code client_windows} ({@value
 * AnalyticsJob#CLIENT_WINDOW_QUERY}, per client IP and per user) and {@code detectors} ({@value
 * AnalyticsJob#DETECTION_QUERY}). Every run has a new checkpoint, so it starts from the earliest
 * offset with empty state. Round 0 warms the JIT and is reported as such.
 *
 * <p>Usage: {@code SparkThroughputBenchmark CONFIG.properties ROUNDS PASSTHROUGH_TOPIC}. Prints one
 * line per run, {@value #RESULT_PREFIX} followed by a JSON object: {@code round}, {@code workload},
 * {@code records} (Kafka records read), {@code cpu_seconds} (this JVM, all threads, GC included),
 * {@code wall_seconds}, {@code batches} (micro-batches run).
 */
public final class SparkThroughputBenchmark {

  /** Prefix of the result lines on standard output. */
  public static final String RESULT_PREFIX = "bench-result ";

  private static final String[] WORKLOADS = {
    "passthrough", "service_windows", "client_windows", "detectors"
  };

  private SparkThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: SparkThroughputBenchmark CONFIG.properties ROUNDS PASSTHROUGH_TOPIC");
      System.exit(2);
    }
    AnalyticsConfig config = AnalyticsConfig.fromFile(Path.of(args[0]));
    int rounds = Integer.parseInt(args[1]);
    String passthroughTopic = args[2];
    AccessEventDecoder decoder =
        AnalyticsJob.decoder(WriterSchemas.await(config), SparkAnalyticsMain.readerSchema());
    SparkSession.Builder builder = SparkSession.builder().appName("logpulse-spark-benchmark");
    config.sparkSettings().forEach(builder::config);
    builder.config("spark.sql.session.timeZone", "UTC");
    SparkSession spark = builder.getOrCreate();
    try {
      for (int round = 0; round <= rounds; round++) {
        for (String workload : WORKLOADS) {
          AnalyticsConfig runConfig = withCheckpoint(config, round, workload);
          System.gc();
          long cpuBefore = processCpuNanos();
          long wallBefore = System.nanoTime();
          StreamingQuery query = start(spark, workload, runConfig, decoder, passthroughTopic);
          query.awaitTermination();
          long wallNanos = System.nanoTime() - wallBefore;
          long cpuNanos = processCpuNanos() - cpuBefore;
          long records = 0;
          StreamingQueryProgress[] progresses = query.recentProgress();
          for (StreamingQueryProgress progress : progresses) {
            records += progress.numInputRows();
          }
          System.out.printf(
              Locale.ROOT,
              "%s{\"round\":%d,\"workload\":\"%s\",\"records\":%d,\"cpu_seconds\":%.3f,"
                  + "\"wall_seconds\":%.3f,\"batches\":%d}%n",
              RESULT_PREFIX,
              round,
              workload,
              records,
              cpuNanos / 1e9,
              wallNanos / 1e9,
              progresses.length);
          System.out.flush();
        }
      }
    } finally {
      spark.stop();
    }
  }

  private static StreamingQuery start(
      SparkSession spark,
      String workload,
      AnalyticsConfig config,
      AccessEventDecoder decoder,
      String passthroughTopic)
      throws TimeoutException {
    KafkaRecordWriter writer = new KafkaRecordWriter(config);
    return switch (workload) {
      case "passthrough" ->
          KafkaEventsReader.read(spark, config)
              .select(col("key"), col("value"), col("headers"))
              .writeStream()
              .queryName("passthrough")
              .trigger(Trigger.AvailableNow())
              .option("checkpointLocation", config.checkpointLocation() + "/passthrough")
              .format("kafka")
              .option("kafka.bootstrap.servers", config.bootstrapServers())
              .option("topic", passthroughTopic)
              .start();
      case "service_windows" -> AnalyticsJob.startServiceWindows(spark, config, decoder, writer, Trigger.AvailableNow());
      case "client_windows" -> AnalyticsJob.startClientWindows(spark, config, decoder, writer, Trigger.AvailableNow());
      case "detectors" -> AnalyticsJob.startDetection(spark, config, decoder, writer, Trigger.AvailableNow());
      default -> throw new IllegalArgumentException("unknown workload " + workload);
    };
  }

  private static AnalyticsConfig withCheckpoint(AnalyticsConfig config, int round, String workload) {
    Map<String, Object> settings = new HashMap<>(config.originals());
    String root = config.checkpointLocation();
    settings.put(
        AnalyticsConfig.CHECKPOINT_LOCATION,
        (root.endsWith("/") ? root : root + "/") + "round-" + round + "/" + workload);
    return new AnalyticsConfig(settings);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
