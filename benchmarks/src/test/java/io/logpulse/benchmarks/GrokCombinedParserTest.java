package io.logpulse.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.ingest.parse.AccessLogParser;
import io.logpulse.ingest.parse.LineContext;
import io.logpulse.ingest.parse.ParseResult;
import io.logpulse.schemas.AccessEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The regex baseline must extract what the real parser extracts, or the comparison is unfair. */
class GrokCombinedParserTest {

  private static final AccessLogParser PARSER =
      new AccessLogParser(PipelineBenchmark.MAX_LINE_LENGTH_CHARS);
  private static final LineContext CONTEXT =
      new LineContext(PipelineBenchmark.SERVICE_NAME, null, false);
  private static final GrokCombinedParser BASELINE =
      new GrokCombinedParser(PipelineBenchmark.SERVICE_NAME);

  @Test
  void agreesWithTheParserOnTheFirst1000LinesOfNginxCombinedPloyt0() throws IOException {
    Path file = Corpus.resolve("../shared/data/nginx-combined-ployt0/access.log");
    Assumptions.assumeTrue(Files.isRegularFile(file), "corpus not present: " + file);
    String[] lines = Corpus.readLines(file);
    assertThat(lines.length).isGreaterThanOrEqualTo(1000);

    List<String> disagreements = new ArrayList<>();
    int compared = 0;
    for (int index = 0; index < 1000; index++) {
      ParseResult result = PARSER.parse(lines[index], CONTEXT);
      AccessEvent expected =
          result instanceof ParseResult.Parsed parsed ? parsed.event() : null;
      AccessEvent actual = BASELINE.parse(lines[index]);
      String where = "line " + (index + 1) + ": ";
      if (expected == null || actual == null) {
        if (expected != actual) {
          disagreements.add(where + "parser " + result + ", baseline " + actual);
        }
        continue;
      }
      compared++;
      compare(disagreements, where + "timestamp", expected.getTimestamp(), actual.getTimestamp());
      compare(
          disagreements,
          where + "status",
          expected.getHttpResponseStatusCode(),
          actual.getHttpResponseStatusCode());
      compare(
          disagreements,
          where + "bytes",
          expected.getHttpResponseBodyBytes(),
          actual.getHttpResponseBodyBytes());
      compare(
          disagreements,
          where + "method",
          expected.getHttpRequestMethod(),
          actual.getHttpRequestMethod());
      compare(disagreements, where + "path", expected.getUrlPath(), actual.getUrlPath());
      compare(disagreements, where + "query", expected.getUrlQuery(), actual.getUrlQuery());
      compare(
          disagreements, where + "source", expected.getSourceAddress(), actual.getSourceAddress());
      compare(
          disagreements,
          where + "user agent",
          expected.getUserAgentOriginal(),
          actual.getUserAgentOriginal());
    }
    assertThat(disagreements).isEmpty();
    assertThat(compared).as("lines both parsed").isGreaterThan(990);
  }

  @Test
  void expandsCombinedApacheLogIntoNamedGroups() {
    assertThat(GrokCombinedParser.EXPANDED_PATTERN)
        .doesNotContain("%{")
        .contains("(?<clientip>", "(?<timestamp>", "(?<verb>", "(?<response>", "(?<agent>");
  }

  @Test
  void resolvesCorpusPathsAgainstTheSharedDirectoryOrTheRepositoryRoot() {
    Path root = Path.of("/repo/logpulse");
    assertThat(Corpus.resolve("../shared/data/a.log", null, root))
        .isEqualTo(Path.of("/repo/shared/data/a.log"));
    assertThat(Corpus.resolve("../shared/data/a.log", "/elsewhere/shared", root))
        .isEqualTo(Path.of("/elsewhere/shared/data/a.log"));
    assertThat(Corpus.resolve("/abs/a.log", "/elsewhere/shared", root))
        .isEqualTo(Path.of("/abs/a.log"));
  }

  private static void compare(
      List<String> disagreements, String what, Object expected, Object actual) {
    if (expected == null ? actual != null : !expected.equals(actual)) {
      disagreements.add(what + ": parser " + expected + ", baseline " + actual);
    }
  }
}
