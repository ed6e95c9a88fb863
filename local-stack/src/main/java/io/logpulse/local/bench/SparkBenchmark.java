package io.logpulse.local.bench;

import io.logpulse.local.kafka.LocalKafkaBroker;
import io.logpulse.local.registry.LocalSchemaRegistry;
import io.logpulse.local.replay.ReplayLine;
import io.logpulse.local.run.ServiceProcess;
import io.logpulse.local.replay.SyntheticTraffic;
import io.logpulse.schemas.AccessEvent;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * {@code logpulse bench-spark}: the Spark job's throughput on a prepared events topic, with a
 * Kafka→Kafka passthrough on the same topic in the same run as the reference.
 *
 * <p>An in-process broker and schema registry run in this JVM; the Spark benchmark runs in its own
 * JVM ({@link SparkThroughput}), so its CPU time is the job's alone. Targets, from the issue: the
 * service windows at ≥ {@value #TARGET_RECORDS_PER_CPU_SECOND} records per CPU-second and ≥ {@value
 * #TARGET_PASSTHROUGH_RATIO} × the passthrough.
 */
public final class SparkBenchmark {

  static final long TARGET_RECORDS_PER_CPU_SECOND = 250_000;
  static final double TARGET_PASSTHROUGH_RATIO = 0.5;

  static final String EVENTS_TOPIC = "bench.access-events";
  static final String PASSTHROUGH_TOPIC = "bench.passthrough";
  private static final List<String> OUTPUT_TOPICS =
      List.of(
          "bench.window-metrics",
          "bench.system-health",
          "bench.client-metrics",
          "bench.alerts",
          "bench.late-events");

  /**
   * @param home the repository root holding the built modules
   * @param corpus access log whose lines make the events; null for the built-in sample
   * @param records records on the prepared topic, &gt; 0
   * @param rounds measured rounds after the warm-up round, ≥ 1
   * @param eventsPerSecond event-time rate of the prepared records
   * @param services distinct service names on the prepared topic
   * @param partitions partitions of the prepared topic (Spark reads one task per partition)
   * @param workDir an empty directory for the broker, checkpoints and logs
   * @param endToEndSeconds length of the end-to-end latency run at half the maximum load; 0 skips
   *     it
   * @param backlogLines lines of the backlog that finds the maximum sustained load
   * @param endToEndSettings spark-analytics settings of the end-to-end run that replace its
   *     defaults, e.g. {@code detector.trigger.interval.ms}
   * @param sparkJvmOptions extra options of the Spark benchmark JVM (a profiler, GC settings)
   * @param endToEndMetricsNiceness -1 to run the end-to-end job in one JVM; else the detectors
   *     query runs in a JVM of its own and the other queries in a second at this nice level
   */
  public record Options(
      Path home,
      Path corpus,
      long records,
      int rounds,
      int eventsPerSecond,
      int services,
      int partitions,
      Path workDir,
      int endToEndSeconds,
      long backlogLines,
      Map<String, String> endToEndSettings,
      List<String> sparkJvmOptions,
      int endToEndMetricsNiceness) {}

  /**
   * What a run measured.
   *
   * @param corpusLines lines read from the corpus
   * @param corpusEvents lines that parsed, cycled to make the topic
   */
  public record Report(
      Options options,
      int corpusLines,
      int corpusEvents,
      List<SparkThroughput.Run> runs,
      Map<String, SparkThroughput.Figure> figures,
      EndToEndLatency.Result endToEnd) {

    /** @return the measured figures against the targets, for people */
    public String summary() {
      StringBuilder text = new StringBuilder();
      text.append(
          String.format(
              Locale.ROOT,
              "prepared topic: %d records (%d of %d corpus lines parse, cycled), %d partitions,"
                  + " %d services, %d events/s of event time; Spark local[2]%n%n",
              options.records(), corpusEvents, corpusLines, options.partitions(),
              options.services(), options.eventsPerSecond()));
      text.append(SparkThroughput.runTable(runs)).append('\n');
      SparkThroughput.Figure passthrough = figures.get("passthrough");
      text.append(
          String.format(
              Locale.ROOT, "%-16s %16s %12s %14s%n",
              "median of rounds", "records/cpu-s", "records/s", "x passthrough"));
      figures.values()
          .forEach(
              figure ->
                  text.append(
                      String.format(
                          Locale.ROOT, "%-16s %16.0f %12.0f %14.2f%n",
                          figure.workload(), figure.recordsPerCpuSecond(),
                          figure.recordsPerSecond(),
                          figure.recordsPerCpuSecond() / passthrough.recordsPerCpuSecond())));
      SparkThroughput.Figure service = figures.get("service_windows");
      double ratio = service.recordsPerCpuSecond() / passthrough.recordsPerCpuSecond();
      text.append('\n')
          .append(
              String.format(
                  Locale.ROOT,
                  "target service_windows >= %d records/cpu-s: %.0f (%s)%n",
                  TARGET_RECORDS_PER_CPU_SECOND, service.recordsPerCpuSecond(),
                  service.recordsPerCpuSecond() >= TARGET_RECORDS_PER_CPU_SECOND ? "met" : "missed"))
          .append(
              String.format(
                  Locale.ROOT,
                  "target service_windows >= %.1f x passthrough: %.2f (%s)%n",
                  TARGET_PASSTHROUGH_RATIO, ratio,
                  ratio >= TARGET_PASSTHROUGH_RATIO ? "met" : "missed"));
      if (endToEnd != null) {
        text.append('\n').append(endToEnd.summary());
      }
      return text.toString();
    }
  }

  private SparkBenchmark() {}

  /**
   * Prepares the topic and runs the Spark benchmark.
   *
   * @throws IllegalStateException when the benchmark JVM fails or counts other than the prepared
   *     records
   */
  public static Report run(Options options, PrintStream console) throws Exception {
    List<byte[]> lines = new ArrayList<>();
    if (options.corpus() == null) {
      for (ReplayLine line : SyntheticTraffic.lines(42)) {
        lines.add(line.bytes());
      }
    } else {
      lines.addAll(PreparedEvents.readLines(options.corpus()));
    }
    console.printf("bench-spark: parsing %d corpus lines with the ingest pipeline%n", lines.size());
    List<AccessEvent> events = PreparedEvents.parse(lines);

    Files.createDirectories(options.workDir());
    Report report;
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(options.workDir().resolve("kafka"), 0);
        LocalSchemaRegistry registry = LocalSchemaRegistry.start(0)) {
      String bootstrap = broker.bootstrapServers();
      createTopics(bootstrap, options.partitions());
      long started = System.nanoTime();
      PreparedEvents.write(
          bootstrap, registry.url(), EVENTS_TOPIC, events, options.records(),
          options.eventsPerSecond(), options.services());
      console.printf(
          "bench-spark: wrote %d events to %s in %.1f s; running Spark (%d measured rounds after"
              + " a warm-up; log %s)%n",
          options.records(), EVENTS_TOPIC, (System.nanoTime() - started) / 1e9, options.rounds(),
          options.workDir().resolve("spark-benchmark.log"));
      List<SparkThroughput.Run> runs =
          SparkThroughput.run(
              options.home(),
              options.workDir(),
              analyticsSettings(bootstrap, registry, options.workDir()),
              options.rounds(),
              PASSTHROUGH_TOPIC,
              jvmOptions(options));
      for (SparkThroughput.Run run : runs) {
        if (run.records() != options.records()) {
          throw new IllegalStateException(
              run.workload() + " in round " + run.round() + " read " + run.records()
                  + " records, not the " + options.records() + " prepared");
        }
      }
      report =
          new Report(
              options, lines.size(), events.size(), runs, SparkThroughput.figures(runs), null);
    }
    console.print(report.summary());
    if (options.endToEndSeconds() <= 0) {
      return report;
    }
    EndToEndLatency.Result endToEnd =
        EndToEndLatency.run(
            new EndToEndLatency.Options(
                options.home(),
                EndToEndLatency.backgroundLines(lines),
                options.backlogLines(),
                options.endToEndSeconds(),
                options.endToEndSettings(),
                options.workDir().resolve("e2e"),
                options.sparkJvmOptions(),
                options.endToEndMetricsNiceness()),
            console);
    return new Report(
        options, report.corpusLines(), report.corpusEvents(), report.runs(), report.figures(),
        endToEnd);
  }

  private static List<String> jvmOptions(Options options) {
    List<String> jvm = new ArrayList<>(List.of("-Xmx3g"));
    jvm.addAll(options.sparkJvmOptions());
    return jvm;
  }

  private static Map<String, String> analyticsSettings(
      String bootstrap, LocalSchemaRegistry registry, Path workDir) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("bootstrap.servers", bootstrap);
    settings.put("schema.registry.url", registry.url().toString());
    settings.put("checkpoint.location", workDir.resolve("spark-checkpoints").toUri().toString());
    settings.put("events.topic", EVENTS_TOPIC);
    settings.put("metrics.topic", OUTPUT_TOPICS.get(0));
    settings.put("system.health.topic", OUTPUT_TOPICS.get(1));
    settings.put("client.metrics.topic", OUTPUT_TOPICS.get(2));
    settings.put("alerts.topic", OUTPUT_TOPICS.get(3));
    settings.put("late.events.topic", OUTPUT_TOPICS.get(4));
    settings.put("progress.topic", "");
    settings.putAll(ServiceProcess.LOCAL_SPARK_SETTINGS);
    settings.put("spark.sql.streaming.numRecentProgressUpdates", "10000");
    // The detectors' processing-time timeouts make Spark run a no-data batch after every batch
    // (FlatMapGroupsWithStateExec.shouldRunAnotherBatch), so an AvailableNow query would never end.
    settings.put("spark.sql.streaming.noDataMicroBatches.enabled", "false");
    return settings;
  }

  private static void createTopics(String bootstrap, int partitions)
      throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<NewTopic> topics = new ArrayList<>();
      topics.add(new NewTopic(EVENTS_TOPIC, partitions, (short) 1));
      topics.add(new NewTopic(PASSTHROUGH_TOPIC, partitions, (short) 1));
      for (String topic : OUTPUT_TOPICS) {
        topics.add(new NewTopic(topic, 1, (short) 1));
      }
      admin.createTopics(topics).all().get();
    }
  }
}
