package io.logpulse.local;

import io.logpulse.ingest.cli.ParseCommand;
import io.logpulse.ingest.config.ConfigFiles;
import io.logpulse.ingest.config.PipelineConfig;
import io.logpulse.ingest.pipeline.EventPipeline;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code logpulse parse}: checks that logs are understood before deploying, with the ingest
 * service's own parse and enrich code ({@link EventPipeline}) and, given {@code --config}, the
 * service's own settings file.
 */
@Command(
    name = "parse",
    mixinStandardHelpOptions = true,
    description = {
      "Parses log files exactly as ingest-streams would and prints, for each line, the",
      "enriched event or the rejection with its reason as one JSON object (JSON Lines on",
      "stdout), then a summary on stderr: lines, parsed, rejected by reason, lines/s.",
      "Exit status: 0 when every line parsed, 1 when some were rejected, 2 for bad options."
    })
final class ParseCli implements Callable<Integer> {

  private static final Pattern NGINX_VARIABLE = Pattern.compile("\\$\\{?[A-Za-z_]");
  private static final Pattern APACHE_DIRECTIVE = Pattern.compile("%[<>]?[0-9,!]*(\\{[^}]*\\})?[a-zA-Z%]");

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Log files; - reads stdin.")
  List<Path> files = new ArrayList<>();

  @Option(
      names = "--format",
      paramLabel = "PRESET",
      description = "auto (default); a preset: apache_common, apache_combined,"
          + " apache_vhost_combined, nginx_combined, nginx_main, ingress_nginx_upstreaminfo,"
          + " nginx_json, traefik_json, caddy_json, ecs_json; or apache, nginx (with --log-format),"
          + " json (with --set log.format.json.fields=...).")
  String format;

  @Option(
      names = "--log-format",
      paramLabel = "STRING",
      description = "The server's own format string: an Apache LogFormat (%%h %%l %%u %%t \"%%r\" ...)"
          + " or an nginx log_format ($remote_addr - $remote_user ...); the syntax is recognised.")
  String logFormat;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "An ingest-streams properties file: its log.format, enrichment and other"
          + " pipeline settings apply (options given here override it).")
  Path configFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "A pipeline setting, e.g. geoip.database.path=GeoLite2-City.mmdb (repeatable).")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(names = "--rejected-only", description = "Print only rejected lines.")
  boolean rejectedOnly;

  @Override
  public Integer call() throws IOException {
    for (Path file : files) {
      if (!file.toString().equals("-") && !Files.isReadable(file)) {
        throw new ParameterException(
            spec.commandLine(),
            (Files.exists(file) ? "cannot read " : "no such file: ") + file);
      }
    }
    Map<String, String> effective = new LinkedHashMap<>();
    // A command-line check of old logs should not tag every line as skewed.
    effective.put(PipelineConfig.TIMESTAMP_SKEW_MAX_PAST_MS, "0");
    if (configFile != null) {
      if (!Files.isReadable(configFile)) {
        throw new ParameterException(spec.commandLine(), "--config: cannot read " + configFile);
      }
      try {
        effective.putAll(ConfigFiles.read(configFile));
      } catch (ConfigException e) {
        throw new ParameterException(spec.commandLine(), "--config: " + e.getMessage(), e);
      }
    }
    effective.putAll(settings);
    if (format != null) {
      format = format.toLowerCase(Locale.ROOT);
    }
    if (format != null && logFormat != null && !format.equals("apache") && !format.equals("nginx")) {
      throw new ParameterException(
          spec.commandLine(), "--log-format goes with --format apache|nginx or alone, not " + format);
    }
    if (logFormat != null) {
      effective.put(
          PipelineConfig.LOG_FORMAT, format != null ? format : syntaxOf(spec, logFormat));
      effective.put(PipelineConfig.LOG_FORMAT_STRING, logFormat);
    } else if (format != null) {
      effective.put(PipelineConfig.LOG_FORMAT, format);
    }
    PipelineConfig config;
    try {
      config = new PipelineConfig(effective);
    } catch (ConfigException e) {
      throw new ParameterException(spec.commandLine(), "invalid setting: " + e.getMessage(), e);
    }
    try (EventPipeline pipeline = EventPipeline.create(config)) {
      System.err.println("logpulse parse: " + pipeline.describe());
      OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
      ParseCommand.Summary summary =
          ParseCommand.run(files, pipeline, rejectedOnly, out, System.err);
      out.flush();
      return summary.rejected() == 0 ? 0 : 1;
    } catch (ConfigException e) {
      throw new ParameterException(spec.commandLine(), "invalid setting: " + e.getMessage(), e);
    }
  }

  /**
   * Tells an Apache LogFormat ({@code %h}, {@code %{Referer}i}) from an nginx log_format ({@code
   * $remote_addr}, {@code ${host}}).
   *
   * @return {@code apache} or {@code nginx}
   * @throws ParameterException when the string has both kinds of placeholder or neither
   */
  static String syntaxOf(CommandSpec spec, String formatString) {
    boolean nginx = NGINX_VARIABLE.matcher(formatString).find();
    boolean apache = APACHE_DIRECTIVE.matcher(formatString).find();
    if (nginx == apache) {
      throw new ParameterException(
          spec.commandLine(),
          "--log-format: cannot tell whether this is an Apache LogFormat or an nginx log_format;"
              + " add --format apache or --format nginx");
    }
    return nginx ? "nginx" : "apache";
  }
}
