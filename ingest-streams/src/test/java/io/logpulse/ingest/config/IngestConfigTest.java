package io.logpulse.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Bad settings fail at construction, naming the key. */
class IngestConfigTest {

  private static Map<String, String> valid() {
    Map<String, String> settings = new HashMap<>();
    settings.put("bootstrap.servers", "kafka-1:9092,kafka-2:9092");
    settings.put("schema.registry.url", "http://registry:8081");
    return settings;
  }

  @Test
  void endpointsAreRequired() {
    Map<String, String> settings = valid();
    settings.remove("bootstrap.servers");
    assertThatThrownBy(() -> new IngestConfig(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bootstrap.servers");
  }

  @Test
  void registryUrlMustBeHttp() {
    Map<String, String> settings = valid();
    settings.put("schema.registry.url", "registry:8081");
    assertThatThrownBy(() -> new IngestConfig(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url")
        .hasMessageContaining("registry:8081");
  }

  @Test
  void lineLimitIsRangeChecked() {
    Map<String, String> settings = valid();
    settings.put("max.line.length.chars", "10");
    assertThatThrownBy(() -> new IngestConfig(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("max.line.length.chars");
  }

  @Test
  void processingErrorBudgetIsRangeChecked() {
    Map<String, String> settings = valid();
    settings.put("processing.errors.max.ratio", "1.5");
    assertThatThrownBy(() -> new IngestConfig(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("processing.errors.max.ratio");
    settings.put("processing.errors.max.ratio", "0.25");
    settings.put("processing.errors.window.lines", "0");
    assertThatThrownBy(() -> new IngestConfig(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("processing.errors.window.lines");
    settings.put("processing.errors.window.lines", "200");
    settings.put("processing.errors.max.ratio", "NaN");
    assertThatThrownBy(() -> new IngestConfig(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("processing.errors.max.ratio");
    settings.put("processing.errors.max.ratio", "0.25");
    settings.put(
        "streams.processing.exception.handler",
        "org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler");
    assertThatThrownBy(() -> new IngestConfig(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("streams.processing.exception.handler");
    settings.remove("streams.processing.exception.handler");
    IngestConfig config = new IngestConfig(settings);
    assertThat(config.processingErrorsMaxRatio()).isEqualTo(0.25);
    assertThat(config.processingErrorsWindowLines()).isEqualTo(200);
  }

  @Test
  void streamsPassThroughIsValidatedAndApplied() {
    Map<String, String> settings = valid();
    settings.put("streams.commit.interval.ms", "not-a-number");
    assertThatThrownBy(() -> new IngestConfig(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("commit.interval.ms");

    settings.put("streams.commit.interval.ms", "250");
    IngestConfig config = new IngestConfig(settings);
    assertThat(config.streamsProperties())
        .containsEntry("commit.interval.ms", "250")
        .containsEntry("processing.guarantee", "exactly_once_v2")
        .containsEntry("bootstrap.servers", "kafka-1:9092,kafka-2:9092");
  }
}
