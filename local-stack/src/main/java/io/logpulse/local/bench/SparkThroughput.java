package io.logpulse.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpulse.local.run.LocalStack;
import io.logpulse.local.run.ServiceProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs {@code io.logpulse.analytics.bench.SparkThroughputBenchmark} in its own JVM (Spark needs
 * Scala 2.12, the in-process broker 2.13) against a prepared events topic and reads its results.
 */
final class SparkThroughput {

  static final String BENCHMARK_MAIN = "io.logpulse.analytics.bench.SparkThroughputBenchmark";
  private static final String RESULT_PREFIX = "bench-result ";
  private static final Duration TIMEOUT = Duration.ofMinutes(40);

  /**
   * One workload's pass over the prepared topic.
   *
   * @param round 0 for the warm-up round
   * @param records Kafka records the query read
   * @param cpuSeconds CPU time of the Spark JVM over the run, all threads, GC included
   * @param wallSeconds wall time from query start to its end
   */
  record Run(int round, String workload, long records, double cpuSeconds, double wallSeconds) {

    double recordsPerCpuSecond() {
      return records / cpuSeconds;
    }

    double recordsPerSecond() {
      return records / wallSeconds;
    }
  }

  /**
   * The measured rounds' median of one workload.
   *
   * @param recordsPerCpuSecond median records per CPU-second of the Spark JVM
   * @param recordsPerSecond median records per wall-clock second
   */
  record Figure(String workload, long records, double recordsPerCpuSecond, double recordsPerSecond) {}

  private SparkThroughput() {}

  /**
   * @param analyticsSettings the job's configuration (bootstrap, registry, topics, checkpoints,
   *     Spark settings)
   * @return every run, warm-up included, in order
   * @throws IllegalStateException when the benchmark JVM fails or times out
   */
  static List<Run> run(
      Path home,
      Path workDir,
      Map<String, String> analyticsSettings,
      int rounds,
      String passthroughTopic,
      List<String> jvmHeap)
      throws IOException, InterruptedException {
    Path config =
        ServiceProcess.writeConfig(
            workDir.resolve("spark-benchmark.properties"),
            analyticsSettings,
            "written by logpulse bench-spark");
    List<String> jvm = new ArrayList<>(LocalStack.SPARK_JVM_OPTIONS);
    jvm.addAll(jvmHeap);
    Path log = workDir.resolve("spark-benchmark.log");
    try (ServiceProcess spark =
        ServiceProcess.start(
            home,
            "spark-analytics",
            BENCHMARK_MAIN,
            jvm,
            List.of(config.toString(), Integer.toString(rounds), passthroughTopic),
            log)) {
      if (!spark.awaitExit(TIMEOUT)) {
        throw new IllegalStateException(
            "the Spark benchmark did not finish in " + TIMEOUT + "; its log: " + log);
      }
      if (spark.exitCode() != 0) {
        throw new IllegalStateException(
            "the Spark benchmark failed (exit " + spark.exitCode() + "); its log ends:\n"
                + spark.logTail(40));
      }
    }
    ObjectMapper mapper = new ObjectMapper();
    List<Run> runs = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      if (line.startsWith(RESULT_PREFIX)) {
        JsonNode result = mapper.readTree(line.substring(RESULT_PREFIX.length()));
        runs.add(
            new Run(
                result.get("round").asInt(),
                result.get("workload").asText(),
                result.get("records").asLong(),
                result.get("cpu_seconds").asDouble(),
                result.get("wall_seconds").asDouble()));
      }
    }
    return runs;
  }

  /**
   * @return per workload, in first-seen order, the median over rounds ≥ 1 (the warm-up round is
   *     left out when there are others)
   */
  static Map<String, Figure> figures(List<Run> runs) {
    int lastRound = runs.stream().mapToInt(Run::round).max().orElse(0);
    Map<String, List<Run>> byWorkload = new LinkedHashMap<>();
    for (Run run : runs) {
      if (run.round() > 0 || lastRound == 0) {
        byWorkload.computeIfAbsent(run.workload(), w -> new ArrayList<>()).add(run);
      }
    }
    Map<String, Figure> figures = new LinkedHashMap<>();
    byWorkload.forEach(
        (workload, measured) ->
            figures.put(
                workload,
                new Figure(
                    workload,
                    measured.get(0).records(),
                    median(measured, Run::recordsPerCpuSecond),
                    median(measured, Run::recordsPerSecond))));
    return figures;
  }

  private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> value) {
    double[] values = runs.stream().mapToDouble(value).sorted().toArray();
    int middle = values.length / 2;
    return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  }

  /** @return the runs as a table, one line per run */
  static String runTable(List<Run> runs) {
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT, "%-6s %-16s %10s %9s %9s %16s %12s%n",
            "round", "workload", "records", "cpu s", "wall s", "records/cpu-s", "records/s"));
    runs.stream()
        .sorted(Comparator.comparingInt(Run::round))
        .forEach(
            run ->
                table.append(
                    String.format(
                        Locale.ROOT, "%-6s %-16s %10d %9.2f %9.2f %16.0f %12.0f%n",
                        run.round() == 0 ? "warmup" : Integer.toString(run.round()),
                        run.workload(), run.records(), run.cpuSeconds(), run.wallSeconds(),
                        run.recordsPerCpuSecond(), run.recordsPerSecond())));
    return table.toString();
  }
}
