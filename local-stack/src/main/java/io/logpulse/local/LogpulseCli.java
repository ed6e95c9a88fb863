package io.logpulse.local;

import io.logpulse.local.replay.LogReplayer;
import io.logpulse.local.run.LocalStack;
import io.logpulse.local.run.RunOptions;
import io.logpulse.local.run.RunSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code logpulse} command line; {@code ./logpulse run --help} lists the options. */
@Command(
    name = "logpulse",
    mixinStandardHelpOptions = true,
    description = "Real-time web access-log analytics.",
    subcommands = {LogpulseCli.Run.class, ParseCli.class, ScenarioCli.class, BenchSparkCli.class})
public final class LogpulseCli {

  private LogpulseCli() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with every subcommand, as {@link #main} runs it. */
  static CommandLine commandLine() {
    return new CommandLine(new LogpulseCli());
  }

  /** {@code logpulse run}: the whole stack on this machine. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Runs the whole pipeline locally: an in-process Kafka broker and schema registry,",
        "ingest-streams and spark-analytics as separate JVMs, and a replay of log files.",
        "Without --input it replays a built-in 20-minute sample with a burst and an error spike."
      })
  static final class Run implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
        names = "--input",
        paramLabel = "FILE",
        description = "Access log to replay (repeatable; format detected per line).")
    List<Path> inputs = new ArrayList<>();

    @Option(
        names = "--format",
        paramLabel = "PRESET",
        description = "How the inputs are parsed: auto (default: detected per line), a preset"
            + " (see logpulse parse --help), apache or nginx (with --log-format).")
    String format;

    @Option(
        names = "--log-format",
        paramLabel = "STRING",
        description = "The servers' own format string (Apache LogFormat or nginx log_format);"
            + " the syntax is recognised unless --format apache|nginx says it.")
    String logFormat;

    @Option(
        names = "--service",
        paramLabel = "NAME",
        description = "service.name for all inputs (default: each file's name without extension).")
    String serviceName;

    @Option(
        names = "--speed",
        paramLabel = "N|max",
        defaultValue = "max",
        description = "Replay N times faster than the log's own time, or as fast as possible (max)."
            + " Default: ${DEFAULT-VALUE}.")
    String speed;

    @Option(
        names = "--exit-when-drained",
        description = "Stop once every line is accounted for and the last windows have closed.")
    boolean exitWhenDrained;

    @Option(names = "--summary", paramLabel = "FILE", description = "Write the summary JSON here.")
    Path summaryFile;

    @Option(
        names = "--alerts-out",
        paramLabel = "FILE",
        description = "Write every alert received on the alerts topic here, one JSON per line.")
    Path alertsOut;

    @Option(
        names = "--kafka-port",
        defaultValue = "9092",
        description = "Broker port on 127.0.0.1; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int kafkaPort;

    @Option(
        names = "--registry-port",
        defaultValue = "8081",
        description = "Schema registry port on 127.0.0.1; 0 picks a free one."
            + " Default: ${DEFAULT-VALUE}.")
    int registryPort;

    @Option(
        names = "--work-dir",
        paramLabel = "DIR",
        description = "Keep broker data, checkpoints, configs and service logs here"
            + " (default: a temporary directory deleted at exit).")
    Path workDir;

    @Option(
        names = "--ingest-setting",
        paramLabel = "KEY=VALUE",
        description = "Extra ingest-streams setting (repeatable).")
    Map<String, String> ingestSettings = new LinkedHashMap<>();

    @Option(
        names = "--analytics-setting",
        paramLabel = "KEY=VALUE",
        description = "Extra spark-analytics setting, e.g."
            + " detector.client-burst.min.requests=200 (repeatable).")
    Map<String, String> analyticsSettings = new LinkedHashMap<>();

    @Option(
        names = "--drain-timeout",
        paramLabel = "SECONDS",
        defaultValue = "600",
        description = "Longest wait for the pipeline to drain, in seconds."
            + " Default: ${DEFAULT-VALUE}.")
    long drainTimeoutSeconds;

    @Override
    public Integer call() throws Exception {
      checkPort("--kafka-port", kafkaPort);
      checkPort("--registry-port", registryPort);
      if (drainTimeoutSeconds <= 0) {
        throw new ParameterException(spec.commandLine(), "--drain-timeout must be > 0");
      }
      if (logFormat != null) {
        ingestSettings.put(
            "log.format", format != null ? format : ParseCli.syntaxOf(spec, logFormat));
        ingestSettings.put("log.format.string", logFormat);
      } else if (format != null) {
        ingestSettings.put("log.format", format);
      }
      RunOptions options =
          new RunOptions(
              Path.of(System.getProperty("logpulse.home", ".")).toAbsolutePath().normalize(),
              inputs,
              serviceName,
              parseSpeed(speed),
              exitWhenDrained,
              summaryFile,
              alertsOut,
              kafkaPort,
              registryPort,
              workDir,
              ingestSettings,
              analyticsSettings,
              Duration.ofSeconds(drainTimeoutSeconds));
      try {
        RunSummary summary = LocalStack.run(options, System.out);
        return summary.accounted() ? 0 : 3;
      } catch (CancellationException stopped) {
        System.out.println("logpulse: stopped");
        return 130;
      } catch (IllegalArgumentException | ConfigException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      } catch (IllegalStateException e) {
        System.err.println("logpulse: " + e.getMessage());
        return 1;
      }
    }

    private void checkPort(String option, int port) {
      if (port < 0 || port > 65_535) {
        throw new ParameterException(spec.commandLine(), option + " must be 0 to 65535: " + port);
      }
    }

    private double parseSpeed(String text) {
      if (text.toLowerCase(Locale.ROOT).equals("max")) {
        return LogReplayer.MAX_SPEED;
      }
      double value;
      try {
        value = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw new ParameterException(spec.commandLine(), "--speed: not a number or 'max': " + text);
      }
      if (!(value > 0)) {
        throw new ParameterException(spec.commandLine(), "--speed must be > 0: " + text);
      }
      return value;
    }
  }
}
