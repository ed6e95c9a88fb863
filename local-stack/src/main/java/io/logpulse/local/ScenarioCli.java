package io.logpulse.local;

import io.logpulse.local.scenario.ScenarioReport;
import io.logpulse.local.scenario.ScenarioRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code logpulse scenario}: how good is detection on a real log with injected incidents. */
@Command(
    name = "scenario",
    mixinStandardHelpOptions = true,
    description = {
      "Injects labelled incidents (request burst from one address and from one /24, scanning,",
      "brute force, error spike) into a real log used as baseline traffic, adds a synthetic timed",
      "service (steady-api, the last 90 minutes) with a latency regression and a traffic drop,",
      "replays it all through the whole local pipeline, and prints per rule: recall, precision,",
      "false alerts, alerts on the baseline per 24 h (listed for you to judge), and median",
      "detection delay in event time and in wall time (from the lines an alert counts being on the",
      "raw-lines topic to the alert on the alerts topic). The baseline is sent at full speed; each",
      "incident is paced at 60x once the pipeline has caught up."
    })
final class ScenarioCli implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--baseline", required = true, paramLabel = "FILE", description = "Baseline access log.")
  Path baseline;

  @Option(names = "--service", defaultValue = "web", paramLabel = "NAME", description = "service.name of the baseline: letters, digits, _ and -. Default: ${DEFAULT-VALUE}.")
  String service;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the injected lines. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Keep the merged log, alerts and stack data here (default: a temporary directory).")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    try {
      ScenarioRun.checkServiceName(service);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--service: " + e.getMessage());
    }
    Path dir = workDir != null ? workDir : Files.createTempDirectory("logpulse-scenario-");
    ByteArrayOutputStream stackOutput = new ByteArrayOutputStream();
    System.err.println("logpulse scenario: replaying " + baseline + " with injected incidents; work dir " + dir);
    ScenarioReport report =
        ScenarioRun.run(
            Path.of(System.getProperty("logpulse.home", ".")).toAbsolutePath().normalize(),
            baseline,
            service,
            seed,
            dir,
            new PrintStream(stackOutput, true, StandardCharsets.UTF_8));
    System.out.print(report.table());
    System.out.println();
    System.out.println("Alerts on baseline traffic (" + report.baselineAlerts().size() + "), to judge:");
    report.baselineAlerts().forEach(line -> System.out.println("  " + line));
    return 0;
  }
}
