package io.logpulse.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpulse.schemas.AccessEvent;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The public {@link LineFormat} API: factories, presets, compile errors, descriptions. */
class LineFormatTest {

  private static final LineContext CONTEXT = new LineContext("test", null, false);

  @Test
  void presetNamesAreExactlyTheDocumentedOnes() {
    assertThat(LineFormat.presetNames())
        .containsExactly(
            "apache_common",
            "apache_combined",
            "apache_vhost_combined",
            "nginx_combined",
            "nginx_main",
            "ingress_nginx_upstreaminfo",
            "nginx_json",
            "traefik_json",
            "caddy_json",
            "ecs_json");
    for (String name : LineFormat.presetNames()) {
      assertThat(LineFormat.preset(name).code()).isEqualTo(name);
      assertThat(LineFormat.preset(name).describe()).startsWith(name + ": ").doesNotContain("\n");
    }
  }

  @Test
  void unknownPresetListsTheValidNames() {
    assertThatThrownBy(() -> LineFormat.preset("apache"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'apache'")
        .hasMessageContaining("apache_combined")
        .hasMessageContaining("ecs_json");
  }

  @Test
  void codes() {
    assertThat(LineFormat.auto().code()).isEqualTo("auto");
    assertThat(LineFormat.apache("%h %t %>s").code()).isEqualTo("apache_custom");
    assertThat(LineFormat.nginx("$remote_addr [$time_local] $status").code())
        .isEqualTo("nginx_custom");
    assertThat(
            LineFormat.json(
                    Map.of(
                        "timestamp", "t", "source_address", "ip", "http_response_status_code", "s"))
                .code())
        .isEqualTo("json_custom");
    assertThat(LineFormat.apache("%h %l %u %t \"%r\" %>s %b").describe())
        .isEqualTo(
            "apache_custom: Apache LogFormat '%h %l %u %t \"%r\" %>s %b' (7 fields)");
  }

  @Test
  void apacheErrorsNameTheDirectiveAndItsPosition() {
    assertThatThrownBy(() -> LineFormat.apache("%h %l %u %t \"%r\" %>s %Z"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Apache LogFormat directive '%Z' at position 22 is not a known directive");
    assertThatThrownBy(() -> LineFormat.apache("%h %{%Y-%m-%d}t %>s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'%{%Y-%m-%d}t' at position 4")
        .hasMessageContaining("strftime");
    assertThatThrownBy(() -> LineFormat.apache("%h %{Referer i %t %>s"))
        .hasMessageContaining("position 4")
        .hasMessageContaining("'}'");
    assertThatThrownBy(() -> LineFormat.apache("%h%l %t %>s"))
        .hasMessageContaining("'%l' at position 3 directly follows '%h'");
    assertThatThrownBy(() -> LineFormat.apache("%h %l %u \"%r\" %>s"))
        .hasMessageContaining("lacks a time directive (%t)");
  }

  @Test
  void nginxErrorsNameTheVariableAndItsPosition() {
    assertThatThrownBy(() -> LineFormat.nginx("$remote_addr [$time_local] $ $status"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "nginx log_format variable '$' at position 28 is not followed by a variable name");
    assertThatThrownBy(() -> LineFormat.nginx("${remote_addr [$time_local] $status"))
        .hasMessageContaining("position 1")
        .hasMessageContaining("'}'");
    assertThatThrownBy(() -> LineFormat.nginx("$binary_remote_addr [$time_local] $status"))
        .hasMessageContaining("'$binary_remote_addr' at position 1");
    assertThatThrownBy(() -> LineFormat.nginx("$remote_addr [$time_local]"))
        .hasMessageContaining("$status");
  }

  @Test
  void jsonMappingRejectsUnknownTargetsAndUnits() {
    assertThatThrownBy(
            () ->
                LineFormat.json(
                    Map.of(
                        "timestamp", "t",
                        "source_address", "ip",
                        "http_response_status_code", "s",
                        "http_status", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'http_status'")
        .hasMessageContaining("http_response_status_code");
    assertThatThrownBy(
            () ->
                LineFormat.json(
                    Map.of(
                        "timestamp", "t",
                        "source_address", "ip",
                        "http_response_status_code", "s",
                        "event_duration.minutes", "d")))
        .hasMessageContaining("unit");
    assertThatThrownBy(() -> LineFormat.json(Map.of("timestamp", "t")))
        .hasMessageContaining("source_address");
  }

  @Test
  void jsonMappingWithDottedPathsUnitsAndRequestLine() {
    LineFormat format =
        LineFormat.json(
            Map.of(
                "timestamp.ms", "ts",
                "source_address", "client.ip",
                "request", "req.line",
                "http_response_status_code", "res.status",
                "http_response_body_bytes", "res.bytes",
                "event_duration.ms", "took",
                "url_domain", "host",
                "user_agent_original", "headers.user-agent"));
    AccessEvent event =
        parsed(
            format,
            "{\"ts\":1662070365123,\"client\":{\"ip\":\"[2001:db8::1]:443\"},\"req.line\":\"GET"
                + " /a?b=1 HTTP/1.1\",\"res\":{\"status\":\"404\",\"bytes\":12},\"took\":1.5,"
                + "\"host\":\"Example.COM:8443\",\"headers\":{\"user-agent\":[\"curl/8\"]}}");
    assertThat(event.getTimestamp()).isEqualTo(Instant.ofEpochMilli(1662070365123L));
    assertThat(event.getSourceAddress()).isEqualTo("[2001:db8::1]:443");
    assertThat(event.getSourceIp()).isEqualTo("2001:db8::1");
    assertThat(event.getHttpRequestMethod()).isEqualTo("GET");
    assertThat(event.getUrlPath()).isEqualTo("/a");
    assertThat(event.getUrlQuery()).isEqualTo("b=1");
    assertThat(event.getHttpResponseStatusCode()).isEqualTo(404);
    assertThat(event.getHttpResponseBodyBytes()).isEqualTo(12L);
    assertThat(event.getEventDuration()).isEqualTo(1_500_000L);
    assertThat(event.getUrlDomain()).isEqualTo("example.com");
    assertThat(event.getUserAgentOriginal()).isEqualTo("curl/8");
    assertThat(event.getLogFormat()).isEqualTo("json_custom");

    ParseResult missing = new AccessLogParser(1000, format).parse("{\"ts\":1}", CONTEXT);
    assertThat(missing)
        .isEqualTo(
            new ParseResult.Rejected(
                RejectReason.MISSING_REQUIRED_FIELD, "json_custom line has no client.ip"));
    assertThat(new AccessLogParser(1000, format).parse("1.2.3.4 - -", CONTEXT))
        .isInstanceOfSatisfying(
            ParseResult.Rejected.class,
            rejected -> assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_JSON));
  }

  @Test
  void ecsJsonNestedAndDottedKeysByPresetAndAutoDetection() {
    String nested =
        "{\"@timestamp\":\"2024-03-01T10:00:00.250+01:00\",\"source\":{\"address\":\"203.0.113.9\"},"
            + "\"http\":{\"request\":{\"method\":\"POST\"},\"response\":{\"status_code\":201,"
            + "\"body\":{\"bytes\":42}},\"version\":\"1.1\"},\"url\":{\"original\":\"/api?x=1\"},"
            + "\"user_agent\":{\"original\":\"k6\"},\"event\":{\"duration\":1500000}}";
    String dotted =
        "{\"@timestamp\":\"2024-03-01T10:00:00.250+01:00\",\"source.ip\":\"203.0.113.9\","
            + "\"http.request.method\":\"POST\",\"http.response.status_code\":\"201\","
            + "\"http.response.body.bytes\":42,\"http.version\":\"1.1\",\"url.original\":\"/api?x=1\","
            + "\"user_agent.original\":\"k6\",\"event.duration\":1500000}";
    for (String line : new String[] {nested, dotted}) {
      for (LineFormat format : new LineFormat[] {LineFormat.preset("ecs_json"), LineFormat.auto()}) {
        AccessEvent event = parsed(format, line);
        assertThat(event.getLogFormat()).isEqualTo("ecs_json");
        assertThat(event.getTimestamp()).isEqualTo(Instant.parse("2024-03-01T09:00:00.250Z"));
        assertThat(event.getSourceIp()).isEqualTo("203.0.113.9");
        assertThat(event.getHttpRequestMethod()).isEqualTo("POST");
        assertThat(event.getUrlPath()).isEqualTo("/api");
        assertThat(event.getUrlQuery()).isEqualTo("x=1");
        assertThat(event.getHttpVersion()).isEqualTo("1.1");
        assertThat(event.getHttpResponseStatusCode()).isEqualTo(201);
        assertThat(event.getHttpResponseBodyBytes()).isEqualTo(42L);
        assertThat(event.getUserAgentOriginal()).isEqualTo("k6");
        assertThat(event.getEventDuration()).isEqualTo(1_500_000L);
      }
    }
  }

  @Test
  void monthNamesDoNotDependOnTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      AccessEvent event =
          parsed(
              LineFormat.preset("apache_common"),
              "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200"
                  + " 2326");
      assertThat(event.getTimestamp()).isEqualTo(Instant.parse("2000-10-10T20:55:36Z"));
      assertThat(event.getUserName()).isEqualTo("frank");
      Locale.setDefault(Locale.GERMANY);
      assertThat(parsed(LineFormat.nginx("$remote_addr [$time_local] $status"),
              "::1 [01/Mar/2024:00:00:00 +0100] 204")
          .getTimestamp())
          .isEqualTo(Instant.parse("2024-02-29T23:00:00Z"));
    } finally {
      Locale.setDefault(saved);
    }
  }

  static AccessEvent parsed(LineFormat format, String line) {
    ParseResult result = new AccessLogParser(65_536, format).parse(line, CONTEXT);
    assertThat(result).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) result).event();
  }
}
