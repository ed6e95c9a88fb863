package io.logpulse.analytics.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import io.logpulse.analytics.detect.ClientRules;
import io.logpulse.analytics.detect.DetectorSettings;
import io.logpulse.analytics.detect.ErrorRateSpikeRule;
import io.logpulse.analytics.detect.LatencyRegressionRule;
import io.logpulse.analytics.detect.TrafficDropRule;
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
  public static final String QUERIES = "queries";
  public static final String SERVICE_WINDOW_QUERY = "service-window-metrics";
  public static final String CLIENT_WINDOW_QUERY = "client-window-metrics";
  public static final String DETECTION_QUERY = "detectors";
  public static final String DEAD_LETTER_QUERY = "undecodable-events";
  /** Every query's name ({@code AnalyticsJob} plans them), in start order. */
  public static final List<String> QUERY_NAMES =
      List.of(SERVICE_WINDOW_QUERY, CLIENT_WINDOW_QUERY, DETECTION_QUERY, DEAD_LETTER_QUERY);
  public static final String STARTING_OFFSETS = "starting.offsets";
  public static final String WINDOW_DURATION_MS = "window.duration.ms";
  public static final String WATERMARK_DELAY_MS = "watermark.delay.ms";
  public static final String TRIGGER_INTERVAL_MS = "trigger.interval.ms";
  public static final String DETECTOR_TRIGGER_INTERVAL_MS = "detector.trigger.interval.ms";
  public static final String SCHEMA_WAIT_TIMEOUT_MS = "schema.wait.timeout.ms";
  public static final String WINDOW_SLIDE_MS = "window.slide.ms";
  public static final String LATENCY_OBJECTIVE_MS = "sla.latency.objective.ms";
  public static final String LATE_EVENTS_TOPIC = "late.events.topic";
  public static final String DEAD_LETTER_TOPIC = "dead.letter.topic";
  public static final String SYSTEM_HEALTH_TOPIC = "system.health.topic";
  public static final String CLIENT_METRICS_TOPIC = "client.metrics.topic";
  public static final String CLIENT_WINDOW_DURATION_MS = "client.window.duration.ms";
  public static final String IDLE_CHECK_INTERVAL_MS = "detector.idle.check.interval.ms";
  public static final String SERVICE_IDLE_EVICTION_MS = "detector.service.idle.eviction.ms";
  public static final String RESOLVE_AFTER_WINDOWS = "alert.resolve.after.windows";
  public static final String BASELINE_EWMA_ALPHA = "detector.baseline.ewma.alpha";
  public static final String LATENCY_MIN_SAMPLES = "detector.latency-regression.min.samples";
  public static final String LATENCY_WARMUP_WINDOWS = "detector.latency-regression.warmup.windows";
  public static final String LATENCY_Z_THRESHOLD = "detector.latency-regression.z.threshold";
  public static final String LATENCY_MIN_RATIO = "detector.latency-regression.min.ratio";
  public static final String ERROR_SPIKE_MIN_REQUESTS = "detector.error-rate-spike.min.requests";
  public static final String ERROR_SPIKE_MIN_ERRORS = "detector.error-rate-spike.min.errors";
  public static final String ERROR_SPIKE_SIGNIFICANCE = "detector.error-rate-spike.significance";
  public static final String ERROR_SPIKE_MIN_RATE_INCREASE =
      "detector.error-rate-spike.min.rate.increase";
  public static final String ERROR_SPIKE_BASELINE_MIN_RATE =
      "detector.error-rate-spike.baseline.min.rate";
  public static final String ERROR_SPIKE_WARMUP_WINDOWS = "detector.error-rate-spike.warmup.windows";
  public static final String DROP_MIN_EXPECTED = "detector.traffic-drop.min.expected.requests";
  public static final String DROP_MAX_RATIO = "detector.traffic-drop.max.ratio";
  public static final String DROP_SIGNIFICANCE = "detector.traffic-drop.significance";
  public static final String DROP_WARMUP_WINDOWS = "detector.traffic-drop.warmup.windows";
  public static final String DROP_TIME_OF_DAY_MIN_DAYS = "detector.traffic-drop.time.of.day.min.days";
  public static final String BURST_MIN_REQUESTS = "detector.client-burst.min.requests";
  public static final String BURST_MAX_USER_AGENT_RATIO =
      "detector.client-burst.max.user.agent.ratio";
  public static final String BURST_NETWORK_MIN_REQUESTS =
      "detector.client-burst.network.min.requests";
  public static final String BURST_NETWORK_MAX_TOP_CLIENT_SHARE =
      "detector.client-burst.network.max.top.client.share";
  public static final String BURST_HISTORY_FACTOR = "detector.client-burst.history.factor";
  public static final String BURST_HISTORY_MIN_WINDOWS =
      "detector.client-burst.history.min.windows";
  public static final String BURST_HISTORY_RETENTION_MS =
      "detector.client-burst.history.retention.ms";
  public static final String BURST_POPULATION_QUANTILE = "detector.client-burst.population.quantile";
  public static final String BURST_POPULATION_FACTOR = "detector.client-burst.population.factor";
  public static final String BURST_POPULATION_MIN_WINDOWS =
      "detector.client-burst.population.min.windows";
  public static final String BURST_POPULATION_MEAN_AGE_MS =
      "detector.client-burst.population.mean.age.ms";
  public static final String SCANNING_MIN_FAILED_PATHS = "detector.scanning.min.failed.paths";
  public static final String BRUTE_FORCE_MIN_ATTEMPTS = "detector.brute-force.min.attempts";
  public static final String BRUTE_FORCE_PATH_PATTERN = "detector.brute-force.path.pattern";
  /** Detector name in config keys → rule name in alerts; each has {@code detector.<name>.cooldown.ms}. */
  public static final Map<String, String> RULES_BY_DETECTOR =
      Map.of(
          "latency-regression", LatencyRegressionRule.RULE,
          "error-rate-spike", ErrorRateSpikeRule.RULE,
          "traffic-drop", TrafficDropRule.RULE,
          "client-burst", ClientRules.BURST,
          "scanning", ClientRules.SCANNING,
          "brute-force", ClientRules.BRUTE_FORCE);
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
              QUERIES,
              Type.LIST,
              QUERY_NAMES,
              ConfigDef.CompositeValidator.of(
                  ConfigValidators.nonEmptyList(),
                  ConfigDef.ValidList.in(QUERY_NAMES.toArray(String[]::new))),
              Importance.MEDIUM,
              "The streaming queries this deployment runs, by name: "
                  + String.join(", ", QUERY_NAMES)
                  + ". All by default. Two deployments with the same checkpoint root and"
                  + " disjoint lists split the job, e.g. "
                  + DETECTION_QUERY
                  + " on cores of its own so that alerts never wait behind the window"
                  + " queries' batches.")
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
              10_000L,
              Range.atLeast(0L),
              Importance.MEDIUM,
              "Micro-batch trigger interval of the window metrics queries (service and client"
                  + " windows) and of the dead-letter query, in milliseconds. Their results wait for the watermark anyway, so a"
                  + " longer interval costs little delay and saves the fixed cost of each batch.")
          .define(
              DETECTOR_TRIGGER_INTERVAL_MS,
              Type.LONG,
              250L,
              Range.atLeast(10L),
              Importance.MEDIUM,
              "Micro-batch trigger interval of the detectors query, in milliseconds: the most an"
                  + " alert waits for the next batch to start. The query runs a batch every"
                  + " interval even without new data (its state has processing-time timeouts),"
                  + " so a shorter interval costs CPU on an idle system.")
          .define(
              SCHEMA_WAIT_TIMEOUT_MS,
              Type.LONG,
              600_000L,
              Range.atLeast(0L),
              Importance.LOW,
              "How long to wait at startup for the events topic's value subject to be registered,"
                  + " in milliseconds.")
          .define(
              WINDOW_SLIDE_MS,
              Type.LONG,
              0L,
              Range.atLeast(0L),
              Importance.MEDIUM,
              "Slide of the service metrics windows, in milliseconds: 0 for tumbling windows,"
                  + " else at most window.duration.ms (a window of that length every slide)."
                  + " Detectors always use tumbling windows of window.duration.ms.")
          .define(
              LATENCY_OBJECTIVE_MS,
              Type.DOUBLE,
              500.0,
              Range.atLeast(0.0),
              Importance.MEDIUM,
              "Latency objective of the SLA performance figure, in milliseconds:"
                  + " sla_performance is the share of timed requests faster than this.")
          .define(
              LATE_EVENTS_TOPIC,
              Type.STRING,
              "logpulse.late-events",
              new NonEmptyString(),
              Importance.MEDIUM,
              "Topic events behind the detection query's watermark are written to, as JSON with"
                  + " the reason, instead of vanishing.")
          .define(
              DEAD_LETTER_TOPIC,
              Type.STRING,
              "logpulse.analytics-dead-letter",
              new NonEmptyString(),
              Importance.MEDIUM,
              "Topic events-topic records that cannot be decoded are written to (bytes as read,"
                  + " with logpulse.errors.* headers: topic, partition, offset, stage, reason,"
                  + " message), instead of stopping the job.")
          .define(
              SYSTEM_HEALTH_TOPIC,
              Type.STRING,
              "logpulse.system-health",
              new NonEmptyString(),
              Importance.MEDIUM,
              "Topic the system health per window (all services) is written to, as JSON.")
          .define(
              CLIENT_METRICS_TOPIC,
              Type.STRING,
              "logpulse.client-metrics",
              new NonEmptyString(),
              Importance.MEDIUM,
              "Topic the per-client-IP and per-user window metrics are written to, as JSON.")
          .define(
              CLIENT_WINDOW_DURATION_MS,
              Type.LONG,
              300_000L,
              Range.atLeast(1_000L),
              Importance.MEDIUM,
              "Length of the tumbling windows of the client and user metrics, in milliseconds.")
          .define(
              IDLE_CHECK_INTERVAL_MS,
              Type.LONG,
              10_000L,
              Range.atLeast(100L),
              Importance.LOW,
              "How often, in milliseconds of wall-clock time, detection state without new events"
                  + " is visited to close windows by the watermark: a drop to zero and the resolve"
                  + " of a client that went quiet are seen within this.")
          .define(
              SERVICE_IDLE_EVICTION_MS,
              Type.LONG,
              86_400_000L,
              Range.atLeast(60_000L),
              Importance.LOW,
              "A service without events for this long (event time, milliseconds) loses its"
                  + " detection state and baselines.")
          .define(
              RESOLVE_AFTER_WINDOWS,
              Type.INT,
              2,
              Range.atLeast(1),
              Importance.MEDIUM,
              "Consecutive complete windows without its condition after which an incident is"
                  + " resolved (a resolved alert with the same alert_id).")
          .define(
              BASELINE_EWMA_ALPHA,
              Type.DOUBLE,
              0.1,
              Range.between(0.001, 1.0),
              Importance.LOW,
              "Smoothing factor of the baselines (EWMA of each window's figure): about 2/alpha"
                  + " windows of memory.")
          .define(
              LATENCY_MIN_SAMPLES,
              Type.INT,
              30,
              Range.atLeast(1),
              Importance.MEDIUM,
              "service_latency_regression judges a window only with at least this many timed"
                  + " requests (event.duration present) ...")
          .define(
              LATENCY_WARMUP_WINDOWS,
              Type.INT,
              10,
              Range.atLeast(1),
              Importance.MEDIUM,
              "... and once its baseline has this many windows ...")
          .define(
              LATENCY_Z_THRESHOLD,
              Type.DOUBLE,
              4.0,
              Range.atLeast(0.0),
              Importance.MEDIUM,
              "... and fires when ln(p95) is this many baseline scales above the baseline ...")
          .define(
              LATENCY_MIN_RATIO,
              Type.DOUBLE,
              1.5,
              Range.atLeast(1.0),
              Importance.MEDIUM,
              "... and p95 is at least this many times the baseline p95.")
          .define(
              ERROR_SPIKE_MIN_REQUESTS,
              Type.LONG,
              50L,
              Range.atLeast(1L),
              Importance.MEDIUM,
              "service_error_rate_spike judges a window only with at least this many requests ...")
          .define(
              ERROR_SPIKE_MIN_ERRORS,
              Type.LONG,
              5L,
              Range.atLeast(1L),
              Importance.MEDIUM,
              "... and fires only with at least this many responses with status >= 500 ...")
          .define(
              ERROR_SPIKE_SIGNIFICANCE,
              Type.DOUBLE,
              1e-6,
              Range.between(1e-300, 0.5),
              Importance.MEDIUM,
              "... whose count has at most this probability under the baseline rate (binomial"
                  + " upper tail) ...")
          .define(
              ERROR_SPIKE_MIN_RATE_INCREASE,
              Type.DOUBLE,
              0.05,
              Range.between(0.0, 1.0),
              Importance.MEDIUM,
              "... and whose share exceeds the baseline share by at least this (0 to 1).")
          .define(
              ERROR_SPIKE_BASELINE_MIN_RATE,
              Type.DOUBLE,
              0.005,
              Range.between(1e-9, 1.0),
              Importance.LOW,
              "Smallest baseline share of status >= 500 the test assumes, so a service that never"
                  + " failed does not page on its first errors.")
          .define(
              ERROR_SPIKE_WARMUP_WINDOWS,
              Type.INT,
              5,
              Range.atLeast(1),
              Importance.LOW,
              "Windows of baseline service_error_rate_spike needs before it judges.")
          .define(
              DROP_MIN_EXPECTED,
              Type.DOUBLE,
              50.0,
              Range.atLeast(1.0),
              Importance.MEDIUM,
              "service_traffic_drop judges a window only when at least this many requests are"
                  + " expected ...")
          .define(
              DROP_MAX_RATIO,
              Type.DOUBLE,
              0.5,
              Range.between(0.0, 1.0),
              Importance.MEDIUM,
              "... and fires when at most this share of the expected count arrived ...")
          .define(
              DROP_SIGNIFICANCE,
              Type.DOUBLE,
              1e-6,
              Range.between(1e-300, 0.5),
              Importance.MEDIUM,
              "... with at most this probability under the expected count (Poisson lower tail).")
          .define(
              DROP_WARMUP_WINDOWS,
              Type.INT,
              10,
              Range.atLeast(1),
              Importance.LOW,
              "Windows of recent history service_traffic_drop needs before it judges.")
          .define(
              DROP_TIME_OF_DAY_MIN_DAYS,
              Type.INT,
              3,
              Range.atLeast(1),
              Importance.LOW,
              "Days of history of an hour of the day after which service_traffic_drop expects"
                  + " that hour's usual traffic instead of the recent level.")
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
              "... with at most this many distinct user agents per request (0.05 = at least 20"
                  + " requests per agent on average): a script rotating a handful of agents, not a"
                  + " crowd behind a NAT.")
          .define(
              BURST_NETWORK_MIN_REQUESTS,
              Type.LONG,
              600L,
              Range.atLeast(1L),
              Importance.MEDIUM,
              "client_request_burst fires for a /24 (IPv4) or /48 (IPv6) network with at least"
                  + " this many requests in one window from two or more addresses ...")
          .define(
              BURST_NETWORK_MAX_TOP_CLIENT_SHARE,
              Type.DOUBLE,
              0.5,
              Range.between(0.0, 1.0),
              Importance.LOW,
              "... none of which sent this share of them (else it is one address's burst).")
          .define(
              BURST_HISTORY_FACTOR,
              Type.DOUBLE,
              3.0,
              Range.atLeast(1.0),
              Importance.MEDIUM,
              "A client (address or network) with a history of busy windows bursts only at this"
                  + " many times its usual requests per window (EWMA over its windows that were"
                  + " not bursts), and never below the min.requests thresholds.")
          .define(
              BURST_HISTORY_MIN_WINDOWS,
              Type.INT,
              5,
              Range.atLeast(1),
              Importance.LOW,
              "Windows with requests, not bursts, a client needs before its history counts.")
          .define(
              BURST_HISTORY_RETENTION_MS,
              Type.LONG,
              86_400_000L,
              Range.atLeast(0L),
              Importance.LOW,
              "How long, in milliseconds of event time since its last request, a client's history"
                  + " is kept. Only clients whose usual rate is at least min.requests / factor keep"
                  + " one (below that the history cannot change a verdict); 0 keeps a history only"
                  + " while the client's state lives anyway (open windows, incidents).")
          .define(
              BURST_POPULATION_QUANTILE,
              Type.DOUBLE,
              0.99,
              Range.between(0.5, 1.0),
              Importance.LOW,
              "The population's figure a burst is compared with: this quantile of the requests per"
                  + " window of recent client windows without anomaly (addresses and networks"
                  + " apart). 0.99: what the busiest percent of ordinary clients send.")
          .define(
              BURST_POPULATION_FACTOR,
              Type.DOUBLE,
              3.0,
              Range.atLeast(0.0),
              Importance.MEDIUM,
              "A burst must also reach this many times the population's quantile (far above the"
                  + " population); 0 turns the population condition off. Until it is met the"
                  + " incident is held back, and alerts as soon as it is.")
          .define(
              BURST_POPULATION_MIN_WINDOWS,
              Type.INT,
              100,
              Range.atLeast(1),
              Importance.LOW,
              "Client windows (decayed) the population needs before it can hold a burst back;"
                  + " until then only the minimum and the client's own history apply.")
          .define(
              BURST_POPULATION_MEAN_AGE_MS,
              Type.LONG,
              3_600_000L,
              Range.atLeast(60_000L),
              Importance.LOW,
              "Mean age, in milliseconds of event time, of the client windows in the population:"
                  + " each window's weight decays as e^(-age / this).")
          .define(
              SCANNING_MIN_FAILED_PATHS,
              Type.INT,
              30,
              Range.between(1, 1000),
              Importance.MEDIUM,
              "client_scanning fires when one source.ip requests at least this many distinct URL"
                  + " paths answered with a 4xx status in one window.")
          .define(
              BRUTE_FORCE_MIN_ATTEMPTS,
              Type.LONG,
              20L,
              Range.atLeast(1L),
              Importance.MEDIUM,
              "client_brute_force fires when one source.ip sends at least this many POST"
                  + " requests to login paths in one window.")
          .define(
              BRUTE_FORCE_PATH_PATTERN,
              Type.STRING,
              new DetectorSettings().bruteForcePathPattern.pattern(),
              (name, value) -> {
                try {
                  Pattern.compile((String) value);
                } catch (PatternSyntaxException e) {
                  throw new ConfigException(name, value, "not a regular expression: " + e.getDescription());
                }
              },
              Importance.LOW,
              "Java regular expression a url.path must match entirely to count as a login path.");

  static {
    new java.util.TreeMap<>(RULES_BY_DETECTOR)
        .forEach(
            (detector, rule) ->
                DEFINITION.define(
                    cooldownKey(detector),
                    Type.LONG,
                    900_000L,
                    Range.atLeast(0L),
                    Importance.LOW,
                    "After a " + rule + " incident is resolved, the condition again within this"
                        + " many milliseconds (event time) re-opens it under the same alert_id"
                        + " instead of starting a new one."));
  }

  /** @return the key of a detector's cooldown, {@code detector.<name>.cooldown.ms} */
  public static String cooldownKey(String detector) {
    return "detector." + detector + ".cooldown.ms";
  }

  /**
   * @throws ConfigException naming the key and the bad value when a setting is missing or invalid
   */
  public AnalyticsConfig(Map<?, ?> originals) {
    super(DEFINITION, originals, true);
    long window = getLong(WINDOW_DURATION_MS);
    long slide = getLong(WINDOW_SLIDE_MS);
    if (slide > window) {
      throw new ConfigException(WINDOW_SLIDE_MS, slide, "must be at most " + WINDOW_DURATION_MS + " (" + window + ")");
    }
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

  /** @return the names of the queries to run, in {@link #QUERY_NAMES} order */
  public List<String> queries() {
    List<String> chosen = getList(QUERIES);
    return QUERY_NAMES.stream().filter(chosen::contains).toList();
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

  /** @return the detectors query's micro-batch interval ({@value #DETECTOR_TRIGGER_INTERVAL_MS}) */
  public Duration detectorTriggerInterval() {
    return Duration.ofMillis(getLong(DETECTOR_TRIGGER_INTERVAL_MS));
  }

  public Duration schemaWaitTimeout() {
    return Duration.ofMillis(getLong(SCHEMA_WAIT_TIMEOUT_MS));
  }

  /** @return the slide of the metrics windows; equal to the window duration for tumbling ones */
  public Duration windowSlide() {
    long slide = getLong(WINDOW_SLIDE_MS);
    return slide == 0 ? windowDuration() : Duration.ofMillis(slide);
  }

  public double latencyObjectiveMillis() {
    return getDouble(LATENCY_OBJECTIVE_MS);
  }

  public String lateEventsTopic() {
    return getString(LATE_EVENTS_TOPIC);
  }

  public String deadLetterTopic() {
    return getString(DEAD_LETTER_TOPIC);
  }

  public String systemHealthTopic() {
    return getString(SYSTEM_HEALTH_TOPIC);
  }

  public String clientMetricsTopic() {
    return getString(CLIENT_METRICS_TOPIC);
  }

  public Duration clientWindowDuration() {
    return Duration.ofMillis(getLong(CLIENT_WINDOW_DURATION_MS));
  }

  public Duration idleCheckInterval() {
    return Duration.ofMillis(getLong(IDLE_CHECK_INTERVAL_MS));
  }

  /** @return every detector threshold, as the detectors take them */
  public DetectorSettings detectorSettings() {
    DetectorSettings settings = new DetectorSettings();
    settings.windowMs = getLong(WINDOW_DURATION_MS);
    settings.resolveAfterWindows = getInt(RESOLVE_AFTER_WINDOWS);
    Map<String, Long> cooldowns = new TreeMap<>();
    RULES_BY_DETECTOR.forEach((detector, rule) -> cooldowns.put(rule, getLong(cooldownKey(detector))));
    settings.cooldownMsByRule = cooldowns;
    settings.serviceIdleEvictionMs = getLong(SERVICE_IDLE_EVICTION_MS);
    double alpha = getDouble(BASELINE_EWMA_ALPHA);
    settings.latencyEwmaAlpha = alpha;
    settings.errorEwmaAlpha = alpha;
    settings.dropEwmaAlpha = alpha;
    settings.latencyMinSamples = getInt(LATENCY_MIN_SAMPLES);
    settings.latencyWarmupWindows = getInt(LATENCY_WARMUP_WINDOWS);
    settings.latencyZThreshold = getDouble(LATENCY_Z_THRESHOLD);
    settings.latencyMinRatio = getDouble(LATENCY_MIN_RATIO);
    settings.errorMinRequests = getLong(ERROR_SPIKE_MIN_REQUESTS);
    settings.errorMinErrors = getLong(ERROR_SPIKE_MIN_ERRORS);
    settings.errorSignificance = getDouble(ERROR_SPIKE_SIGNIFICANCE);
    settings.errorMinRateIncrease = getDouble(ERROR_SPIKE_MIN_RATE_INCREASE);
    settings.errorBaselineMinRate = getDouble(ERROR_SPIKE_BASELINE_MIN_RATE);
    settings.errorWarmupWindows = getInt(ERROR_SPIKE_WARMUP_WINDOWS);
    settings.dropMinExpectedRequests = getDouble(DROP_MIN_EXPECTED);
    settings.dropMaxRatio = getDouble(DROP_MAX_RATIO);
    settings.dropSignificance = getDouble(DROP_SIGNIFICANCE);
    settings.dropWarmupWindows = getInt(DROP_WARMUP_WINDOWS);
    settings.dropTimeOfDayMinSamples = getInt(DROP_TIME_OF_DAY_MIN_DAYS);
    settings.burstMinRequests = getLong(BURST_MIN_REQUESTS);
    settings.burstMaxUserAgentRatio = getDouble(BURST_MAX_USER_AGENT_RATIO);
    settings.burstNetworkMinRequests = getLong(BURST_NETWORK_MIN_REQUESTS);
    settings.burstNetworkMaxTopClientShare = getDouble(BURST_NETWORK_MAX_TOP_CLIENT_SHARE);
    settings.burstHistoryFactor = getDouble(BURST_HISTORY_FACTOR);
    settings.burstHistoryMinWindows = getInt(BURST_HISTORY_MIN_WINDOWS);
    settings.burstHistoryRetentionMs = getLong(BURST_HISTORY_RETENTION_MS);
    settings.burstHistoryEwmaAlpha = alpha;
    settings.burstPopulationQuantile = getDouble(BURST_POPULATION_QUANTILE);
    settings.burstPopulationFactor = getDouble(BURST_POPULATION_FACTOR);
    settings.burstPopulationMinWeight = getInt(BURST_POPULATION_MIN_WINDOWS);
    settings.burstPopulationMeanAgeMs = getLong(BURST_POPULATION_MEAN_AGE_MS);
    settings.scanMinFailedPaths = getInt(SCANNING_MIN_FAILED_PATHS);
    settings.bruteForceMinAttempts = getLong(BRUTE_FORCE_MIN_ATTEMPTS);
    settings.bruteForcePathPattern = Pattern.compile(getString(BRUTE_FORCE_PATH_PATTERN));
    return settings;
  }
}
