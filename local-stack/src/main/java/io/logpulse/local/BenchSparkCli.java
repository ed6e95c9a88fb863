package io.logpulse.local;

import io.logpulse.local.bench.SparkBenchmark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code logpulse bench-spark}: the Spark job's throughput, against a Kafka passthrough. */
@Command(
    name = "bench-spark",
    mixinStandardHelpOptions = true,
    description = {
      "Measures the Spark job alone on a prepared events topic: records per CPU-second of the",
      "service windows, the client (per-IP and per-user) windows and the detectors, and of a",
      "Kafka-to-Kafka passthrough on the same topic in the same run. Events come from a log",
      "parsed by the ingest pipeline's code, cycled, with event times at a steady rate."
    })
final class BenchSparkCli implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--corpus", paramLabel = "FILE", description = "Access log the events come from (default: the built-in sample).")
  Path corpus;

  @Option(names = "--records", defaultValue = "1000000", description = "Records on the prepared topic. Default: ${DEFAULT-VALUE}.")
  long records;

  @Option(names = "--rounds", defaultValue = "2", description = "Measured rounds after one warm-up round. Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--events-per-second", defaultValue = "1000", description = "Event-time rate of the prepared records. Default: ${DEFAULT-VALUE}.")
  int eventsPerSecond;

  @Option(names = "--services", defaultValue = "8", description = "Distinct service names. Default: ${DEFAULT-VALUE}.")
  int services;

  @Option(names = "--partitions", defaultValue = "2", description = "Partitions of the prepared topic. Default: ${DEFAULT-VALUE}.")
  int partitions;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "An empty directory for the broker, checkpoints and the Spark log (default: a temporary directory).")
  Path workDir;

  @Option(names = "--e2e-seconds", defaultValue = "60", description = "Length of the end-to-end latency run at half the maximum sustained load, one incident a second; 0 skips it. Default: ${DEFAULT-VALUE}.")
  int endToEndSeconds;

  @Option(names = "--e2e-backlog", defaultValue = "300000", description = "Lines of the backlog that finds the maximum sustained load. Default: ${DEFAULT-VALUE}.")
  long backlogLines;

  @Option(names = "--e2e-setting", paramLabel = "KEY=VALUE", description = "A spark-analytics setting of the end-to-end run instead of its default, e.g. detector.trigger.interval.ms=100 (repeatable).")
  Map<String, String> endToEndSettings = new LinkedHashMap<>();

  @Option(names = "--e2e-split-detectors", paramLabel = "NICE", arity = "0..1", fallbackValue = "10", description = "Run the end-to-end job as two spark-analytics JVMs (setting queries): the detectors query alone, and the three other queries started under nice at this level, 0 to 19 (${FALLBACK-VALUE} when not given). Without it, one JVM runs all four.")
  Integer endToEndMetricsNiceness;

  @Option(names = "--spark-jvm-option", paramLabel = "OPTION", description = "An extra option of the Spark JVMs (throughput and end to end), e.g. -XX:StartFlightRecording=filename=spark.jfr (repeatable); an end-to-end JVM's recording file name ends in its name (spark-spark-analytics.jfr, and spark-spark-analytics-metrics.jfr with --e2e-split-detectors).")
  List<String> sparkJvmOptions = new ArrayList<>();

  @Option(names = "--report", paramLabel = "FILE", description = "Also write the summary to this file.")
  Path reportFile;

  @Override
  public Integer call() throws Exception {
    if (endToEndSeconds < 0 || backlogLines <= 0) {
      throw new ParameterException(
          spec.commandLine(), "--e2e-seconds must be >= 0 and --e2e-backlog > 0");
    }
    if (endToEndMetricsNiceness != null
        && (endToEndMetricsNiceness < 0 || endToEndMetricsNiceness > 19)) {
      throw new ParameterException(spec.commandLine(), "--e2e-split-detectors: nice level 0 to 19");
    }
    if (records <= 0 || rounds < 1 || eventsPerSecond <= 0 || services <= 0 || partitions <= 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--records, --events-per-second, --services, --partitions must be > 0 and --rounds >= 1");
    }
    if (corpus != null && !Files.isReadable(corpus)) {
      throw new ParameterException(spec.commandLine(), "--corpus: cannot read " + corpus);
    }
    Path dir = workDir != null ? workDir : Files.createTempDirectory("logpulse-bench-");
    SparkBenchmark.Options options =
        new SparkBenchmark.Options(
            Path.of(System.getProperty("logpulse.home", ".")).toAbsolutePath().normalize(),
            corpus, records, rounds, eventsPerSecond, services, partitions, dir,
            endToEndSeconds, backlogLines, Map.copyOf(endToEndSettings), List.copyOf(sparkJvmOptions),
            endToEndMetricsNiceness == null ? -1 : endToEndMetricsNiceness);
    SparkBenchmark.Report report = SparkBenchmark.run(options, System.err);
    String summary = report.summary();
    System.out.print(summary);
    if (reportFile != null) {
      Files.writeString(reportFile, summary, StandardCharsets.UTF_8);
    }
    return 0;
  }
}
