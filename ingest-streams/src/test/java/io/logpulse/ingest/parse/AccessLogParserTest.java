package io.logpulse.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpulse.schemas.AccessEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Focused cases, each from a real line of the corpora under {@code ../shared/data} (file and line
 * number given; lines marked "derived" are a real line with one stated change, used where the
 * corpora hold no example). Expected values were worked out by reading the line, not by running the
 * parser.
 */
class AccessLogParserTest {

  private static final int MAX_LINE_CHARS = 4096;
  private static final Instant INGESTED_AT = Instant.parse("2024-01-02T03:04:05.678Z");
  private static final LineContext CONTEXT = new LineContext("web-frontend", INGESTED_AT, true);

  private final AccessLogParser parser = new AccessLogParser(MAX_LINE_CHARS);

  // ---------------------------------------------------------------- Common Log Format family

  @Test
  void nginxCombinedLine() {
    // nginx-combined-ployt0/access.log line 1
    String line =
        "18.184.180.0 - - [01/Sep/2022:22:12:45 +0000] \"GET"
            + " /.well-known/acme-challenge/iGh_RMDdWiLd4vDnqkDBDM_Riw5Gz04mMhsB02x07WU HTTP/1.1\""
            + " 200 87 \"-\" \"Mozilla/5.0 (compatible; Let's Encrypt validation server;"
            + " +https://www.letsencrypt.org)\"";

    assertThat(parse(line))
        .isEqualTo(
            expected(line, "2022-09-01T22:12:45Z", LogFormat.CLF_COMBINED, "18.184.180.0", 200)
                .setSourceIp("18.184.180.0")
                .setClientIp("18.184.180.0")
                .setHttpRequestMethod("GET")
                .setUrlOriginal(
                    "/.well-known/acme-challenge/iGh_RMDdWiLd4vDnqkDBDM_Riw5Gz04mMhsB02x07WU")
                .setUrlPath(
                    "/.well-known/acme-challenge/iGh_RMDdWiLd4vDnqkDBDM_Riw5Gz04mMhsB02x07WU")
                .setHttpVersion("1.1")
                .setHttpResponseBodyBytes(87L)
                .setUserAgentOriginal(
                    "Mozilla/5.0 (compatible; Let's Encrypt validation server;"
                        + " +https://www.letsencrypt.org)")
                .build());
  }

  @Test
  void apacheCombinedDashSizeMeansZeroBytes() {
    // apache-combined-elastic/apache_logs line 77
    String line =
        "218.30.103.62 - - [17/May/2015:11:05:11 +0000] \"GET /robots.txt HTTP/1.1\" 200 - \"-\""
            + " \"Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)\"";

    assertThat(parse(line))
        .isEqualTo(
            expected(line, "2015-05-17T11:05:11Z", LogFormat.CLF_COMBINED, "218.30.103.62", 200)
                .setSourceIp("218.30.103.62")
                .setClientIp("218.30.103.62")
                .setHttpRequestMethod("GET")
                .setUrlOriginal("/robots.txt")
                .setUrlPath("/robots.txt")
                .setHttpVersion("1.1")
                .setHttpResponseBodyBytes(0L)
                .setUserAgentOriginal(
                    "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)")
                .build());
  }

  @Test
  void apacheReferrerWithHexEscapesIsKeptAsLogged() {
    // apache-combined-elastic/apache_logs line 5851 (a cp1251 host name escaped by Apache)
    String line =
        "201.242.142.135 - - [19/May/2015:11:05:10 +0000] \"GET /files/logstash/ HTTP/1.0\" 200"
            + " 13316"
            + " \"http://\\xe4\\xe5\\xe3\\xf2\\xff\\xf0\\xed\\xee\\xe5-"
            + "\\xec\\xfb\\xeb\\xee.\\xf0\\xf4/\""
            + " \"Mozilla/5.0 (Windows NT 6.1; rv:11.0) Gecko/20100101 Firefox/11.0\"";

    AccessEvent event = parse(line);

    assertThat(event.getHttpRequestReferrer())
        .isEqualTo(
            "http://\\xe4\\xe5\\xe3\\xf2\\xff\\xf0\\xed\\xee\\xe5-"
                + "\\xec\\xfb\\xeb\\xee.\\xf0\\xf4/");
    assertThat(event.getHttpVersion()).isEqualTo("1.0");
    assertThat(event.getUrlPath()).isEqualTo("/files/logstash/");
    assertThat(event.getHttpResponseBodyBytes()).isEqualTo(13316L);
    assertThat(event.getUserAgentOriginal())
        .isEqualTo("Mozilla/5.0 (Windows NT 6.1; rv:11.0) Gecko/20100101 Firefox/11.0");
  }

  @Test
  void emptyRequestLeavesRequestFieldsNull() {
    // nginx-combined-ployt0/access.log line 1949
    String line = "76.72.172.0 - - [03/Sep/2022:02:43:16 +0000] \"\" 400 0 \"-\" \"-\"";

    assertThat(parse(line))
        .isEqualTo(
            expected(line, "2022-09-03T02:43:16Z", LogFormat.CLF_COMBINED, "76.72.172.0", 400)
                .setSourceIp("76.72.172.0")
                .setClientIp("76.72.172.0")
                .setHttpResponseBodyBytes(0L)
                .build());
  }

  @Test
  void apacheDashRequestIsLikeAnEmptyRequest() {
    // messy-elastic-beats/apache-access__darwin-2.4.23.log line 3 (Apache 408, no request read)
    String line = "::1 - - [26/Dec/2016:16:16:48 +0200] \"-\" 408 -";

    assertThat(parse(line))
        .isEqualTo(
            expected(line, "2016-12-26T14:16:48Z", LogFormat.CLF_COMMON, "::1", 408)
                .setSourceIp("::1")
                .setClientIp("::1")
                .setHttpResponseBodyBytes(0L)
                .build());
  }

  @Test
  void binaryProbeKeepsTheRawRequestAsUrlOriginal() {
    // nginx-combined-ployt0/access.log line 147 (RDP cookie probe, nginx \xNN escaping)
    String line =
        "62.233.50.0 - - [02/Sep/2022:03:33:24 +0000]"
            + " \"\\x03\\x00\\x00/*\\xE0\\x00\\x00\\x00\\x00\\x00Cookie: mstshash=Administr\""
            + " 400 157 \"-\" \"-\"";

    assertThat(parse(line))
        .isEqualTo(
            expected(line, "2022-09-02T03:33:24Z", LogFormat.CLF_COMBINED, "62.233.50.0", 400)
                .setSourceIp("62.233.50.0")
                .setClientIp("62.233.50.0")
                .setUrlOriginal(
                    "\\x03\\x00\\x00/*\\xE0\\x00\\x00\\x00\\x00\\x00Cookie: mstshash=Administr")
                .setHttpResponseBodyBytes(157L)
                .build());
  }

  @Test
  void singleWordRequestIsNotAnHttpRequestLine() {
    // messy-crowdsec/nginx-proxy-manager/nginx-proxy-manager-malformed__nginx_http-logs.log line 5
    String line = "192.168.1.1 - - [29/Jul/2023:10:26:06 -0700] \"HELP\" 400 157 \"-\" \"-\"";

    AccessEvent event = parse(line);

    assertThat(event.getHttpRequestMethod()).isNull();
    assertThat(event.getUrlOriginal()).isEqualTo("HELP");
    assertThat(event.getUrlPath()).isNull();
    assertThat(event.getHttpVersion()).isNull();
    assertThat(event.getTimestamp()).isEqualTo(Instant.parse("2023-07-29T17:26:06Z"));
  }

  @Test
  void http2Request() {
    // nginx-combined-ployt0/access.log line 12
    String line =
        "51.81.167.0 - - [01/Sep/2022:22:14:27 +0000] \"GET / HTTP/2.0\" 200 26360 \"-\""
            + " \"Mozilla/5.0 (iPhone; CPU iPhone OS 15_1_1 like Mac OS X) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/15.1 Mobile/15E148 Safari/604.1\"";

    AccessEvent event = parse(line);

    assertThat(event.getHttpVersion()).isEqualTo("2.0");
    assertThat(event.getHttpRequestMethod()).isEqualTo("GET");
    assertThat(event.getUrlPath()).isEqualTo("/");
    assertThat(event.getUrlQuery()).isNull();
    assertThat(event.getHttpResponseBodyBytes()).isEqualTo(26360L);
  }

  @Test
  void requestWithoutProtocol() {
    // messy-crowdsec/apache2/apache-http-probing__apache-http-probing.log line 15
    String line =
        "172.17.0.1 - - [29/Sep/2021:12:37:05 +0000] \"GET"
            + " /studip-1.3.0-2/studip-htdocs/archiv_assi.php?cmd=ls"
            + " -al&ABSOLUTE_PATH_STUDIP=http://cirt.net/rfiinc.txt??\" 400 226";

    assertThat(parse(line))
        .isEqualTo(
            expected(line, "2021-09-29T12:37:05Z", LogFormat.CLF_COMMON, "172.17.0.1", 400)
                .setSourceIp("172.17.0.1")
                .setClientIp("172.17.0.1")
                .setHttpRequestMethod("GET")
                .setUrlOriginal(
                    "/studip-1.3.0-2/studip-htdocs/archiv_assi.php?cmd=ls"
                        + " -al&ABSOLUTE_PATH_STUDIP=http://cirt.net/rfiinc.txt??")
                .setUrlPath("/studip-1.3.0-2/studip-htdocs/archiv_assi.php")
                .setUrlQuery("cmd=ls -al&ABSOLUTE_PATH_STUDIP=http://cirt.net/rfiinc.txt??")
                .setHttpResponseBodyBytes(226L)
                .build());
  }

  @Test
  void connectRequestHasNoPath() {
    // nginx-combined-ployt0/access.log line 16140
    String line =
        "159.75.93.0 - - [19/Sep/2022:01:33:37 +0000] \"CONNECT www.msftncsi.com:443 HTTP/1.1\""
            + " 400 157 \"-\" \"-\"";

    AccessEvent event = parse(line);

    assertThat(event.getHttpRequestMethod()).isEqualTo("CONNECT");
    assertThat(event.getUrlOriginal()).isEqualTo("www.msftncsi.com:443");
    assertThat(event.getUrlPath()).isNull();
    assertThat(event.getUrlQuery()).isNull();
  }

  @Test
  void ipv6ClientAndNegativeOffsetConvertedToUtc() {
    // messy-crowdsec/nginx/actual-budget-whitelist__actual-budget-logs.log line 1
    String line =
        "2001:db8:1:2:3:4:5:6 - - [18/Jul/2025:14:14:47 -0400] \"GET"
            + " /data/migrations/1548957970627_remove-db-version.sql HTTP/2.0\" 200 52 \"\" \"\"";

    assertThat(parse(line))
        .isEqualTo(
            expected(
                    line,
                    "2025-07-18T18:14:47Z",
                    LogFormat.CLF_COMBINED,
                    "2001:db8:1:2:3:4:5:6",
                    200)
                .setSourceIp("2001:db8:1:2:3:4:5:6")
                .setClientIp("2001:db8:1:2:3:4:5:6")
                .setHttpRequestMethod("GET")
                .setUrlOriginal("/data/migrations/1548957970627_remove-db-version.sql")
                .setUrlPath("/data/migrations/1548957970627_remove-db-version.sql")
                .setHttpVersion("2.0")
                .setHttpResponseBodyBytes(52L)
                .build());
  }

  @Test
  void negativeOffsetCrossesIntoTheNextUtcDay() {
    // messy-crowdsec/apache2/zoneminder_cve-39290__zoneminder_cve-39290.log line 5
    String line =
        "10.0.1.5 - - [18/Dec/2022:18:15:22 -0700] \"POST /zm/api/host/login.json HTTP/1.1\" 200"
            + " 820 \"-\" \"python-requests/2.28.1\"";

    assertThat(parse(line).getTimestamp()).isEqualTo(Instant.parse("2022-12-19T01:15:22Z"));
  }

  @Test
  void positiveOffsetCrossesIntoThePreviousUtcDay() {
    // messy-crowdsec/apache2/apache2-malformed__apache2-logs.log line 1 (a TLS ClientHello)
    String line =
        "1.2.3.4 - - [17/Oct/2023:05:57:49 +1100] \"\\x16\\x03\\x01\\x01 \\x02\" 400 226 \"-\""
            + " \"-\"";

    AccessEvent event = parse(line);

    assertThat(event.getTimestamp()).isEqualTo(Instant.parse("2023-10-16T18:57:49Z"));
    assertThat(event.getHttpRequestMethod()).isNull();
    assertThat(event.getUrlOriginal()).isEqualTo("\\x16\\x03\\x01\\x01 \\x02");
  }

  @Test
  void backslashEscapedQuotesDoNotEndTheRequestField() {
    // messy-crowdsec/apache2/apache-http-probing__apache-http-probing.log line 45: Apache writes
    // a literal backslash as \\ and a quote as \", so \\\" is backslash + quote
    String line =
        "172.17.0.1 - - [29/Sep/2021:12:37:05 +0000] \"GET"
            + " /sys/code/box.inc.php?config[\\\\\\\"sipssys\\\\\\\"]=http://cirt.net/rfiinc.txt?"
            + " HTTP/1.1\" 404 196";

    assertThat(parse(line))
        .isEqualTo(
            expected(line, "2021-09-29T12:37:05Z", LogFormat.CLF_COMMON, "172.17.0.1", 404)
                .setSourceIp("172.17.0.1")
                .setClientIp("172.17.0.1")
                .setHttpRequestMethod("GET")
                .setUrlOriginal(
                    "/sys/code/box.inc.php?config[\\\\\\\"sipssys\\\\\\\"]"
                        + "=http://cirt.net/rfiinc.txt?")
                .setUrlPath("/sys/code/box.inc.php")
                .setUrlQuery("config[\\\\\\\"sipssys\\\\\\\"]=http://cirt.net/rfiinc.txt?")
                .setHttpVersion("1.1")
                .setHttpResponseBodyBytes(196L)
                .build());
  }

  @Test
  void backslashEscapedQuoteInsideTheUserAgent() {
    // derived from apache-combined-elastic/apache_logs line 77: the corpora hold no user agent
    // with Apache's \" escape, so "web" in the user agent was quoted the way Apache logs it
    String line =
        "218.30.103.62 - - [17/May/2015:11:05:11 +0000] \"GET /robots.txt HTTP/1.1\" 200 - \"-\""
            + " \"Sogou \\\"web\\\""
            + " spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)\"";

    AccessEvent event = parse(line);

    assertThat(event.getUserAgentOriginal())
        .isEqualTo(
            "Sogou \\\"web\\\" spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)");
    assertThat(event.getLogFormat()).isEqualTo("clf_combined");
  }

  @Test
  void nginxHexEscapedQuoteInsideTheUserAgent() {
    // nginx-combined-ployt0/access.log line 5874 (nginx writes " as \x22)
    String line =
        "172.105.85.90 - - [05/Sep/2022:14:52:48 +0000] \"GET /nmaplowercheck1662389561"
            + " HTTP/1.1\" 404 22 \"-\" \"\\x22Mozilla/5.0\"";

    assertThat(parse(line))
        .isEqualTo(
            expected(line, "2022-09-05T14:52:48Z", LogFormat.CLF_COMBINED, "172.105.85.90", 404)
                .setSourceIp("172.105.85.90")
                .setClientIp("172.105.85.90")
                .setHttpRequestMethod("GET")
                .setUrlOriginal("/nmaplowercheck1662389561")
                .setUrlPath("/nmaplowercheck1662389561")
                .setHttpVersion("1.1")
                .setHttpResponseBodyBytes(22L)
                .setUserAgentOriginal("\\x22Mozilla/5.0")
                .build());
  }

  @Test
  void ingressNginxRequestTimeBecomesTheDuration() {
    // messy-elastic-beats/nginx-ingress_controller__test.log line 1
    String line =
        "192.168.64.1 - - [07/Feb/2020:11:48:51 +0000] \"POST /products HTTP/1.1\" 200 59 \"-\""
            + " \"curl/7.54.0\" 89 0.001 [default-web-8080] [] 172.17.0.5:8080 59 0.000 200"
            + " 529a007902362a5f51385a5fa7049884";

    assertThat(parse(line))
        .isEqualTo(
            expected(line, "2020-02-07T11:48:51Z", LogFormat.INGRESS_NGINX, "192.168.64.1", 200)
                .setSourceIp("192.168.64.1")
                .setClientIp("192.168.64.1")
                .setHttpRequestMethod("POST")
                .setUrlOriginal("/products")
                .setUrlPath("/products")
                .setHttpVersion("1.1")
                .setHttpResponseBodyBytes(59L)
                .setUserAgentOriginal("curl/7.54.0")
                .setEventDuration(1_000_000L) // 0.001 s
                // $request_length [..] [..] $upstream_addr $upstream_response_length
                // $upstream_response_time $upstream_status $req_id
                .setHttpRequestBytes(89L)
                .setUpstreamAddress("172.17.0.5:8080")
                .setUpstreamResponseTime("0.000")
                .setUpstreamDuration(0L)
                .setUpstreamStatus("200")
                .setUpstreamStatusCode(200)
                .setHttpRequestId("529a007902362a5f51385a5fa7049884")
                .build());
  }

  @Test
  void ingressNginxWithIpv6ClientUserAndUpstreamList() {
    // messy-elastic-beats/nginx-ingress_controller__test.log line 25
    String line =
        "2a02:cf40:: - remote_monitoring_user [24/Aug/2022:21:04:17 +0000] \"POST /_bulk"
            + " HTTP/1.1\" 200 470 \"-\" \"Elastic-metricbeat/7.16.3 (linux; amd64;"
            + " e7cede6a62ed4452bd9044fc6f4947df; 2022-01-07 00:50:33 +0000 UTC)\" 2057 0.033"
            + " [esmon-esmon-es-http-9200] [] [2a02:cf40::]:9200 470 0.036 200"
            + " 3db73c6c673c4256ade033a6ce08c2ab";

    AccessEvent event = parse(line);

    assertThat(event.getLogFormat()).isEqualTo("ingress_nginx");
    assertThat(event.getSourceAddress()).isEqualTo("2a02:cf40::");
    assertThat(event.getSourceIp()).isEqualTo("2a02:cf40::");
    assertThat(event.getUserName()).isEqualTo("remote_monitoring_user");
    assertThat(event.getEventDuration()).isEqualTo(33_000_000L);
    assertThat(event.getHttpRequestBytes()).isEqualTo(2057L);
    assertThat(event.getUpstreamAddress()).isEqualTo("[2a02:cf40::]:9200");
    assertThat(event.getUpstreamDuration()).isEqualTo(36_000_000L); // 0.036 s
    assertThat(event.getUpstreamStatusCode()).isEqualTo(200);
    assertThat(event.getHttpRequestId()).isEqualTo("3db73c6c673c4256ade033a6ce08c2ab");
  }

  @Test
  void traefikCommonLogFormatDurationInMilliseconds() {
    // messy-crowdsec/traefik/traefik_clf__traefik_clf.log line 6
    String line =
        "172.17.1.2 - - [24/Nov/2024:13:38:04 +0000] \"GET /birthday HTTP/2\" 200 352 \"-\""
            + " \"Nikto\" 244 \"test@docker -> leaf@docker\" \"http://172.17.0.3:80\" 42ms";

    assertThat(parse(line))
        .isEqualTo(
            expected(line, "2024-11-24T13:38:04Z", LogFormat.TRAEFIK_CLF, "172.17.1.2", 200)
                .setSourceIp("172.17.1.2")
                .setClientIp("172.17.1.2")
                .setHttpRequestMethod("GET")
                .setUrlOriginal("/birthday")
                .setUrlPath("/birthday")
                .setHttpVersion("2")
                .setHttpResponseBodyBytes(352L)
                .setUserAgentOriginal("Nikto")
                .setEventDuration(42_000_000L)
                .build());
  }

  @Test
  void trailingFieldsAfterTheUserAgentAreIgnored() {
    // messy-crowdsec/nginx/CVE-2024-0012__CVE-2024-0012.log line 1 ("$http_x_forwarded_for")
    String line =
        "10.0.0.1 - - [20/Nov/2024:04:13:06 +0000] \"GET /index.php/.js.map HTTP/1.1\" 404 0"
            + " \"-\" \"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like"
            + " Gecko) Chrome/74.0.3729.169 Safari/537.36\" \"-\"";

    AccessEvent event = parse(line);

    assertThat(event.getLogFormat()).isEqualTo("clf_combined");
    assertThat(event.getUserAgentOriginal())
        .isEqualTo(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/74.0.3729.169 Safari/537.36");
    assertThat(event.getEventDuration()).isNull();
  }

  static Stream<Arguments> clientFieldVariants() {
    return Stream.of(
        // messy-elastic-beats/apache-access__test-vhost.log line 1: Apache vhost_combined %v
        Arguments.of(
            "vhost1.domaine.fr 192.168.33.2 - - [26/Dec/2016:16:22:14 +0000] \"GET /hello"
                + " HTTP/1.1\" 404 499 \"-\" \"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.12;"
                + " rv:50.0) Gecko/20100101 Firefox/50.0\"",
            "192.168.33.2",
            "192.168.33.2",
            null),
        // messy-crowdsec/apache2/apache2-logs__apache2-logs.log line 7: %v:%p
        Arguments.of(
            "website.com:443 1.2.3.4 - - [25/Oct/2021:11:05:52 +0200] \"GET /web/.well-known"
                + " HTTP/1.1\" 403 6963 \"abc.com\" \"User-agent-string\"",
            "1.2.3.4",
            "1.2.3.4",
            null),
        // messy-elastic-beats/nginx-access__test.log line 1: X-Forwarded-For list as client
        Arguments.of(
            "10.0.0.2, 10.0.0.1, 127.0.0.1 - - [07/Dec/2016:11:05:07 +0100] \"GET /ocelot"
                + " HTTP/1.1\" 200 571 \"-\" \"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.12;"
                + " rv:49.0) Gecko/20100101 Firefox/49.0\"",
            "10.0.0.2, 10.0.0.1, 127.0.0.1",
            null,
            null),
        // messy-elastic-beats/nginx-access__test-with-host.log line 5: vhost, quoted list, client
        Arguments.of(
            "example.com:80 \"10.5.102.222, 199.96.1.1, 204.246.1.1\" 10.2.1.185 - -"
                + " [22/Jan/2016:13:18:29 +0000] \"GET /assets/xxxx?q=100 HTTP/1.1\" 200 25507"
                + " \"-\" \"Amazon CloudFront\"",
            "10.2.1.185",
            "10.2.1.185",
            null),
        // messy-elastic-beats/nginx-access__test.log line 8: a unix socket client
        Arguments.of(
            "unix: - - [26/Feb/2019:15:39:42 +0100] \"hello\" 400 173 \"-\" \"-\"",
            "unix:",
            null,
            null),
        // messy-elastic-beats/apache-access__test.log line 5: a host name (HostnameLookups On)
        Arguments.of(
            "monitoring-server - - [29/May/2017:19:02:48 +0000] \"GET /status HTTP/1.1\" 200 612"
                + " \"-\" \"Mozilla/5.0 (Windows NT 6.1; rv:15.0) Gecko/20120716 Firefox/15.0a2\""
                + " \"-\"",
            "monitoring-server",
            null,
            null),
        // messy-crowdsec/bunkerweb/bunkerweb-http-path-traversal__bunkerweb-http-path-traversal.log
        // line 1: $host $remote_addr - $request_id $remote_user
        Arguments.of(
            "example.com 127.0.0.1 - req101 - [29/Sep/2021:17:29:58 +0200] \"GET /%2fetc%2fpasswd"
                + " HTTP/1.1\" 404 162 \"-\" \"curl/7.68.0\"",
            "127.0.0.1", "127.0.0.1", null),
        // messy-crowdsec/nginx/nginx_http-logs__nginx_http-logs.log line 7: basic-auth user
        Arguments.of(
            "192.168.1.1 - user123 [08/Jun/2020:08:04:43 +0000] \"GET /api/login HTTP/1.1\" 200"
                + " 150 \"-\" \"curl/7.68.0\"",
            "192.168.1.1",
            "192.168.1.1",
            "user123"));
  }

  @ParameterizedTest
  @MethodSource("clientFieldVariants")
  void clientFieldVariants(String line, String sourceAddress, String sourceIp, String userName) {
    AccessEvent event = parse(line);

    assertThat(event.getSourceAddress()).isEqualTo(sourceAddress);
    assertThat(event.getSourceIp()).isEqualTo(sourceIp);
    assertThat(event.getUserName()).isEqualTo(userName);
  }

  @Test
  void monthNamesAreEnglishWhateverTheJvmLocale() {
    // apache-combined-elastic/apache_logs line 77 ("May" is "Mai" in German) and
    // messy-crowdsec/apache2/zoneminder_cve-39290__zoneminder_cve-39290.log line 5 ("Dec")
    String may =
        "218.30.103.62 - - [17/May/2015:11:05:11 +0000] \"GET /robots.txt HTTP/1.1\" 200 - \"-\""
            + " \"Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)\"";
    String december =
        "10.0.1.5 - - [18/Dec/2022:18:15:22 -0700] \"POST /zm/api/host/login.json HTTP/1.1\" 200"
            + " 820 \"-\" \"python-requests/2.28.1\"";
    Locale defaultLocale = Locale.getDefault();
    Locale formatLocale = Locale.getDefault(Locale.Category.FORMAT);
    Locale displayLocale = Locale.getDefault(Locale.Category.DISPLAY);
    try {
      for (Locale locale : List.of(Locale.GERMAN, Locale.forLanguageTag("tr"))) {
        Locale.setDefault(locale);

        assertThat(parse(may).getTimestamp()).isEqualTo(Instant.parse("2015-05-17T11:05:11Z"));
        assertThat(parse(december).getTimestamp()).isEqualTo(Instant.parse("2022-12-19T01:15:22Z"));
      }
    } finally {
      Locale.setDefault(defaultLocale);
      Locale.setDefault(Locale.Category.FORMAT, formatLocale);
      Locale.setDefault(Locale.Category.DISPLAY, displayLocale);
    }
  }

  // ---------------------------------------------------------------- JSON formats

  @Test
  void nginxJsonLine() {
    // nginx-json-ployt0/access.json.log line 1
    String line =
        "{\"time_iso8601\":\"2022-09-01T22:12:45+00:00\",\"remote_addr\":\"18.184.180.0\","
            + "\"remote_user\":\"\",\"request\":\"GET"
            + " /.well-known/acme-challenge/iGh_RMDdWiLd4vDnqkDBDM_Riw5Gz04mMhsB02x07WU"
            + " HTTP/1.1\",\"status\":\"200\",\"body_bytes_sent\":\"87\",\"http_referer\":\"\","
            + "\"http_user_agent\":\"Mozilla/5.0 (compatible; Let's Encrypt validation server;"
            + " +https://www.letsencrypt.org)\"}";

    assertThat(parse(line))
        .isEqualTo(
            expected(line, "2022-09-01T22:12:45Z", LogFormat.NGINX_JSON, "18.184.180.0", 200)
                .setSourceIp("18.184.180.0")
                .setClientIp("18.184.180.0")
                .setHttpRequestMethod("GET")
                .setUrlOriginal(
                    "/.well-known/acme-challenge/iGh_RMDdWiLd4vDnqkDBDM_Riw5Gz04mMhsB02x07WU")
                .setUrlPath(
                    "/.well-known/acme-challenge/iGh_RMDdWiLd4vDnqkDBDM_Riw5Gz04mMhsB02x07WU")
                .setHttpVersion("1.1")
                .setHttpResponseBodyBytes(87L)
                .setUserAgentOriginal(
                    "Mozilla/5.0 (compatible; Let's Encrypt validation server;"
                        + " +https://www.letsencrypt.org)")
                .build());
  }

  @Test
  void nginxJsonBinaryRequestIsDecodedFromJsonEscapes() {
    // nginx-json-ployt0/access.json.log line 147 (the JSON twin of access.log line 147)
    String line =
        "{\"time_iso8601\":\"2022-09-02T03:33:24+00:00\",\"remote_addr\":\"62.233.50.0\","
            + "\"remote_user\":\"\",\"request\":\"\\u0003\\u0000\\u0000/*\\u00e0\\u0000\\u0000"
            + "\\u0000\\u0000\\u0000Cookie: mstshash=Administr\",\"status\":\"400\","
            + "\"body_bytes_sent\":\"157\",\"http_referer\":\"\",\"http_user_agent\":\"\"}";

    AccessEvent event = parse(line);

    assertThat(event.getHttpRequestMethod()).isNull();
    assertThat(event.getUrlOriginal())
        .isEqualTo(
            "\u0003\u0000\u0000/*\u00e0\u0000\u0000\u0000\u0000\u0000Cookie: mstshash=Administr");
    assertThat(event.getHttpResponseStatusCode()).isEqualTo(400);
    assertThat(event.getUserAgentOriginal()).isNull();
  }

  @Test
  void traefikJsonLine() {
    // json-small-crowdsec/traefik_json__traefik_json.log line 1
    String line =
        "{\"ClientAddr\":\"172.17.0.1:39496\",\"ClientHost\":\"172.17.0.1\","
            + "\"ClientPort\":\"39496\","
            + "\"ClientUsername\":\"-\",\"DownstreamContentSize\":357,\"DownstreamStatus\":200,"
            + "\"Duration\":357313,\"OriginContentSize\":357,\"OriginDuration\":324669,"
            + "\"OriginStatus\":200,\"Overhead\":32644,\"RequestAddr\":\"test.docker.localhost\","
            + "\"RequestContentSize\":0,\"RequestCount\":190,"
            + "\"RequestHost\":\"test.docker.localhost\","
            + "\"RequestMethod\":\"GET\",\"RequestPath\":\"/594VAEoi.save\",\"RequestPort\":\"-\","
            + "\"RequestProtocol\":\"HTTP/1.1\",\"RequestScheme\":\"http\",\"RetryAttempts\":0,"
            + "\"RouterName\":\"test@docker\",\"ServiceAddr\":\"172.17.0.3:80\","
            + "\"ServiceName\":\"test@docker\",\"ServiceURL\":{\"Scheme\":\"http\",\"Opaque\":\"\","
            + "\"User\":null,\"Host\":\"172.17.0.3:80\",\"Path\":\"\",\"RawPath\":\"\","
            + "\"ForceQuery\":false,\"RawQuery\":\"\",\"Fragment\":\"\",\"RawFragment\":\"\"},"
            + "\"StartLocal\":\"2021-12-08T14:02:43.587782192Z\","
            + "\"StartUTC\":\"2021-12-08T14:02:43.587782192Z\","
            + "\"downstream_Content-Length\":\"357\",\"downstream_Content-Type\":\"text/plain;"
            + " charset=utf-8\",\"downstream_Date\":\"Wed, 08 Dec 2021 14:02:43"
            + " GMT\",\"entryPointName\":\"http\","
            + "\"level\":\"info\",\"msg\":\"\",\"origin_Content-Length\":\"357\","
            + "\"origin_Content-Type\":\"text/plain;"
            + " charset=utf-8\",\"origin_Date\":\"Wed, 08 Dec 2021 14:02:43"
            + " GMT\",\"request_Connection\":\"Keep-Alive\","
            + "\"request_User-Agent\":\"Nikto\","
            + "\"request_X-Forwarded-Host\":\"test.docker.localhost\","
            + "\"request_X-Forwarded-Port\":\"80\",\"request_X-Forwarded-Proto\":\"http\","
            + "\"request_X-Forwarded-Server\":\"8f4adf27f2ad\","
            + "\"request_X-Real-Ip\":\"172.17.0.1\","
            + "\"time\":\"2021-12-08T14:02:43Z\"}";

    assertThat(parse(line))
        .isEqualTo(
            expected(line, "2021-12-08T14:02:43.587Z", LogFormat.TRAEFIK_JSON, "172.17.0.1", 200)
                .setSourceIp("172.17.0.1")
                .setClientIp("172.17.0.1")
                .setHttpRequestMethod("GET")
                .setUrlOriginal("/594VAEoi.save")
                .setUrlPath("/594VAEoi.save")
                .setHttpVersion("1.1")
                .setHttpResponseBodyBytes(357L)
                .setUserAgentOriginal("Nikto")
                .setEventDuration(357_313L) // Traefik Duration is in nanoseconds
                .build());
  }

  @Test
  void traefikJsonClientHostListIsNotAnIpLiteral() {
    // json-small-crowdsec/traefik_json__traefik_json.log line 7, reduced to the keys the parser
    // reads (the real line also has Origin*, Overhead, Request*, Router*, Service* keys)
    String line =
        "{\"ClientAddr\":\"192.168.1.100,10.0.0.50:0\",\"ClientHost\":\"192.168.1.100,10.0.0.50\","
            + "\"ClientUsername\":\"-\",\"DownstreamContentSize\":0,\"DownstreamStatus\":204,"
            + "\"Duration\":2337877,\"RequestMethod\":\"OPTIONS\","
            + "\"RequestPath\":\"/_matrix/client/v3/sync\",\"RequestProtocol\":\"HTTP/2.0\","
            + "\"StartUTC\":\"2025-11-28T09:21:55.645779561Z\",\"time\":\"2025-11-28T09:21:55Z\"}";

    AccessEvent event = parse(line);

    assertThat(event.getSourceAddress()).isEqualTo("192.168.1.100,10.0.0.50");
    assertThat(event.getSourceIp()).isNull();
    assertThat(event.getHttpResponseStatusCode()).isEqualTo(204);
    assertThat(event.getTimestamp()).isEqualTo(Instant.parse("2025-11-28T09:21:55.645Z"));
  }

  @Test
  void caddyJsonLine() {
    // json-small-crowdsec/caddy-logs__caddy-logs.log line 10
    String line =
        "{\"level\":\"info\",\"ts\":1711741864.947103,\"logger\":\"http.log.access.log0\","
            + "\"msg\":\"handled request\",\"request\":{\"remote_ip\":\"127.0.0.1\","
            + "\"remote_port\":\"43498\",\"client_ip\":\"127.0.0.1\",\"proto\":\"HTTP/1.1\","
            + "\"method\":\"GET\",\"host\":\"localhost:9080\",\"uri\":\"/\",\"headers\":{"
            + "\"Authorization\":[],\"User-Agent\":[\"curl/7.88.1\"],\"Accept\":[\"*/*\"]}},"
            + "\"bytes_read\":0,\"user_id\":\"Bob\",\"duration\":0.794682124,\"size\":18630,"
            + "\"status\":200,\"resp_headers\":{\"Content-Type\":[\"text/html; charset=utf-8\"],"
            + "\"Last-Modified\":[\"Fri, 08 Dec 2023 00:28:15 GMT\"],\"Accept-Ranges\":[\"bytes\"],"
            + "\"Content-Length\":[\"18630\"],\"Server\":[\"Caddy\"],"
            + "\"Etag\":[\"\\\"s5bnz3edi\\\"\"]}}";

    assertThat(parse(line))
        .isEqualTo(
            // ts 1711741864.947103 s = 2024-03-29T19:51:04.947103Z, kept to the millisecond
            expected(line, "2024-03-29T19:51:04.947Z", LogFormat.CADDY_JSON, "127.0.0.1", 200)
                .setSourceIp("127.0.0.1")
                .setClientIp("127.0.0.1")
                .setUserName("Bob")
                .setHttpRequestMethod("GET")
                .setUrlOriginal("/")
                .setUrlPath("/")
                .setHttpVersion("1.1")
                .setHttpResponseBodyBytes(18630L)
                .setUserAgentOriginal("curl/7.88.1")
                .setEventDuration(794_682_124L) // 0.794682124 s
                .build());
  }

  @Test
  void caddyPrefersClientIpOverRemoteIp() {
    // json-small-crowdsec/caddy-logs__caddy-logs.log line 1 with "status":0 changed to 200
    // (derived: the real line is rejected for its status, see rejections)
    String line =
        "{\"level\":\"info\",\"ts\":1693840791.7564995,\"logger\":\"http.log.access\","
            + "\"msg\":\"handled request\",\"request\":{\"remote_ip\":\"172.17.0.1\","
            + "\"remote_port\":\"44790\",\"client_ip\":\"127.0.0.1\",\"proto\":\"HTTP/1.0\","
            + "\"method\":\"GET\",\"host\":\"127.0.0.1:8080\",\"uri\":\"/\",\"headers\":{"
            + "\"User-Agent\":[\"curl/7.74.0\"],\"Accept\":[\"*/*\"]}},\"bytes_read\":0,"
            + "\"user_id\":\"\",\"duration\":0.000002701,\"size\":0,\"status\":200,"
            + "\"resp_headers\":{\"Server\":[\"Caddy\"]}}";

    AccessEvent event = parse(line);

    assertThat(event.getSourceAddress()).isEqualTo("127.0.0.1");
    assertThat(event.getUserName()).isNull();
    assertThat(event.getEventDuration()).isEqualTo(2_701L);
    assertThat(event.getTimestamp()).isEqualTo(Instant.parse("2023-09-04T15:19:51.756Z"));
  }

  // ---------------------------------------------------------------- rejections

  static Stream<Arguments> rejectedLines() {
    return Stream.of(
        // json-small-crowdsec/caddy-logs__caddy-logs.log line 12
        Arguments.of("", RejectReason.EMPTY_LINE, "line is empty"),
        Arguments.of(" \t\r", RejectReason.EMPTY_LINE, "line contains only whitespace"),
        // json-small-crowdsec/traefik_json__traefik_json.log line 6
        Arguments.of(
            "DEBUG: CrowdsecBouncerTraefikPlugin: 2025/09/05 13:53:40 handleStreamCache:updated",
            RejectReason.UNKNOWN_FORMAT,
            "neither a Common Log Format line nor JSON"),
        // messy-crowdsec/nginx/nginx_http-logs__nginx_http-logs.log line 9 (an error-log line)
        Arguments.of(
            "2021/12/01 13:53:33 [error] 31#31: *46 \"/usr/share/nginx/html/market/index.html\" is"
                + " not found (2: No such file or directory), client: 172.17.0.1, server:"
                + " localhost, request: \"GET /market/ HTTP/1.1\", host: \"localhost\"",
            RejectReason.UNKNOWN_FORMAT,
            "'[' at column 21 opens '[error] 31#31"),
        // messy-elastic-beats/apache-access__ssl-request.log line 2 (mod_ssl request log)
        Arguments.of(
            "[16/Oct/2019:11:53:47 +0200] 81.2.69.143 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 \"GET"
                + " /appl/ajaxhelper.php?cmd=getxicoreajax HTTP/1.1\" -",
            RejectReason.UNKNOWN_FORMAT,
            "line starts with '[' at column 1"),
        // messy-crowdsec/nginx/http-bf-wordpress-bf__http-bf-wordpress-bf.log line 1
        Arguments.of(
            "Sep 15 16:13:46 ip-172-31-43-28.us-east-2.compute.internal nginx[2869]: 81.150.104.130"
                + " - - [15/Sep/2021:16:13:46 +0000] \"POST /wp-login.php HTTP/1.1\" 200 5364"
                + " \"-\" \"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:64.0) Gecko/20100101"
                + " Firefox/64.0\"",
            RejectReason.UNKNOWN_FORMAT,
            "syslog header 'Sep 15 16:13:46'"),
        // json-small-crowdsec/caddy-logs__caddy-logs.log line 11 (a Caddy debug line)
        Arguments.of(
            "{\"level\":\"debug\",\"ts\":1742400753.0547564,"
                + "\"logger\":\"http.handlers.reverse_proxy\",\"msg\":\"selected"
                + " upstream\",\"dial\":\"immich_server:2283\",\"total_upstreams\":1}",
            RejectReason.UNKNOWN_FORMAT,
            "JSON object has none of the keys"),
        // apache-combined-elastic/apache_logs line 8899 (truncated: no closing quote)
        Arguments.of(
            "46.118.127.106 - - [20/May/2015:12:05:17 +0000] \"GET"
                + " /scripts/grok-py-test/configlib.py HTTP/1.1\" 200 235 \"-\" \"Mozilla/5.0"
                + " (compatible; Googlebot/2.1; +http://www.google.com/bot.html",
            RejectReason.MALFORMED_FIELDS,
            "no closing quote for the user agent field at column 111"),
        // messy-crowdsec/nginx/nginx_http-logs__nginx_http-logs.log line 8 (ident missing)
        Arguments.of(
            "192.168.1.1 - [08/Jun/2020:08:04:43 +0000] \"GET /api/test HTTP/1.1\" 200 100 \"-\""
                + " \"curl/7.68.0\"",
            RejectReason.MALFORMED_FIELDS,
            "2 fields before the timestamp at column 15; expected client, ident and user"),
        // derived from nginx-combined-ployt0/access.log line 1949: request quote removed
        Arguments.of(
            "76.72.172.0 - - [03/Sep/2022:02:43:16 +0000] \"GET / 400 0",
            RejectReason.MALFORMED_FIELDS,
            "no closing quote for the request field at column 46"),
        // derived from apache-combined-elastic/apache_logs line 77: May written as German "Mai"
        Arguments.of(
            "218.30.103.62 - - [17/Mai/2015:11:05:11 +0000] \"GET /robots.txt HTTP/1.1\" 200 -"
                + " \"-\" \"Sogou web spider/4.0\"",
            RejectReason.MALFORMED_TIMESTAMP,
            "timestamp '17/Mai/2015:11:05:11 +0000' at column 20 has a month that is not an"
                + " English three-letter abbreviation Jan-Dec"),
        // derived from nginx-combined-ployt0/access.log line 1949: 31 September
        Arguments.of(
            "76.72.172.0 - - [31/Sep/2022:02:43:16 +0000] \"\" 400 0 \"-\" \"-\"",
            RejectReason.MALFORMED_TIMESTAMP,
            "names a day that does not exist in its month"),
        // derived from nginx-combined-ployt0/access.log line 1949: no offset
        Arguments.of(
            "76.72.172.0 - - [03/Sep/2022:02:43:16] \"\" 400 0 \"-\" \"-\"",
            RejectReason.MALFORMED_TIMESTAMP,
            "does not have the expected layout"),
        // json-small-crowdsec/caddy-logs__caddy-logs.log line 1 (Caddy logs 0 when no handler
        // wrote a status)
        Arguments.of(
            "{\"level\":\"info\",\"ts\":1693840791.7564995,\"logger\":\"http.log.access\","
                + "\"msg\":\"handled request\",\"request\":{\"remote_ip\":\"172.17.0.1\","
                + "\"remote_port\":\"44790\",\"client_ip\":\"127.0.0.1\",\"proto\":\"HTTP/1.0\","
                + "\"method\":\"GET\",\"host\":\"127.0.0.1:8080\",\"uri\":\"/\",\"headers\":{"
                + "\"User-Agent\":[\"curl/7.74.0\"]}},\"bytes_read\":0,\"user_id\":\"\","
                + "\"duration\":0.000002701,\"size\":0,\"status\":0,"
                + "\"resp_headers\":{\"Server\":[\"Caddy\"]}}",
            RejectReason.INVALID_STATUS_CODE,
            "status code 0 outside 100-599"),
        // messy-crowdsec/traefik/traefik_clf__traefik_clf.log line 5
        Arguments.of(
            "172.17.1.1 - - [28/Sep/2022:13:38:04 +0000] \"GET /mobileadmin/home.cs HTTP/1.1\" - -"
                + " \"-\" \"Mozilla/5.00 (Nikto/2.1.5) (Evasions:None) (Test:006607)\" 45640 \"-\""
                + " \"-\" 0ms",
            RejectReason.INVALID_STATUS_CODE,
            "status code '-' at column 81 is not a number"),
        // derived from nginx-combined-ployt0/access.log line 1949: status 999
        Arguments.of(
            "76.72.172.0 - - [03/Sep/2022:02:43:16 +0000] \"\" 999 0 \"-\" \"-\"",
            RejectReason.INVALID_STATUS_CODE,
            "status code 999 outside 100-599"),
        // derived from nginx-combined-ployt0/access.log line 1949: size "0x10"
        Arguments.of(
            "76.72.172.0 - - [03/Sep/2022:02:43:16 +0000] \"\" 400 0x10 \"-\" \"-\"",
            RejectReason.INVALID_NUMBER,
            "response size '0x10' at column 53 is not a number of bytes"),
        // derived from nginx-json-ployt0/access.json.log line 1949: body_bytes_sent "-1"
        Arguments.of(
            "{\"time_iso8601\":\"2022-09-03T02:43:16+00:00\",\"remote_addr\":\"76.72.172.0\","
                + "\"remote_user\":\"\",\"request\":\"\",\"status\":\"400\","
                + "\"body_bytes_sent\":\"-1\",\"http_referer\":\"\",\"http_user_agent\":\"\"}",
            RejectReason.INVALID_NUMBER,
            "body_bytes_sent \"-1\" is not a non-negative integer"),
        // derived from nginx-json-ployt0/access.json.log line 1949: cut off after 60 characters
        Arguments.of(
            "{\"time_iso8601\":\"2022-09-03T02:43:16+00:00\",\"remote_addr\":\"7",
            RejectReason.MALFORMED_JSON,
            "invalid JSON at column"),
        // derived from nginx-json-ployt0/access.json.log line 1949: remote_addr removed
        Arguments.of(
            "{\"time_iso8601\":\"2022-09-03T02:43:16+00:00\",\"remote_user\":\"\",\"request\":\"\","
                + "\"status\":\"400\",\"body_bytes_sent\":\"0\",\"http_referer\":\"\","
                + "\"http_user_agent\":\"\"}",
            RejectReason.MISSING_REQUIRED_FIELD,
            "nginx_json line has no remote_addr"),
        // derived from nginx-json-ployt0/access.json.log line 1949: time without offset
        Arguments.of(
            "{\"time_iso8601\":\"2022-09-03T02:43:16\",\"remote_addr\":\"76.72.172.0\","
                + "\"request\":\"\",\"status\":\"400\",\"body_bytes_sent\":\"0\"}",
            RejectReason.MALFORMED_TIMESTAMP,
            "time_iso8601 '2022-09-03T02:43:16' has no UTC offset"));
  }

  @ParameterizedTest
  @MethodSource("rejectedLines")
  void rejectsWithReasonAndPreciseMessage(String line, RejectReason reason, String message) {
    ParseResult result = parser.parse(line, CONTEXT);

    assertThat(result)
        .isInstanceOfSatisfying(
            ParseResult.Rejected.class,
            rejected -> {
              assertThat(rejected.reason()).isEqualTo(reason);
              assertThat(rejected.message()).contains(message);
            });
  }

  static Stream<Arguments> hostileJsonValues() {
    return Stream.of(
        Arguments.of("\"ts\":1e9999999999", RejectReason.MALFORMED_TIMESTAMP),
        Arguments.of("\"ts\":-1", RejectReason.MALFORMED_TIMESTAMP),
        Arguments.of("\"ts\":[]", RejectReason.MALFORMED_TIMESTAMP),
        Arguments.of("\"status\":1e9999999999", RejectReason.INVALID_STATUS_CODE),
        Arguments.of("\"status\":99999999999999999999999999", RejectReason.INVALID_STATUS_CODE),
        Arguments.of("\"status\":200.5", RejectReason.INVALID_STATUS_CODE),
        Arguments.of("\"size\":-1", RejectReason.INVALID_NUMBER),
        Arguments.of("\"size\":1e-999999999", RejectReason.INVALID_NUMBER),
        Arguments.of("\"duration\":1e999999999", RejectReason.INVALID_NUMBER),
        Arguments.of("\"duration\":\"x\"", RejectReason.INVALID_NUMBER),
        Arguments.of("\"status\":NaN", RejectReason.MALFORMED_JSON),
        Arguments.of("\"ts\":1" + "0".repeat(1200), RejectReason.MALFORMED_JSON));
  }

  @ParameterizedTest
  @MethodSource("hostileJsonValues")
  void hostileJsonNumbersAreRejectedNotThrown(String member, RejectReason reason) {
    // derived from json-small-crowdsec/caddy-logs__caddy-logs.log line 10, reduced to the keys
    // the parser reads, with one member replaced
    String line =
        "{\"ts\":1711741864.947103,\"request\":{\"client_ip\":\"127.0.0.1\",\"method\":\"GET\","
            + "\"uri\":\"/\"},\"duration\":0.794682124,\"size\":18630,\"status\":200,"
            + member
            + "}";

    assertThat(parser.parse(line, CONTEXT))
        .isInstanceOfSatisfying(
            ParseResult.Rejected.class,
            rejected -> assertThat(rejected.reason()).isEqualTo(reason));
  }

  @Test
  void absoluteFormTargetPathIsAfterTheAuthority() {
    // derived from nginx-combined-ployt0/access.log line 1 with a proxy-style absolute target
    String line =
        "18.184.180.0 - - [01/Sep/2022:22:12:45 +0000] \"GET http://example.com:80/x/y?q=1"
            + " HTTP/1.1\" 200 87 \"-\" \"-\"";

    AccessEvent event = parse(line);

    assertThat(event.getUrlOriginal()).isEqualTo("http://example.com:80/x/y?q=1");
    assertThat(event.getUrlPath()).isEqualTo("/x/y");
    assertThat(event.getUrlQuery()).isEqualTo("q=1");
  }

  @Test
  void nullLineIsAnEmptyLine() {
    assertThat(parser.parse(null, CONTEXT))
        .isEqualTo(new ParseResult.Rejected(RejectReason.EMPTY_LINE, "line is null"));
  }

  @Test
  void lineTooLongIsCheckedFirst() {
    // nginx-combined-ployt0/access.log line 1949, 61 characters, against a limit of 60
    String line = "76.72.172.0 - - [03/Sep/2022:02:43:16 +0000] \"\" 400 0 \"-\" \"-\"";
    AccessLogParser strict = new AccessLogParser(line.length() - 1);

    assertThat(strict.parse(line, CONTEXT))
        .isEqualTo(
            new ParseResult.Rejected(
                RejectReason.LINE_TOO_LONG, "line has 61 characters, more than the limit of 60"));
    assertThat(new AccessLogParser(line.length()).parse(line, CONTEXT))
        .isInstanceOf(ParseResult.Parsed.class);
  }

  @Test
  void longestCorpusLineIsTooLongForA4096CharacterLimit() throws IOException {
    // nginx-combined-ployt0/access.log line 6233: 4,157 characters of RDP/TLS garbage
    // (awk 'length($0)>4000{print NR, length($0)}' access.log)
    Path file = CorpusParseTest.dataDirectory().resolve("nginx-combined-ployt0/access.log");
    Assumptions.assumeTrue(Files.isRegularFile(file), "shared corpus not present");
    String line = Files.readAllLines(file, StandardCharsets.UTF_8).get(6232);

    assertThat(line).hasSize(4157);
    assertThat(parser.parse(line, CONTEXT))
        .isEqualTo(
            new ParseResult.Rejected(
                RejectReason.LINE_TOO_LONG,
                "line has 4157 characters, more than the limit of 4096"));
    assertThat(new AccessLogParser(8192).parse(line, CONTEXT))
        .isInstanceOfSatisfying(
            ParseResult.Parsed.class,
            parsed -> assertThat(parsed.event().getHttpRequestMethod()).isNull());
  }

  // ---------------------------------------------------------------- context and API

  @Test
  void contextValuesAreCopiedAndOriginalIsOptional() {
    // nginx-combined-ployt0/access.log line 1949
    String line = "76.72.172.0 - - [03/Sep/2022:02:43:16 +0000] \"\" 400 0 \"-\" \"-\"";
    LineContext withoutOriginal =
        new LineContext("api", Instant.parse("2024-05-06T07:08:09.123456789Z"), false);

    AccessEvent event = ((ParseResult.Parsed) parser.parse(line, withoutOriginal)).event();

    assertThat(event.getServiceName()).isEqualTo("api");
    assertThat(event.getEventIngested()).isEqualTo(Instant.parse("2024-05-06T07:08:09.123Z"));
    assertThat(event.getEventOriginal()).isNull();
    assertThat(parse(line).getEventOriginal()).isEqualTo(line);
    AccessEvent noIngestTime =
        ((ParseResult.Parsed) parser.parse(line, new LineContext("api", null, false))).event();
    assertThat(noIngestTime.getEventIngested()).isNull();
  }

  @Test
  void eventTimeUsesTheParsePath() {
    // nginx-combined-ployt0/access.log line 1949; json-small-crowdsec/traefik_json line 6
    assertThat(
            parser.eventTime("76.72.172.0 - - [03/Sep/2022:02:43:16 +0000] \"\" 400 0 \"-\" \"-\""))
        .contains(Instant.parse("2022-09-03T02:43:16Z"));
    assertThat(
            parser.eventTime(
                "DEBUG: CrowdsecBouncerTraefikPlugin: 2025/09/05 13:53:40"
                    + " handleStreamCache:updated"))
        .isEmpty();
    assertThat(parser.eventTime(null)).isEmpty();
  }

  @Test
  void invalidConstructionIsRefused() {
    assertThatThrownBy(() -> new AccessLogParser(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxLineLengthChars");
    assertThatThrownBy(() -> new LineContext(" ", null, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> parser.parse("x", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void rejectReasonCodesAreStableSnakeCase() {
    assertThat(RejectReason.values())
        .extracting(RejectReason::code)
        .containsExactly(
            "empty_line",
            "line_too_long",
            "unknown_format",
            "malformed_fields",
            "malformed_timestamp",
            "invalid_status_code",
            "invalid_number",
            "malformed_json",
            "missing_required_field");
  }

  // ---------------------------------------------------------------- helpers' edge cases

  @Test
  void isoTimestampOffsetsAndFractions() {
    assertThat(iso("2022-09-01T22:12:45+00:00")).isEqualTo(at("2022-09-01T22:12:45Z"));
    assertThat(iso("2021-12-08T14:02:43.464763557Z")).isEqualTo(at("2021-12-08T14:02:43.464Z"));
    assertThat(iso("2026-01-14T10:45:33+01:00")).isEqualTo(at("2026-01-14T09:45:33Z"));
    assertThat(iso("2026-01-14T10:45:33.5-0230")).isEqualTo(at("2026-01-14T13:15:33.500Z"));
    assertThat(iso("2026-01-14 10:45:33,12+05")).isEqualTo(at("2026-01-14T05:45:33.120Z"));
    assertThat(iso("1969-12-31T23:59:59.999Z")).isEqualTo(-1L);
    assertThat(iso("2024-02-29T00:00:00Z")).isEqualTo(at("2024-02-29T00:00:00Z"));
  }

  @Test
  void isoTimestampInvalid() {
    assertThat(iso("2022-09-01T22:12:45")).isEqualTo(Timestamps.MISSING_OFFSET);
    assertThat(iso("2023-02-29T00:00:00Z")).isEqualTo(Timestamps.INVALID_DAY);
    assertThat(iso("2022-13-01T00:00:00Z")).isEqualTo(Timestamps.INVALID_MONTH);
    assertThat(iso("2022-09-01T24:00:00Z")).isEqualTo(Timestamps.INVALID_TIME);
    assertThat(iso("2022-09-01T22:12:45+19:00")).isEqualTo(Timestamps.INVALID_OFFSET);
    assertThat(iso("2022-09-01T22:12:45.Z")).isEqualTo(Timestamps.INVALID_LAYOUT);
    assertThat(iso("2022-09-01")).isEqualTo(Timestamps.INVALID_LAYOUT);
  }

  @Test
  void clfTimestampLeapYearsAndCenturies() {
    assertThat(clf("29/Feb/2000:00:00:00 +0000")).isEqualTo(at("2000-02-29T00:00:00Z"));
    assertThat(clf("29/Feb/1900:00:00:00 +0000")).isEqualTo(Timestamps.INVALID_DAY);
    assertThat(clf("10/Oct/2000:13:55:36 -0700")).isEqualTo(at("2000-10-10T20:55:36Z"));
    assertThat(clf("10/oct/2000:13:55:36 -0700")).isEqualTo(Timestamps.INVALID_MONTH);
    assertThat(clf("10/Oct/2000:13:55:60 -0700")).isEqualTo(Timestamps.INVALID_TIME);
    assertThat(clf("10/Oct/2000:13:55:36 -07:00")).isEqualTo(Timestamps.INVALID_LAYOUT);
  }

  @Test
  void epochSecondsAndDurationDecimals() {
    assertThat(Timestamps.parseEpochSeconds("1711741827.9626286", 0, 18))
        .isEqualTo(1_711_741_827_962L);
    assertThat(Timestamps.parseEpochSeconds("1662070365", 0, 10)).isEqualTo(1_662_070_365_000L);
    assertThat(Timestamps.parseEpochSeconds("-1", 0, 2)).isEqualTo(Timestamps.INVALID_EPOCH);
    assertThat(Timestamps.secondsToNanos("0.001", 0, 5)).isEqualTo(1_000_000L);
    assertThat(Timestamps.secondsToNanos("12.0000000019", 0, 13)).isEqualTo(12_000_000_001L);
    assertThat(Timestamps.secondsToNanos("0.", 0, 2)).isEqualTo(-1L);
    assertThat(Timestamps.secondsToNanos("-", 0, 1)).isEqualTo(-1L);
  }

  private static long iso(String text) {
    return Timestamps.parseIso(text, 0, text.length());
  }

  private static long clf(String text) {
    return Timestamps.parseClf(text, 0, text.length());
  }

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void ipLiteralCanonicalForms() {
    assertThat(IpAddresses.canonicalOrNull("18.184.180.0")).isEqualTo("18.184.180.0");
    assertThat(IpAddresses.canonicalOrNull("::1")).isEqualTo("::1");
    assertThat(IpAddresses.canonicalOrNull("::")).isEqualTo("::");
    assertThat(IpAddresses.canonicalOrNull("2a02:cf40::")).isEqualTo("2a02:cf40::");
    // messy-elastic-beats/nginx-access__test-with-host.log line 6 (inside a list there)
    assertThat(IpAddresses.canonicalOrNull("2a03:0000:10ff:f00f:0000:0000:0:8000"))
        .isEqualTo("2a03:0:10ff:f00f::8000");
    assertThat(IpAddresses.canonicalOrNull("2001:DB8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
    assertThat(IpAddresses.canonicalOrNull("1:2:3:4:5:6:7::")).isEqualTo("1:2:3:4:5:6:7:0");
    assertThat(IpAddresses.canonicalOrNull("::ffff:192.0.2.1")).isEqualTo("::ffff:192.0.2.1");
    assertThat(IpAddresses.canonicalOrNull("64:ff9b::192.0.2.33")).isEqualTo("64:ff9b::c000:221");
  }

  @Test
  void notIpLiterals() {
    for (String text :
        List.of(
            "-",
            "",
            "unix:",
            "localhost",
            "monitoring-server",
            "1.2.3",
            "1.2.3.4.5",
            "256.1.1.1",
            "01.2.3.4",
            "1.2.3.4 ",
            "[::1]",
            "fe80::1%eth0",
            "1::2::3",
            "12345::",
            ":1:2",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7",
            "[2a02:cf40::::::::4e36]:500000000",
            "10.0.0.2, 10.0.0.1")) {
      assertThat(IpAddresses.canonicalOrNull(text)).as(text).isNull();
    }
  }

  // ---------------------------------------------------------------- helpers

  private AccessEvent parse(String line) {
    ParseResult result = parser.parse(line, CONTEXT);
    assertThat(result).as("result for %s", line).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) result).event();
  }

  /** An expected event with the context's values and every optional field null. */
  private static AccessEvent.Builder expected(
      String line, String timestamp, LogFormat format, String sourceAddress, int status) {
    return AccessEvent.newBuilder()
        .setTimestamp(Instant.parse(timestamp))
        .setServiceName("web-frontend")
        .setLogFormat(format.code())
        .setSourceAddress(sourceAddress)
        .setSourceIp(null)
        .setUserName(null)
        .setHttpRequestMethod(null)
        .setUrlOriginal(null)
        .setUrlPath(null)
        .setUrlQuery(null)
        .setHttpVersion(null)
        .setHttpResponseStatusCode(status)
        .setHttpResponseBodyBytes(null)
        .setHttpRequestReferrer(null)
        .setUserAgentOriginal(null)
        .setEventDuration(null)
        .setEventIngested(INGESTED_AT)
        .setEventOriginal(line);
  }

  // ---------------------------------------------------------------- vhost and forwarded-for prefixes

  @Test
  void virtualHostAndForwardedForListBeforeTheClient() {
    // messy-elastic-beats/nginx-access__test-with-host.log line 3: $host, then
    // $proxy_add_x_forwarded_for as the client (10.0.0.0/8 is private, RFC 1918)
    AccessEvent listAsClient =
        parse(
            "example.com 10.0.0.2, 10.0.0.1, 85.181.35.98 - - [07/Dec/2016:11:05:07 +0100] \"GET"
                + " /ocelot HTTP/1.1\" 200 571 \"-\" \"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.12;"
                + " rv:49.0) Gecko/20100101 Firefox/49.0\"");
    assertThat(listAsClient.getUrlDomain()).isEqualTo("example.com");
    assertThat(listAsClient.getSourceAddress()).isEqualTo("10.0.0.2, 10.0.0.1, 85.181.35.98");
    assertThat(listAsClient.getSourceIp()).isNull();
    assertThat(listAsClient.getHttpRequestHeaderXForwardedFor())
        .isEqualTo("10.0.0.2, 10.0.0.1, 85.181.35.98");
    assertThat(listAsClient.getClientIp()).isEqualTo("85.181.35.98");

    // the same file, line 1: no global address in the list, so the peer (last entry) is the client
    AccessEvent allPrivate =
        parse(
            "example.com 10.0.0.2, 10.0.0.1, 127.0.0.1 - - [07/Dec/2016:11:05:07 +0100] \"GET"
                + " /ocelot HTTP/1.1\" 200 571 \"-\" \"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.12;"
                + " rv:49.0) Gecko/20100101 Firefox/49.0\"");
    assertThat(allPrivate.getClientIp()).isEqualTo("127.0.0.1");

    // line 5: %v:%p, a quoted X-Forwarded-For list, then the client
    AccessEvent quotedList =
        parse(
            "example.com:80 \"10.5.102.222, 199.96.1.1, 204.246.1.1\" 10.2.1.185 - -"
                + " [22/Jan/2016:13:18:29 +0000] \"GET /assets/xxxx?q=100 HTTP/1.1\" 200 25507"
                + " \"-\" \"Amazon CloudFront\"");
    assertThat(quotedList.getUrlDomain()).isEqualTo("example.com");
    assertThat(quotedList.getSourceIp()).isEqualTo("10.2.1.185");
    assertThat(quotedList.getHttpRequestHeaderXForwardedFor())
        .isEqualTo("10.5.102.222, 199.96.1.1, 204.246.1.1");
    assertThat(quotedList.getClientIp()).isEqualTo("199.96.1.1");

    // messy-crowdsec/apache2/apache2-logs__apache2-logs.log line 7: %v:%p, no list
    AccessEvent vhostOnly =
        parse(
            "website.com:443 1.2.3.4 - - [25/Oct/2021:11:05:52 +0200] \"GET /web/.well-known"
                + " HTTP/1.1\" 403 6963 \"abc.com\" \"User-agent-string\"");
    assertThat(vhostOnly.getUrlDomain()).isEqualTo("website.com");
    assertThat(vhostOnly.getHttpRequestHeaderXForwardedFor()).isNull();
    assertThat(vhostOnly.getClientIp()).isEqualTo("1.2.3.4");
  }

  @Test
  void bracketedIpv6ClientWithPortInAutoMode() {
    // RFC 3986 section 3.2.2 host form, as logged by servers that write the peer with its port
    AccessEvent event =
        parse("[2001:db8::1]:443 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 5");
    assertThat(event.getSourceAddress()).isEqualTo("[2001:db8::1]:443");
    assertThat(event.getSourceIp()).isEqualTo("2001:db8::1");
    assertThat(event.getTimestamp()).isEqualTo(Instant.parse("2000-10-10T20:55:36Z"));
  }

  @Test
  void quotedSingleForwardedForAddressBeforeTheClient() {
    // one proxy: X-Forwarded-For holds one address; 10.0.0.0/8 is private (RFC 1918)
    AccessEvent event =
        parse("\"8.8.8.8\" 10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 5");
    assertThat(event.getHttpRequestHeaderXForwardedFor()).isEqualTo("8.8.8.8");
    assertThat(event.getClientIp()).isEqualTo("8.8.8.8");
    assertThat(event.getUrlDomain()).isNull();
  }
}
