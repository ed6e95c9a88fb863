package io.logpulse.analytics.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpulse.analytics.detect.DetectorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AnalyticsConfigTest {

  private static Map<String, Object> required() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", "kafka.invalid:9092");
    settings.put("schema.registry.url", "http://registry.invalid");
    settings.put("checkpoint.location", "/tmp/checkpoints");
    return settings;
  }

  @Test
  void everyKeyIsDocumentedInTheReadme() throws IOException {
    Path readme =
        Path.of(System.getProperty("logpulse.repository.dir", "..")).resolve("README.md");
    String text = Files.readString(readme);
    for (String key : AnalyticsConfig.DEFINITION.names()) {
      boolean cooldown = key.startsWith("detector.") && key.endsWith(".cooldown.ms");
      assertThat(cooldown || text.contains("`" + key + "`"))
          .as("README documents %s", key)
          .isTrue();
    }
    assertThat(text).contains("`detector.<name>.cooldown.ms`");
  }

  @Test
  void detectorSettingsComeFromTheirKeys() {
    Map<String, Object> settings = required();
    settings.put("detector.scanning.min.failed.paths", "12");
    settings.put("detector.client-burst.cooldown.ms", "5000");
    settings.put("detector.brute-force.path.pattern", "/admin/login");
    DetectorSettings detectors = new AnalyticsConfig(settings).detectorSettings();
    assertThat(detectors.scanMinFailedPaths).isEqualTo(12);
    assertThat(detectors.cooldownMs("client_request_burst")).isEqualTo(5000);
    assertThat(detectors.cooldownMs("service_traffic_drop")).isEqualTo(900_000);
    assertThat(detectors.bruteForcePathPattern.matcher("/admin/login").matches()).isTrue();
    assertThat(detectors.bruteForcePathPattern.matcher("/wp-login.php").matches()).isFalse();
  }

  @Test
  void badValuesFailNamingTheKey() {
    Map<String, Object> slide = required();
    slide.put("window.slide.ms", "120000");
    assertThatThrownBy(() -> new AnalyticsConfig(slide))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("window.slide.ms");

    Map<String, Object> pattern = required();
    pattern.put("detector.brute-force.path.pattern", "(/login");
    assertThatThrownBy(() -> new AnalyticsConfig(pattern))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("detector.brute-force.path.pattern");

    Map<String, Object> significance = required();
    significance.put("detector.error-rate-spike.significance", "0.9");
    assertThatThrownBy(() -> new AnalyticsConfig(significance))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("detector.error-rate-spike.significance");

    Map<String, Object> unknownQuery = required();
    unknownQuery.put("queries", "detectors,detector");
    assertThatThrownBy(() -> new AnalyticsConfig(unknownQuery))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid value detector for configuration queries");

    Map<String, Object> noQuery = required();
    noQuery.put("queries", "");
    assertThatThrownBy(() -> new AnalyticsConfig(noQuery))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("queries");
  }

  @Test
  void queriesDefaultToAllAndKeepStartOrder() {
    assertThat(new AnalyticsConfig(required()).queries())
        .containsExactly(
            "service-window-metrics", "client-window-metrics", "detectors", "undecodable-events");
    Map<String, Object> split = required();
    split.put("queries", "undecodable-events, service-window-metrics");
    assertThat(new AnalyticsConfig(split).queries())
        .containsExactly("service-window-metrics", "undecodable-events");
  }
}
