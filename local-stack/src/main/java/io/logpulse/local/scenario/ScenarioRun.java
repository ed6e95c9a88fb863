package io.logpulse.local.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpulse.ingest.config.PipelineConfig;
import io.logpulse.ingest.parse.AccessLogParser;
import io.logpulse.local.replay.LogFiles;
import io.logpulse.local.replay.LogReplayer;
import io.logpulse.local.replay.ReplayLine;
import io.logpulse.local.run.LocalStack;
import io.logpulse.local.run.RunOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evaluates the detectors as users will ask, "how good is it?": a real log as baseline traffic,
 * labelled incidents injected into it ({@link ScenarioInjector}), a replay through the full local
 * pipeline (broker, registry, ingest-streams, spark-analytics), and the alerts scored against the
 * labels ({@link ScenarioReport}).
 */
public final class ScenarioRun {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final long WINDOW_MS = 60_000L;

  private ScenarioRun() {}

  /**
   * @throws IllegalArgumentException when {@code service} is not a plain name ({@code
   *     [A-Za-z0-9_-]+}: it names a file, and the replay names a file's lines after it) or is the
   *     synthetic service's name
   */
  public static void checkServiceName(String service) {
    if (!service.matches("[A-Za-z0-9_-]+") || service.equals(ScenarioInjector.TIMED_SERVICE)) {
      throw new IllegalArgumentException(
          "service name " + service + ": use letters, digits, _ and -, and not "
              + ScenarioInjector.TIMED_SERVICE + " (the scenario's synthetic service)");
    }
  }

  /**
   * @param home repository root with the built services
   * @param baseline the baseline log (any format auto-detection reads)
   * @param service the service name of the baseline
   * @param workDir an empty directory for the merged log, the alerts and the stack's data
   * @param console where the stack's progress goes
   * @return the report
   * @throws IllegalArgumentException when {@code service} is not a plain name ({@code
   *     [A-Za-z0-9_-]+}: it names a file, and the replay names a file's lines after it) or is the
   *     synthetic service's name
   * @throws Exception when the baseline cannot be read or the stack fails
   */
  public static ScenarioReport run(
      Path home, Path baseline, String service, long seed, Path workDir, PrintStream console)
      throws Exception {
    checkServiceName(service);
    AccessLogParser parser = new AccessLogParser(1 << 20, new PipelineConfig(Map.of()).lineFormat());
    List<ReplayLine> lines = LogFiles.read(baseline, service, parser);
    ScenarioInjector.Scenario scenario = ScenarioInjector.inject(lines, service, seed);
    Files.createDirectories(workDir);
    // One file per service: the stack names each file's lines after its base name.
    Map<String, List<ReplayLine>> byService = new TreeMap<>();
    for (ReplayLine line : scenario.lines()) {
      byService.computeIfAbsent(line.serviceName(), name -> new ArrayList<>()).add(line);
    }
    List<Path> inputs = new ArrayList<>();
    for (Map.Entry<String, List<ReplayLine>> entry : byService.entrySet()) {
      Path file = workDir.resolve(entry.getKey() + ".log");
      try (OutputStream out = Files.newOutputStream(file)) {
        for (ReplayLine line : entry.getValue()) {
          out.write(line.bytes());
          out.write('\n');
        }
      }
      inputs.add(file);
    }
    Path alertsFile = workDir.resolve("alerts.jsonl");
    RunOptions options =
        new RunOptions(
            home,
            inputs,
            null,
            LogReplayer.MAX_SPEED,
            true,
            workDir.resolve("summary.json"),
            alertsFile,
            0,
            0,
            workDir.resolve("stack"),
            Map.of(),
            Map.of(),
            Duration.ofMinutes(10));
    LocalStack.run(options, console);
    List<JsonNode> alerts = new ArrayList<>();
    for (String line : Files.readAllLines(alertsFile)) {
      alerts.add(JSON.readTree(line));
    }
    return new ScenarioReport(scenario.incidents(), alerts, WINDOW_MS, scenario.baselineSpanMs());
  }
}
