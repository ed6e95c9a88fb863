package io.logpulse.analytics.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import io.logpulse.registry.ConfigValidators;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * The typed, validated configuration of the spark-analytics job, declared once in a {@link
 * ConfigDef}. Endpoints and the checkpoint location have no default. Keys prefixed with {@value
 * #SPARK_PREFIX} go to the {@code SparkSession} unchanged (for example {@code spark.master}, {@code
 * spark.sql.shuffle.partitions}).
 */
public final class AnalyticsConfig extends AbstractConfig {

  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String CHECKPOINT_LOCATION = "checkpoint.location";
  public static final String EVENTS_TOPIC = "events.topic";
  public static final String METRICS_TOPIC = "metrics.topic";
  public static final String ALERTS_TOPIC = "alerts.topic";
  public static final String PROGRESS_TOPIC = "progress.topic";
  public static final String STARTING_OFFSETS = "starting.offsets";
  public static final String WINDOW_DURATION_MS = "window.duration.ms";
  public static final String WATERMARK_DELAY_MS = "watermark.delay.ms";
  public static final String TRIGGER_INTERVAL_MS = "trigger.interval.ms";
  public static final String SCHEMA_WAIT_TIMEOUT_MS = "schema.wait.timeout.ms";
  public static final String BURST_MIN_REQUESTS = "detector.client-burst.min.requests";
  public static final String BURST_MAX_USER_AGENT_RATIO =
      "detector.client-burst.max.user.agent.ratio";
  public static final String ERROR_SPIKE_MIN_REQUESTS = "detector.error-rate-spike.min.requests";
  public static final String ERROR_SPIKE_MIN_RATE = "detector.error-rate-spike.min.rate";
  public static final String SPARK_PREFIX = "spark.";

  /** Every setting of the job, with its type, default, validator and documentation. */
  public static final ConfigDef DEFINITION =
      new ConfigDef()
          .define(
              BOOTSTRAP_SERVERS,
              Type.LIST,
              ConfigDef.NO_DEFAULT_VALUE,
              ConfigValidators.nonEmptyList(),
              Importance.HIGH,
              "Kafka bootstrap servers, host:port[,host:port...]. Required.")
          .define(
              SCHEMA_REGISTRY_URL,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              ConfigValidators.httpUrl(),
              Importance.HIGH,
              "Base URL of a Confluent Schema Registry API. Required.")
          .define(
              CHECKPOINT_LOCATION,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new NonEmptyString(),
              Importance.HIGH,
              "Root directory (any Hadoop file system URI) of the queries' checkpoints; each query"
                  + " uses <root>/<query name>. Required.")
          .define(
              EVENTS_TOPIC,
              Type.STRING,
              "logpulse.access-events",
              new NonEmptyString(),
              Importance.HIGH,
              "Topic of AccessEvent records (Confluent wire format) written by ingest-streams.")
          .define(
              METRICS_TOPIC,
              Type.STRING,
              "logpulse.window-metrics",
              new NonEmptyString(),
              Importance.HIGH,
              "Topic the per-service window metrics are written to, as JSON.")
          .define(
              ALERTS_TOPIC,
              Type.STRING,
              "logpulse.alerts",
              new NonEmptyString(),
              Importance.HIGH,
              "Topic the alerts are written to, as JSON keyed by alert_id.")
          .define(
              PROGRESS_TOPIC,
              Type.STRING,
              "logpulse.analytics-progress",
              Importance.LOW,
              "Topic each query's progress (batch, rows, event-time watermark) is written to as"
                  + " JSON after every micro-batch; empty disables it.")
          .define(
              STARTING_OFFSETS,
              Type.STRING,
              "earliest",
              ValidString.in("earliest", "latest"),
              Importance.MEDIUM,
              "Where a query without a checkpoint starts reading the events topic.")
          .define(
              WINDOW_DURATION_MS,
              Type.LONG,
              60_000L,
              Range.atLeast(1_000L),
              Importance.MEDIUM,
              "Length of the tumbling event-time windows, in milliseconds.")
          .define(
              WATERMARK_DELAY_MS,
              Type.LONG,
              120_000L,
              Range.atLeast(0L),
              Importance.MEDIUM,
              "How late an event may arrive and still count, in milliseconds of event time: the"
                  + " watermark trails the largest event time seen by this much. A window is"
                  + " emitted once the watermark passes its end.")
          .define(
              TRIGGER_INTERVAL_MS,
              Type.LONG,
              1_000L,
              Range.atLeast(0L),
              Importance.MEDIUM,
              "Micro-batch trigger interval, in milliseconds.")
          .define(
              SCHEMA_WAIT_TIMEOUT_MS,
              Type.LONG,
              600_000L,
              Range.atLeast(0L),
              Importance.LOW,
              "How long to wait at startup for the events topic's value subject to be registered,"
                  + " in milliseconds.")
          .define(
              BURST_MIN_REQUESTS,
              Type.LONG,
              300L,
              Range.atLeast(1L),
              Importance.MEDIUM,
              "client_request_burst fires when one source.ip makes at least this many requests in"
                  + " one window ...")
          .define(
              BURST_MAX_USER_AGENT_RATIO,
              Type.DOUBLE,
              0.05,
              Range.between(0.0, 1.0),
              Importance.MEDIUM,
              "... and at most this many distinct user agents per request (HyperLogLog++ estimate"
                  + " divided by the request count; 0.05 = at least 20 requests per agent on"
                  + " average): a script rotating a handful of agents, not a crowd behind a NAT.")
          .define(
              ERROR_SPIKE_MIN_REQUESTS,
              Type.LONG,
              50L,
              Range.atLeast(1L),
              Importance.MEDIUM,
              "service_error_rate_spike considers a service window only with at least this many"
                  + " requests ...")
          .define(
              ERROR_SPIKE_MIN_RATE,
              Type.DOUBLE,
              0.2,
              Range.between(0.0, 1.0),
              Importance.MEDIUM,
              "... and fires when the share of responses with status >= 500 is at least this"
                  + " (0 to 1).");

  /**
   * @throws ConfigException naming the key and the bad value when a setting is missing or invalid
   */
  public AnalyticsConfig(Map<?, ?> originals) {
    super(DEFINITION, originals, true);
  }

  /**
   * Reads a Java properties file and validates it.
   *
   * @throws ConfigException when the file cannot be read or a setting is missing or invalid
   */
  public static AnalyticsConfig fromFile(Path path) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(path)) {
      properties.load(in);
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + path + ": " + e.getMessage());
    }
    return new AnalyticsConfig(properties);
  }

  /** The {@value #SPARK_PREFIX} settings, keys unchanged, sorted. */
  public Map<String, String> sparkSettings() {
    Map<String, String> settings = new TreeMap<>();
    originalsWithPrefix(SPARK_PREFIX, false).forEach((k, v) -> settings.put(k, String.valueOf(v)));
    return settings;
  }

  public String bootstrapServers() {
    return String.join(",", getList(BOOTSTRAP_SERVERS));
  }

  public String schemaRegistryUrl() {
    return getString(SCHEMA_REGISTRY_URL);
  }

  public String checkpointLocation() {
    return getString(CHECKPOINT_LOCATION);
  }

  public String eventsTopic() {
    return getString(EVENTS_TOPIC);
  }

  public String metricsTopic() {
    return getString(METRICS_TOPIC);
  }

  public String alertsTopic() {
    return getString(ALERTS_TOPIC);
  }

  public String progressTopic() {
    return getString(PROGRESS_TOPIC);
  }

  public String startingOffsets() {
    return getString(STARTING_OFFSETS);
  }

  public Duration windowDuration() {
    return Duration.ofMillis(getLong(WINDOW_DURATION_MS));
  }

  public Duration watermarkDelay() {
    return Duration.ofMillis(getLong(WATERMARK_DELAY_MS));
  }

  public Duration triggerInterval() {
    return Duration.ofMillis(getLong(TRIGGER_INTERVAL_MS));
  }

  public Duration schemaWaitTimeout() {
    return Duration.ofMillis(getLong(SCHEMA_WAIT_TIMEOUT_MS));
  }

  public long burstMinRequests() {
    return getLong(BURST_MIN_REQUESTS);
  }

  public double burstMaxUserAgentRatio() {
    return getDouble(BURST_MAX_USER_AGENT_RATIO);
  }

  public long errorSpikeMinRequests() {
    return getLong(ERROR_SPIKE_MIN_REQUESTS);
  }

  public double errorSpikeMinRate() {
    return getDouble(ERROR_SPIKE_MIN_RATE);
  }
}
