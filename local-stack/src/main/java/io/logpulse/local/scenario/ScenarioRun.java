package io.logpulse.local.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpulse.ingest.config.PipelineConfig;
import io.logpulse.ingest.parse.AccessLogParser;
import io.logpulse.local.replay.LogFiles;
import io.logpulse.local.replay.LogReplayer;
import io.logpulse.local.replay.ReplayLine;
import io.logpulse.local.replay.ReplayPace;
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
 *
 * <p>The replay sends the baseline as fast as it can, but paces each incident at {@value
 * #PACED_SPEED}× (from {@link #PACED_BEFORE_MS} ms before it to {@link #PACED_AFTER_START_MS} ms
 * after its start), after waiting for the pipeline to work through what came before: so the
 * line-to-alert time of its detection ({@link LineToAlertTimes}) is measured on a pipeline that
 * keeps up with its input, not one working through a backlog.
 */
public final class ScenarioRun {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final long WINDOW_MS = 60_000L;
  /** Time compression of the replay around incidents: a minute of events a second. */
  static final double PACED_SPEED = 60;
  /** A paced stretch starts this long before an incident, event time. */
  static final long PACED_BEFORE_MS = 2 * WINDOW_MS;
  /**
   * ... and ends this long after its start: past the end of its first window plus the default
   * 120 s watermark delay, when the rules judged on complete windows decide.
   */
  static final long PACED_AFTER_START_MS = 5 * WINDOW_MS;

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
    LineToAlertTimes lineToAlert = new LineToAlertTimes();
    List<long[]> stretches = new ArrayList<>();
    for (LabeledIncident incident : scenario.incidents()) {
      stretches.add(
          new long[] {incident.startMs() - PACED_BEFORE_MS, incident.startMs() + PACED_AFTER_START_MS});
    }
    LocalStack.run(options, console, lineToAlert, ReplayPace.within(PACED_SPEED, stretches));
    List<JsonNode> alerts = new ArrayList<>();
    for (String line : Files.readAllLines(alertsFile)) {
      alerts.add(JSON.readTree(line));
    }
    return new ScenarioReport(
        scenario.incidents(), alerts, WINDOW_MS, scenario.baselineSpanMs(), lineToAlert::delayMs);
  }
}
