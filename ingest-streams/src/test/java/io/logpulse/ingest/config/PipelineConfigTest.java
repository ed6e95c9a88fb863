package io.logpulse.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpulse.ingest.pipeline.EventPipeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipeline settings fail at startup naming the key, and the README documents every key. */
class PipelineConfigTest {

  @TempDir Path directory;

  @Test
  void unknownPresetNamesTheKeyAndListsThePresets() {
    assertThatThrownBy(() -> new PipelineConfig(Map.of("log.format", "nginx_combinedd")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("log.format")
        .hasMessageContaining("nginx_combinedd")
        .hasMessageContaining("nginx_combined");
  }

  @Test
  void formatStringIsRequiredAndCompiledAtStartup() {
    assertThatThrownBy(() -> new PipelineConfig(Map.of("log.format", "apache")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("log.format.string");
    assertThatThrownBy(
            () ->
                new PipelineConfig(
                    Map.of("log.format", "apache", "log.format.string", "%h %l %u %t \"%r\" %Z")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("log.format.string")
        .hasMessageContaining("%Z");
    PipelineConfig nginx =
        new PipelineConfig(
            Map.of(
                "log.format",
                "nginx",
                "log.format.string",
                "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent"));
    assertThat(nginx.lineFormat().code()).isEqualTo("nginx_custom");
  }

  @Test
  void badRoutePatternAndServiceRuleNameTheirKeys() {
    assertThatThrownBy(() -> new PipelineConfig(Map.of("url.route.patterns", "/users/{id")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("url.route.patterns")
        .hasMessageContaining("/users/{id");
    assertThatThrownBy(() -> new PipelineConfig(Map.of("service.name.rules", "vhost:shop=shop")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("service.name.rules")
        .hasMessageContaining("vhost:shop=shop");
  }

  @Test
  void corruptGeoIpDatabaseFailsStartupNamingTheKey() throws IOException {
    Path corrupt = directory.resolve("GeoLite2-City.mmdb");
    Files.writeString(corrupt, "not a MaxMind database", StandardCharsets.UTF_8);
    PipelineConfig config =
        new PipelineConfig(
            Map.of("geoip.database.path", corrupt.toString(), "user.agent.enabled", "false"));
    assertThatThrownBy(() -> EventPipeline.create(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("geoip.database.path")
        .hasMessageContaining(corrupt.toString());
  }

  @Test
  void missingGeoIpDatabaseTurnsEnrichmentOffInsteadOfFailing() {
    PipelineConfig config =
        new PipelineConfig(
            Map.of(
                "geoip.database.path",
                directory.resolve("absent.mmdb").toString(),
                "user.agent.enabled",
                "false"));
    try (EventPipeline pipeline = EventPipeline.create(config)) {
      assertThat(pipeline.describe()).contains("geoip");
    }
  }

  @Test
  void anonymisationDropsTheRawLine() {
    PipelineConfig config =
        new PipelineConfig(Map.of("client.ip.anonymize", "true", "event.original.enabled", "true"));
    assertThat(config.eventOriginalEnabled()).isFalse();
  }

  @Test
  void readmeDocumentsEveryIngestSetting() throws IOException {
    String readme =
        Files.readString(
            Path.of(System.getProperty("logpulse.repository.dir", "..")).resolve("README.md"),
            StandardCharsets.UTF_8);
    for (String key : IngestConfig.DEFINITION.names()) {
      assertThat(readme).as("README row for %s", key).contains("| `" + key + "` |");
    }
  }

  @Test
  void settingsThatTheChosenFormatIgnoresFailInsteadOfBeingDropped() {
    assertThatThrownBy(
            () ->
                new PipelineConfig(
                    Map.of("log.format", "auto", "log.format.string", "$remote_addr $status")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("log.format.string")
        .hasMessageContaining("auto");
    assertThatThrownBy(
            () ->
                new PipelineConfig(
                    Map.of(
                        "log.format", "json",
                        "log.format.json.fields", "timestamp=ts,timestamp=time")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("log.format.json.fields")
        .hasMessageContaining("mapped twice");
    assertThatThrownBy(() -> new PipelineConfig(Map.of("geoip.database.path", "db\u0000.mmdb")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("geoip.database.path");
  }
}
