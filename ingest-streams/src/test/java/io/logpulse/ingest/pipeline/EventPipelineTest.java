package io.logpulse.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.ingest.config.PipelineConfig;
import io.logpulse.ingest.parse.ParseResult;
import io.logpulse.schemas.AccessEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole line pipeline as configured from properties: a custom nginx format, then every
 * enrichment step in order, with MaxMind's test databases and the real user-agent parser.
 */
class EventPipelineTest {

  private static final Path GEOIP =
      Path.of(System.getProperty("logpulse.shared.dir", "../../shared"), "data/geoip/maxmind-test");

  private static final String FORMAT =
      "$host $remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent"
          + " \"$http_referer\" \"$http_user_agent\" \"$http_x_forwarded_for\"";

  @Test
  void parsesEnrichesAndAnonymisesInOrder() {
    PipelineConfig config =
        new PipelineConfig(
            Map.of(
                "log.format", "nginx",
                "log.format.string", FORMAT,
                "url.route.patterns", "/api/v1/carts/{cartId}",
                "service.name.rules", "host:*.shop.example=shop,path:/admin=backoffice",
                "geoip.database.path", GEOIP.resolve("GeoIP2-City-Test.mmdb").toString(),
                "geoip.asn.database.path", GEOIP.resolve("GeoLite2-ASN-Test.mmdb").toString(),
                "geoip.reload.interval.ms", "0",
                "client.ip.anonymize", "true",
                "timestamp.skew.max.past.ms", "60000"));
    // 81.2.69.142 is London, GB in GeoIP2-City-Test.json; 10.0.0.0/8 is private (RFC 1918), so
    // the real client is the first public X-Forwarded-For entry.
    String line =
        "www.shop.example:443 10.1.2.3 - - [21/Nov/2026:03:00:00 +0000]"
            + " \"GET /api/v1/carts/8f14e45f-ceea-467f-a9f3-0f0c59d5e5b2?x=%2F HTTP/2.0\" 200 512"
            + " \"-\" \"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)\""
            + " \"81.2.69.142, 10.0.0.7\"";

    AccessEvent event;
    try (EventPipeline pipeline = EventPipeline.create(config)) {
      ParseResult result =
          pipeline.process(
              (line + "\r\n").getBytes(StandardCharsets.UTF_8),
              null,
              Instant.parse("2026-11-21T03:00:30Z"));
      assertThat(result).isInstanceOf(ParseResult.Parsed.class);
      event = ((ParseResult.Parsed) result).event();
    }

    assertThat(event.getLogFormat()).isEqualTo("nginx_custom");
    assertThat(event.getUrlDomain()).isEqualTo("www.shop.example");
    assertThat(event.getServiceName()).isEqualTo("shop");
    assertThat(event.getHttpRoute()).isEqualTo("/api/v1/carts/{cartId}");
    assertThat(event.getHttpVersion()).isEqualTo("2.0");
    // Geo looked up on the full address, before anonymisation truncated it.
    assertThat(event.getClientGeoCountryIsoCode()).isEqualTo("GB");
    assertThat(event.getClientGeoCityName()).isEqualTo("London");
    assertThat(event.getClientIp()).isEqualTo("81.2.69.0");
    assertThat(event.getSourceIp()).isEqualTo("10.1.2.0");
    assertThat(event.getSourceAddress()).isEqualTo("10.1.2.0");
    assertThat(event.getEventOriginal()).as("the raw line holds the full address").isNull();
    assertThat(event.getUserAgentName()).isEqualTo("Googlebot");
    assertThat(event.getUserAgentIsBot()).isTrue();
    assertThat(event.getTags()).containsExactly("client_ip_anonymized");
  }

  @Test
  void flagsImplausibleTimestampsAndKeepsTheEvent() {
    PipelineConfig config =
        new PipelineConfig(
            Map.of(
                "user.agent.enabled", "false",
                "timestamp.skew.max.past.ms", "3600000",
                "timestamp.skew.max.future.ms", "300000"));
    // nginx-combined-ployt0/access.log line 1: logged in 2022, ingested "now".
    String line =
        "18.184.180.0 - - [01/Sep/2022:22:12:45 +0000] \"GET / HTTP/1.1\" 200 87 \"-\" \"-\"";
    try (EventPipeline pipeline = EventPipeline.create(config)) {
      ParseResult result =
          pipeline.process(
              line.getBytes(StandardCharsets.UTF_8), "web", Instant.parse("2026-11-21T03:00:00Z"));
      AccessEvent event = ((ParseResult.Parsed) result).event();
      assertThat(event.getTags()).containsExactly("timestamp_skewed");
      assertThat(event.getServiceName()).isEqualTo("web");
      assertThat(event.getEventOriginal()).isEqualTo(line);
    }
  }

  @Test
  void zeroSkewBoundTurnsThatSideOfTheCheckOff() {
    PipelineConfig config =
        new PipelineConfig(
            Map.of("user.agent.enabled", "false", "timestamp.skew.max.past.ms", "0"));
    String line =
        "18.184.180.0 - - [01/Sep/2022:22:12:45 +0000] \"GET / HTTP/1.1\" 200 87 \"-\" \"-\"";
    try (EventPipeline pipeline = EventPipeline.create(config)) {
      ParseResult result =
          pipeline.process(
              line.getBytes(StandardCharsets.UTF_8), null, Instant.parse("2026-11-21T03:00:00Z"));
      assertThat(((ParseResult.Parsed) result).event().getTags()).isEmpty();
    }
  }
}
