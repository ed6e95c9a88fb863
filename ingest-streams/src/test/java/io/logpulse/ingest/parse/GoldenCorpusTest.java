package io.logpulse.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.schemas.AccessEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden test: every corpus file under {@code ../shared/data} parsed with {@link LineFormat#auto()}
 * and, where the server's format is known, with its preset. Every line must be parsed or rejected
 * with a message and no exception, and the preset must agree with auto on every field but {@code
 * log_format}.
 */
class GoldenCorpusTest {

  private static final LineContext CONTEXT = new LineContext("golden", null, false);

  /** Files whose format is known from their PROVENANCE.txt, and the matching preset. */
  private static final Map<String, String> KNOWN =
      Map.of(
          "nginx-combined-ployt0/access.log", "nginx_combined",
          "apache-combined-elastic/apache_logs", "apache_combined",
          "nginx-json-ployt0/access.json.log", "nginx_json");

  @Test
  void everyFileWithAutoAndKnownFilesWithTheirPresetAgree() throws IOException {
    AccessLogParser auto = new AccessLogParser(8_192);
    List<String> failures = new ArrayList<>();
    int presetFiles = 0;
    for (Path file : CorpusParseTest.corpusFiles()) {
      String relative =
          CorpusParseTest.dataDirectory().relativize(file).toString().replace('\\', '/');
      String presetName = KNOWN.get(relative);
      AccessLogParser preset =
          presetName == null ? null : new AccessLogParser(8_192, LineFormat.preset(presetName));
      presetFiles += preset == null ? 0 : 1;
      List<String> lines = CorpusParseTest.lines(file);
      for (int index = 0; index < lines.size(); index++) {
        String where = relative + ":" + (index + 1);
        ParseResult byAuto = parse(auto, lines.get(index), where, failures);
        if (preset == null || byAuto == null) {
          continue;
        }
        ParseResult byPreset = parse(preset, lines.get(index), where, failures);
        if (byPreset != null && !agree(byAuto, byPreset, presetName)) {
          failures.add(where + " auto " + byAuto + " but " + presetName + " " + byPreset);
        }
      }
    }
    assertThat(presetFiles).isEqualTo(KNOWN.size());
    assertThat(failures).isEmpty();
  }

  @Test
  void spotChecksWithThePresets() throws IOException {
    // nginx-combined-ployt0/access.log:1
    AccessEvent first = event("nginx_combined", "nginx-combined-ployt0/access.log", 1);
    assertThat(first.getTimestamp()).isEqualTo(Instant.parse("2022-09-01T22:12:45Z"));
    assertThat(first.getSourceIp()).isEqualTo("18.184.180.0");
    assertThat(first.getUrlPath())
        .isEqualTo("/.well-known/acme-challenge/iGh_RMDdWiLd4vDnqkDBDM_Riw5Gz04mMhsB02x07WU");
    assertThat(first.getHttpResponseBodyBytes()).isEqualTo(87L);
    assertThat(first.getUserAgentOriginal())
        .isEqualTo(
            "Mozilla/5.0 (compatible; Let's Encrypt validation server; +https://www.letsencrypt.org)");
    assertThat(first.getLogFormat()).isEqualTo("nginx_combined");
    // nginx-json-ployt0/access.json.log:5874: "\"Mozilla/5.0" decoded from JSON
    AccessEvent json = event("nginx_json", "nginx-json-ployt0/access.json.log", 5874);
    assertThat(json.getUserAgentOriginal()).isEqualTo("\"Mozilla/5.0");
    assertThat(json.getHttpResponseStatusCode()).isEqualTo(404);
    // apache-combined-elastic/apache_logs:77: 218.30.103.62 ... "GET /robots.txt HTTP/1.1" 200 -
    AccessEvent apache = event("apache_combined", "apache-combined-elastic/apache_logs", 77);
    assertThat(apache.getSourceAddress()).isEqualTo("218.30.103.62");
    assertThat(apache.getUrlOriginal()).isEqualTo("/robots.txt");
    assertThat(apache.getHttpResponseBodyBytes()).isZero();
    assertThat(apache.getTimestamp()).isEqualTo(Instant.parse("2015-05-17T11:05:11Z"));
  }

  private static AccessEvent event(String preset, String file, int lineNumber) throws IOException {
    List<String> lines =
        CorpusParseTest.lines(CorpusParseTest.dataDirectory().resolve(file));
    ParseResult result =
        new AccessLogParser(8_192, LineFormat.preset(preset))
            .parse(lines.get(lineNumber - 1), CONTEXT);
    assertThat(result).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) result).event();
  }

  /** Parses, recording an exception or an invariant violation; null after an exception. */
  private static ParseResult parse(
      AccessLogParser parser, String line, String where, List<String> failures) {
    ParseResult result;
    try {
      result = parser.parse(line, CONTEXT);
    } catch (RuntimeException e) { // recorded with the line, then the test fails
      failures.add(where + " " + parser.format().code() + " threw " + e);
      return null;
    }
    String problem = CorpusParseTest.invariantViolation(result);
    if (problem != null) {
      failures.add(where + " " + parser.format().code() + " " + problem);
    }
    return result;
  }

  private static boolean agree(ParseResult byAuto, ParseResult byPreset, String presetName) {
    if (byAuto instanceof ParseResult.Parsed autoParsed) {
      if (!(byPreset instanceof ParseResult.Parsed presetParsed)) {
        return false;
      }
      AccessEvent relabelled =
          AccessEvent.newBuilder(autoParsed.event()).setLogFormat(presetName).build();
      return relabelled.equals(presetParsed.event());
    }
    return byPreset instanceof ParseResult.Rejected;
  }
}
