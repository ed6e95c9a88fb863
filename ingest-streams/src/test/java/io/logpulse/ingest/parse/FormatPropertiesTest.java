package io.logpulse.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.schemas.AccessEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property tests (jqwik): the parser never throws, compiled formats round-trip events rendered with
 * the server's own escaping, and every parsed event satisfies the schema's invariants.
 */
class FormatPropertiesTest {

  private static final LineContext CONTEXT = new LineContext("property", null, true);

  private static final String APACHE_FORMAT =
      "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" %D";
  private static final String NGINX_FORMAT =
      "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent"
          + " \"$http_referer\" \"$http_user_agent\" $request_time \"$http_x_forwarded_for\"";

  private static final List<AccessLogParser> PARSERS =
      List.of(
          new AccessLogParser(4_096),
          new AccessLogParser(4_096, LineFormat.preset("apache_combined")),
          new AccessLogParser(4_096, LineFormat.preset("nginx_combined")),
          new AccessLogParser(4_096, LineFormat.preset("ingress_nginx_upstreaminfo")),
          new AccessLogParser(4_096, LineFormat.preset("apache_vhost_combined")),
          new AccessLogParser(4_096, LineFormat.preset("nginx_json")),
          new AccessLogParser(4_096, LineFormat.preset("ecs_json")),
          new AccessLogParser(4_096, LineFormat.apache(APACHE_FORMAT)),
          new AccessLogParser(4_096, LineFormat.nginx(NGINX_FORMAT)),
          new AccessLogParser(
              4_096, LineFormat.apache("%a %{msec}t %m %U%q %H %>s %I %O %{ms}T %{Host}i")),
          new AccessLogParser(
              4_096, LineFormat.nginx("$msec|$remote_addr|$time_iso8601|$status|$upstream_addr")));

  private static final DateTimeFormatter CLF_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US);

  @Property(tries = 300)
  void neverThrowsOnArbitraryStrings(@ForAll String line) {
    assertEveryParserHandles(line);
  }

  @Property(tries = 300)
  void neverThrowsOnArbitraryBytesDecodedAsUtf8(@ForAll byte[] bytes) {
    assertEveryParserHandles(new String(bytes, StandardCharsets.UTF_8));
  }

  @Property(tries = 500)
  void logShapedNoiseIsParsedOrRejectedAndParsedEventsKeepTheInvariants(
      @ForAll("logShapedNoise") String line) {
    assertEveryParserHandles(line);
  }

  @Provide
  Arbitrary<String> logShapedNoise() {
    Arbitrary<String> pieces =
        Arbitraries.of(
            "1.2.3.4", "::1", " ", " - ", "-", "[", "]", "\"", "\\\"", "\\x22", "01/Sep/2022:22:12:45"
                + " +0000", "2022-09-01T22:12:45Z", "GET / HTTP/1.1", "200", "999", "0.001",
            "1662070365.5", ", ", " : ", "{", "}", "{\"@timestamp\":", "\"status\":", "é", "\u0000");
    return pieces.list().ofMaxSize(30).map(list -> String.join("", list));
  }

  private static void assertEveryParserHandles(String line) {
    for (AccessLogParser parser : PARSERS) {
      ParseResult result = parser.parse(line, CONTEXT);
      assertThat(result).isNotNull();
      assertThat(CorpusParseTest.invariantViolation(result)).isNull();
    }
  }

  /** One request as a server would see it, before escaping. */
  record Request(
      String client,
      String user,
      Instant time,
      ZoneOffset offset,
      String method,
      String target,
      int status,
      long bytes,
      String referrer,
      String userAgent,
      long durationMicros) {}

  @Provide
  Arbitrary<Request> requests() {
    Arbitrary<String> ipv4 =
        Arbitraries.integers().between(0, 255).list().ofSize(4)
            .map(octets -> String.join(".", octets.stream().map(String::valueOf).toList()));
    Arbitrary<String> ipv6 =
        Arbitraries.integers().between(1, 0xffff).list().ofSize(8)
            .map(groups -> String.join(":", groups.stream().map(Integer::toHexString).toList()));
    Arbitrary<String> user =
        Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12).injectNull(0.5);
    Arbitrary<Instant> time =
        Arbitraries.longs().between(946_684_800L, 1_893_456_000L).map(Instant::ofEpochSecond);
    Arbitrary<ZoneOffset> offset =
        Arbitraries.integers().between(-12 * 4, 14 * 4).map(q -> ZoneOffset.ofTotalSeconds(q * 900));
    Arbitrary<String> method = Arbitraries.of("GET", "POST", "HEAD", "PUT", "DELETE", "PROPFIND");
    Arbitrary<String> text =
        Arbitraries.strings()
            .withChars("abcXYZ019/?=&%-_.~ \"\\é€\u0001\t")
            .ofMaxLength(30);
    Arbitrary<String> target = text.map(path -> "/" + path.strip());
    Arbitrary<String> header = text.map(value -> "h " + value).injectNull(0.3);
    return Combinators.combine(
            Arbitraries.oneOf(ipv4, ipv6), user, time, offset, method, target,
            Arbitraries.integers().between(100, 599), Arbitraries.longs().between(0, 1L << 40))
        .flatAs(
            (client, name, instant, zone, verb, path, status, bytes) ->
                Combinators.combine(header, header.filter(value -> value != null),
                        Arbitraries.longs().between(0, 100_000_000L))
                    .as(
                        (referrer, agent, micros) ->
                            new Request(
                                client, name, instant, zone, verb, path, status, bytes, referrer,
                                agent, micros)));
  }

  @Property(tries = 300)
  void apacheFormatRoundTrip(@ForAll("requests") Request request) {
    String line =
        request.client()
            + " - "
            + dash(request.user())
            + " ["
            + CLF_TIME.format(request.time().atOffset(request.offset()))
            + "] \""
            + apacheEscape(request.method() + " " + request.target() + " HTTP/1.1")
            + "\" "
            + request.status()
            + " "
            + (request.bytes() == 0 ? "-" : Long.toString(request.bytes()))
            + " \""
            + (request.referrer() == null ? "-" : apacheEscape(request.referrer()))
            + "\" \""
            + apacheEscape(request.userAgent())
            + "\" "
            + request.durationMicros();
    AccessEvent event = parsed(LineFormat.apache(APACHE_FORMAT), line);
    assertRoundTrip(request, event);
    assertThat(event.getEventDuration()).isEqualTo(request.durationMicros() * 1_000);
  }

  @Property(tries = 300)
  void nginxFormatRoundTrip(@ForAll("requests") Request request) {
    String seconds = request.durationMicros() / 1_000_000 + "."
        + String.format(Locale.ROOT, "%03d", request.durationMicros() / 1_000 % 1_000);
    String line =
        request.client()
            + " - "
            + dash(request.user())
            + " ["
            + CLF_TIME.format(request.time().atOffset(request.offset()))
            + "] \""
            + nginxEscape(request.method() + " " + request.target() + " HTTP/1.1")
            + "\" "
            + request.status()
            + " "
            + request.bytes()
            + " \""
            + (request.referrer() == null ? "-" : nginxEscape(request.referrer()))
            + "\" \""
            + nginxEscape(request.userAgent())
            + "\" "
            + seconds
            + " \"8.8.8.8, 10.0.0.1\"";
    AccessEvent event = parsed(LineFormat.nginx(NGINX_FORMAT), line);
    assertRoundTrip(request, event);
    assertThat(event.getEventDuration()).isEqualTo(request.durationMicros() / 1_000 * 1_000_000);
    assertThat(event.getClientIp()).isEqualTo("8.8.8.8");
  }

  private static void assertRoundTrip(Request request, AccessEvent event) {
    assertThat(event.getSourceAddress()).isEqualTo(request.client());
    assertThat(event.getSourceIp()).isNotNull();
    assertThat(event.getUserName()).isEqualTo(request.user());
    assertThat(event.getTimestamp()).isEqualTo(request.time());
    assertThat(event.getHttpRequestMethod()).isEqualTo(request.method());
    assertThat(unescape(event.getUrlOriginal())).isEqualTo(request.target());
    assertThat(event.getHttpVersion()).isEqualTo("1.1");
    assertThat(event.getHttpResponseStatusCode()).isEqualTo(request.status());
    assertThat(event.getHttpResponseBodyBytes()).isEqualTo(request.bytes());
    assertThat(unescape(event.getHttpRequestReferrer())).isEqualTo(request.referrer());
    assertThat(unescape(event.getUserAgentOriginal())).isEqualTo(request.userAgent());
  }

  private static AccessEvent parsed(LineFormat format, String line) {
    ParseResult result = new AccessLogParser(65_536, format).parse(line, CONTEXT);
    assertThat(result).as(line).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) result).event();
  }

  private static String dash(String value) {
    return value == null ? "-" : value;
  }

  /**
   * Apache {@code ap_escape_logitem}: {@code "} and {@code \} get a backslash, bytes that are not
   * printable ASCII become {@code \xhh} (https://httpd.apache.org/docs/2.4/mod/mod_log_config.html).
   */
  static String apacheEscape(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c == '"' || c == '\\') {
        out.append('\\').append((char) c);
      } else if (c < 0x20 || c >= 0x7f) {
        out.append(String.format(Locale.ROOT, "\\x%02x", c));
      } else {
        out.append((char) c);
      }
    }
    return out.toString();
  }

  /** nginx default escaping: {@code "}, {@code \} and bytes outside 32-126 as {@code \xXX}. */
  static String nginxEscape(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c == '"' || c == '\\' || c < 0x20 || c > 0x7e) {
        out.append(String.format(Locale.ROOT, "\\x%02X", c));
      } else {
        out.append((char) c);
      }
    }
    return out.toString();
  }

  /** Decodes both servers' escapes back to the UTF-8 text. */
  static String unescape(String value) {
    if (value == null) {
      return null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int index = 0; index < value.length(); index++) {
      char c = value.charAt(index);
      if (c == '\\' && index + 3 < value.length() && value.charAt(index + 1) == 'x') {
        bytes.write(Integer.parseInt(value.substring(index + 2, index + 4), 16));
        index += 3;
      } else if (c == '\\' && index + 1 < value.length()) {
        bytes.write(value.charAt(index + 1));
        index++;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
