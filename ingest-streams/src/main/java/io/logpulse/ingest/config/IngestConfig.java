package io.logpulse.ingest.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import io.logpulse.registry.ConfigValidators;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The typed, validated configuration of the ingest-streams service, declared once in a {@link
 * ConfigDef} in the manner of Kafka's own {@code StreamsConfig}.
 *
 * <p>Endpoints ({@value #BOOTSTRAP_SERVERS}, {@value #SCHEMA_REGISTRY_URL}) have no default. Keys
 * prefixed with {@value #STREAMS_PREFIX} are passed to Kafka Streams with the prefix removed, so any
 * {@link StreamsConfig} setting can be tuned without a code change.
 */
public final class IngestConfig extends AbstractConfig {

  private final PipelineConfig pipelineConfig;

  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String APPLICATION_ID = "application.id";
  public static final String INPUT_TOPIC = "input.topic";
  public static final String EVENTS_TOPIC = "events.topic";
  public static final String DEAD_LETTER_TOPIC = "dead.letter.topic";
  public static final String PROCESSING_ERRORS_MAX_RATIO = "processing.errors.max.ratio";
  public static final String PROCESSING_ERRORS_WINDOW_LINES = "processing.errors.window.lines";
  public static final String STREAMS_PREFIX = "streams.";

  /**
   * Every setting of the service, with its type, default, validator and documentation: the
   * service's own plus those of {@link PipelineConfig}.
   */
  public static final ConfigDef DEFINITION =
      PipelineConfig.define(new ConfigDef())
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
              "Base URL of a Confluent Schema Registry API, e.g. http://registry:8081. Required.")
          .define(
              APPLICATION_ID,
              Type.STRING,
              "logpulse-ingest",
              new NonEmptyString(),
              Importance.HIGH,
              "Kafka Streams application.id: consumer group and transactional id prefix.")
          .define(
              INPUT_TOPIC,
              Type.STRING,
              "logpulse.raw-lines",
              new NonEmptyString(),
              Importance.HIGH,
              "Topic of raw access-log lines, one line per record value (bytes, UTF-8 expected).")
          .define(
              EVENTS_TOPIC,
              Type.STRING,
              "logpulse.access-events",
              new NonEmptyString(),
              Importance.HIGH,
              "Topic of parsed AccessEvent records, Avro in the Confluent wire format; the schema"
                  + " is registered under the subject <topic>-value.")
          .define(
              DEAD_LETTER_TOPIC,
              Type.STRING,
              "logpulse.dead-letter",
              new NonEmptyString(),
              Importance.HIGH,
              "Topic of lines that could not be used: raw bytes as value, provenance and reason"
                  + " in logpulse.errors.* headers.")
          .define(
              PROCESSING_ERRORS_MAX_RATIO,
              Type.DOUBLE,
              0.1,
              (name, value) -> {
                // Range.between lets NaN through.
                if (!(value instanceof Double ratio && ratio >= 0 && ratio <= 1)) {
                  throw new ConfigException(name, value, "must be within [0, 1]");
                }
              },
              Importance.MEDIUM,
              "A line whose processing throws (a defect, not bad input) is dead-lettered with"
                  + " reason processing_error, unless more than this share of a partition's last "
                  + PROCESSING_ERRORS_WINDOW_LINES
                  + " lines threw: then the service stops, and the lines since the last commit are"
                  + " processed again once the defect is fixed. Kept in memory: a restarted task"
                  + " starts with an empty window. 0 stops at the first such line; 1 never stops.")
          .define(
              PROCESSING_ERRORS_WINDOW_LINES,
              Type.INT,
              1000,
              ConfigDef.Range.atLeast(1),
              Importance.LOW,
              "Number of a partition's most recent lines over which "
                  + PROCESSING_ERRORS_MAX_RATIO
                  + " is judged.");

  /**
   * Parses and validates the given settings.
   *
   * @param originals settings by key; values are strings or already-typed values
   * @throws ConfigException naming the key and the bad value when a setting is missing or invalid
   */
  public IngestConfig(Map<?, ?> originals) {
    super(DEFINITION, originals, true);
    this.pipelineConfig = new PipelineConfig(originals);
    // Validate the streams.* pass-through now, so a bad value fails before anything starts.
    String handler = STREAMS_PREFIX + StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG;
    if (originals.containsKey(handler)) {
      // Kafka Streams hands every exception thrown while processing to that handler: one that
      // continues would swallow the processing-error budget's stop, and lose the line.
      throw new ConfigException(
          handler,
          originals.get(handler),
          "not supported: a line whose processing throws is dead-lettered by ingest-streams; see "
              + PROCESSING_ERRORS_MAX_RATIO);
    }
    new StreamsConfig(streamsProperties());
  }

  /**
   * Reads a Java properties file and validates it.
   *
   * @throws ConfigException when the file cannot be read or a setting is missing or invalid
   */
  public static IngestConfig fromFile(Path path) {
    return new IngestConfig(ConfigFiles.read(path));
  }

  /** The Kafka Streams properties: the service's own plus every {@value #STREAMS_PREFIX} key. */
  public Properties streamsProperties() {
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, getString(APPLICATION_ID));
    properties.put(
        StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", getList(BOOTSTRAP_SERVERS)));
    properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    Map<String, Object> overrides = new HashMap<>(originalsWithPrefix(STREAMS_PREFIX));
    properties.putAll(overrides);
    return properties;
  }

  public String schemaRegistryUrl() {
    return getString(SCHEMA_REGISTRY_URL);
  }

  public String inputTopic() {
    return getString(INPUT_TOPIC);
  }

  public String eventsTopic() {
    return getString(EVENTS_TOPIC);
  }

  public String deadLetterTopic() {
    return getString(DEAD_LETTER_TOPIC);
  }

  /** @return share of a partition's recent lines whose processing may throw, 0 to 1 */
  public double processingErrorsMaxRatio() {
    return getDouble(PROCESSING_ERRORS_MAX_RATIO);
  }

  /** @return number of a partition's recent lines the ratio is judged over, at least 1 */
  public int processingErrorsWindowLines() {
    return getInt(PROCESSING_ERRORS_WINDOW_LINES);
  }

  /** The parse and enrich settings, validated with the rest at construction. */
  public PipelineConfig pipelineConfig() {
    return pipelineConfig;
  }
}
