package io.logpulse.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.schemas.AccessEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the parser over every real access log under {@code ../shared/data} (see its README and
 * PROVENANCE files). Every line must end up parsed or rejected with a message; the expected counts
 * below were measured independently with grep/awk (command in each comment), not by running the
 * parser.
 *
 * <p>Lines are read as bytes, split on {@code '\n'} (a last line without a newline is kept, the
 * empty string after a final newline is not), and decoded as UTF-8 with U+FFFD replacement, as the
 * ingest service receives them. The line limit is 8192 characters so that the five 4,151-4,157
 * character probe lines of nginx-combined-ployt0 are parsed, not rejected as too long.
 */
class CorpusParseTest {

  private static final AccessLogParser PARSER = new AccessLogParser(8192);
  private static final LineContext CONTEXT = new LineContext("corpus", null, false);

  /** The shared corpus directory; Surefire sets {@code logpulse.shared.dir}. */
  static Path dataDirectory() {
    return Paths.get(System.getProperty("logpulse.shared.dir", "../../shared"), "data");
  }

  @Test
  void everyLineOfEveryFileIsParsedOrRejectedWithAMessage() throws IOException {
    List<Path> files = corpusFiles();
    Map<String, Map<String, Integer>> outcomesByFolder = new TreeMap<>();
    List<String> failures = new ArrayList<>();

    for (Path file : files) {
      String folder = dataDirectory().relativize(file).getName(0).toString();
      List<String> lines = lines(file);
      for (int index = 0; index < lines.size(); index++) {
        String where = dataDirectory().relativize(file) + ":" + (index + 1);
        ParseResult result;
        try {
          result = PARSER.parse(lines.get(index), CONTEXT);
        } catch (RuntimeException e) { // reported with the line, then the test fails
          failures.add(where + " threw " + e);
          continue;
        }
        String problem = invariantViolation(result);
        if (problem != null) {
          failures.add(where + " " + problem);
        }
        outcomesByFolder
            .computeIfAbsent(folder, key -> new TreeMap<>())
            .merge(outcome(result), 1, Integer::sum);
      }
    }

    assertThat(failures).isEmpty();
    assertThat(outcomesByFolder)
        .containsOnly(
            // grep -c '^[^ ]* - [^ ]* \[[^]]*\] "\(\\.\|[^"\\]\)*" [1-5][0-9][0-9] \([0-9]\+\|-\)
            //   "\(\\.\|[^"\\]\)*" "\(\\.\|[^"\\]\)*"$' apache_logs   -> 9999 of 10000 (wc -l);
            // the other one, line 8899, has a user agent without its closing quote
            Map.entry(
                "apache-combined-elastic",
                Map.of("parsed:clf_combined", 9999, "rejected:malformed_fields", 1)),
            // the same grep (with [0-9]\+ sizes) on access.log -> 16912 of 16912
            Map.entry("nginx-combined-ployt0", Map.of("parsed:clf_combined", 16912)),
            // grep -c '^{"time_iso8601":' access.json.log -> 16912 of 16912
            Map.entry("nginx-json-ployt0", Map.of("parsed:nginx_json", 16912)),
            // cat *.log: 105 lines (104 newline-terminated + 1 unterminated); grep -c
            // '"DownstreamStatus":' -> 86 Traefik; grep -c '"request":{' -> 16 Caddy access
            // lines, of which grep -c '"status":0,' -> 7; the remaining JSON line is a Caddy
            // reverse_proxy debug line; grep -vc '^{\|^$' -> 1 plain-text line; grep -c '^$' -> 1
            Map.entry(
                "json-small-crowdsec",
                Map.of(
                    "parsed:traefik_json", 86,
                    "parsed:caddy_json", 9,
                    "rejected:invalid_status_code", 7,
                    "rejected:unknown_format", 2,
                    "rejected:empty_line", 1)),
            // 65 lines; grep -cE '\] "[^"]*" [0-9]{3} ([0-9]+|-)$' -> 8 common; grep -c . on the
            // ingress file -> 29; grep -c '^\[' -> 2 mod_ssl request-log lines; grep -c '^$' -> 1
            Map.entry(
                "messy-elastic-beats",
                Map.of(
                    "parsed:clf_common", 8,
                    "parsed:clf_combined", 25,
                    "parsed:ingress_nginx", 29,
                    "rejected:unknown_format", 2,
                    "rejected:empty_line", 1)),
            // for f in $(find . -name '*.log'); do awk 1 $f; done -> 1057 lines, of which:
            //   grep -cE '^([^ \[]+ ){3,5}\[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:[0-9:]{8}
            //     [+-][0-9]{4}\] "'                                         -> 935 CLF lines,
            //     1 of them with status '-' (Traefik), grep -cE '...\] "(\\.|[^"\\])*"
            //     [1-5][0-9]{2} ([0-9]+|-)$' -> 95 common, traefik_clf.log grep -cE
            //     '" [0-9]+ "[^"]*" "[^"]*" [0-9]+ms$' -> 7 (one of them the '-' status);
            //   grep -c '^\[' -> 20 (Apache error log, nginx-proxy-manager);
            //   grep -cE '^[0-9]{4}[/-][0-9]{2}[/-][0-9]{2} ' -> 65 (nginx/litespeed error log);
            //   grep -cE '^(Jan|...|Dec) [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} ' -> 23 syslog;
            //   grep -cE '^[^ \[]+ [^ \[]+ \[[0-9]{2}/' -> 1 line without ident; grep -c '^$' -> 13
            Map.entry(
                "messy-crowdsec",
                Map.of(
                    "parsed:clf_combined", 833,
                    "parsed:clf_common", 95,
                    "parsed:traefik_clf", 6,
                    "rejected:unknown_format", 20 + 65 + 23,
                    "rejected:malformed_fields", 1,
                    "rejected:invalid_status_code", 1,
                    "rejected:empty_line", 13)));
  }

  @Test
  void nginxCombinedParsesCompletely() throws IOException {
    List<AccessEvent> events = parsedEvents("nginx-combined-ployt0/access.log", 16912);

    // sed -E 's/^.*\] "((\\.|[^"\\])*)" .*/\1/' access.log > req.txt, then on req.txt:
    // grep -cE ' HTTP/2\.0$' -> 4503, ' HTTP/1\.1$' -> 11791, ' HTTP/1\.0$' -> 425,
    // grep -c '^$' -> 61 empty; grep -cE "^[-!#$%&'*+.^_`|~0-9A-Za-z]+ [^ ]" -> 16719
    // request lines, so 16912 - 16719 - 61 = 132 non-HTTP probes
    assertThat(count(events, AccessEvent::getHttpVersion))
        .containsOnly(
            Map.entry("2.0", 4503L),
            Map.entry("1.1", 11791L),
            Map.entry("1.0", 425L),
            Map.entry("null", 61L + 132L));
    assertThat(events.stream().filter(e -> e.getHttpRequestMethod() == null))
        .hasSize(61 + 132)
        .filteredOn(e -> e.getUrlOriginal() != null)
        .hasSize(132);
    // grep -c '"SSTP_DUPLEX_POST ' access.log -> 7
    assertThat(events)
        .filteredOn(e -> "SSTP_DUPLEX_POST".equals(e.getHttpRequestMethod()))
        .hasSize(7);
    // sed -E 's/^[^ ]+ [^ ]+ [^ ]+ \[[^]]+\] "(\\.|[^"\\])*" ([0-9]{3}) ([0-9]+|-)
    //   "((\\.|[^"\\])*)" "((\\.|[^"\\])*)"$/\2\t\3\t\4\t\6/' access.log > ng.tsv;
    // cut -f1 ng.tsv | sort | uniq -c
    assertThat(count(events, e -> String.valueOf(e.getHttpResponseStatusCode())))
        .containsOnly(
            Map.entry("404", 7229L),
            Map.entry("200", 4429L),
            Map.entry("405", 3805L),
            Map.entry("307", 585L),
            Map.entry("400", 333L),
            Map.entry("422", 322L),
            Map.entry("301", 178L),
            Map.entry("304", 19L),
            Map.entry("499", 6L),
            Map.entry("502", 3L),
            Map.entry("500", 3L));
    // awk -F'\t' '{s+=$2} END {print s}' ng.tsv -> 27555104; grep -c '" [0-9]\{3\} 0 "' -> 822
    assertThat(events.stream().mapToLong(AccessEvent::getHttpResponseBodyBytes).sum())
        .isEqualTo(27_555_104L);
    assertThat(events).filteredOn(e -> e.getHttpResponseBodyBytes() == 0L).hasSize(822);
    // awk -F'\t' '$3=="-"' ng.tsv | wc -l -> 13532 (no empty referrer);
    // '$4=="-"' -> 301 plus '$4==""' -> 1 user agents
    assertThat(events).filteredOn(e -> e.getHttpRequestReferrer() == null).hasSize(13532);
    assertThat(events).filteredOn(e -> e.getUserAgentOriginal() == null).hasSize(302);
    // grep -vc '^[^ ]* - - \[' access.log -> 4 lines with a user
    assertThat(events).filteredOn(e -> e.getUserName() != null).hasSize(4);
    // grep -c '^[0-9]\{1,3\}\.[0-9]\{1,3\}\.[0-9]\{1,3\}\.[0-9]\{1,3\} ' -> 16912, and
    // grep -cE '^([0-9]+\.){0,3}0[0-9]' -> 0 octets with leading zeros
    assertThat(events).allSatisfy(e -> assertThat(e.getSourceIp()).isEqualTo(e.getSourceAddress()));
    // head -1 / tail -1; PROVENANCE: strictly chronological
    assertThat(events.get(0).getTimestamp()).isEqualTo(Instant.parse("2022-09-01T22:12:45Z"));
    assertThat(events.get(events.size() - 1).getTimestamp())
        .isEqualTo(Instant.parse("2022-09-19T21:12:54Z"));
    assertThat(events).extracting(AccessEvent::getTimestamp).isSorted();
  }

  @Test
  void apacheCombinedParsesAllButTheTruncatedLine() throws IOException {
    Path file = dataFile("apache-combined-elastic/apache_logs");
    List<String> lines = lines(file);
    assertThat(lines).hasSize(10000);
    List<AccessEvent> events = new ArrayList<>();
    Map<Integer, ParseResult.Rejected> rejectedByLine = new TreeMap<>();
    for (int index = 0; index < lines.size(); index++) {
      ParseResult result = PARSER.parse(lines.get(index), CONTEXT);
      if (result instanceof ParseResult.Parsed parsed) {
        events.add(parsed.event());
      } else {
        rejectedByLine.put(index + 1, (ParseResult.Rejected) result);
      }
    }

    // line 8899 ends '... +http://www.google.com/bot.html' with no closing quote
    assertThat(rejectedByLine)
        .containsOnly(
            Map.entry(
                8899,
                new ParseResult.Rejected(
                    RejectReason.MALFORMED_FIELDS,
                    "no closing quote for the user agent field at column 111")));
    // sed -n '8899!p' apache_logs | sed -E 's/^[^ ]+ [^ ]+ [^ ]+ \[[^]]+\] "((\\.|[^"\\])*)"
    //   ([0-9]{3}) ([0-9]+|-) "((\\.|[^"\\])*)" "((\\.|[^"\\])*)"$/\1\t\3\t\4\t\5\t\7/' > ap.tsv
    // awk -F'\t' '$3=="-"' -> 669 (no literal 0), '$3!="-"{s+=$3}' -> 2747282505,
    // '$4=="-"' -> 4072, '$5=="-"' -> 190, '$1 ~ / HTTP\/1\.0$/' -> 700, 1.1 -> 9299
    assertThat(events).filteredOn(e -> e.getHttpResponseBodyBytes() == 0L).hasSize(669);
    assertThat(events.stream().mapToLong(AccessEvent::getHttpResponseBodyBytes).sum())
        .isEqualTo(2_747_282_505L);
    assertThat(events).filteredOn(e -> e.getHttpRequestReferrer() == null).hasSize(4072);
    assertThat(events).filteredOn(e -> e.getUserAgentOriginal() == null).hasSize(190);
    assertThat(count(events, AccessEvent::getHttpVersion))
        .containsOnly(Map.entry("1.0", 700L), Map.entry("1.1", 9299L));
    // awk -F'\t' '{split($1,a," "); print a[1]}' ap.tsv | sort | uniq -c
    assertThat(count(events, AccessEvent::getHttpRequestMethod))
        .containsOnly(
            Map.entry("GET", 9951L),
            Map.entry("HEAD", 42L),
            Map.entry("POST", 5L),
            Map.entry("OPTIONS", 1L));
    // awk -F'\t' '{print $2}' ap.tsv | sort | uniq -c
    assertThat(count(events, e -> String.valueOf(e.getHttpResponseStatusCode())))
        .containsOnly(
            Map.entry("200", 9125L),
            Map.entry("304", 445L),
            Map.entry("404", 213L),
            Map.entry("301", 164L),
            Map.entry("206", 45L),
            Map.entry("500", 3L),
            Map.entry("416", 2L),
            Map.entry("403", 2L));
    // awk -F'\t' '{split($1,a," "); if (index(a[2],"?")>0) q++} END{print q}' ap.tsv -> 1259
    assertThat(events).filteredOn(e -> e.getUrlQuery() != null).hasSize(1259);
    assertThat(events).allSatisfy(e -> assertThat(e.getSourceIp()).isEqualTo(e.getSourceAddress()));
    // cut -d' ' -f4 apache_logs | sort | sed -n '1p;$p' (all in May 2015, all +0000)
    assertThat(events.stream().map(AccessEvent::getTimestamp).min(Instant::compareTo))
        .contains(Instant.parse("2015-05-17T10:05:00Z"));
    assertThat(events.stream().map(AccessEvent::getTimestamp).max(Instant::compareTo))
        .contains(Instant.parse("2015-05-20T21:05:59Z"));
  }

  @Test
  void nginxJsonMatchesNginxCombinedLineForLine() throws IOException {
    List<AccessEvent> combined = parsedEvents("nginx-combined-ployt0/access.log", 16912);
    List<AccessEvent> json = parsedEvents("nginx-json-ployt0/access.json.log", 16912);

    for (int index = 0; index < combined.size(); index++) {
      AccessEvent clf = combined.get(index);
      AccessEvent other = json.get(index);
      String where = "line " + (index + 1);
      assertThat(other.getSourceIp()).as(where).isEqualTo(clf.getSourceIp());
      assertThat(other.getSourceAddress()).as(where).isEqualTo(clf.getSourceAddress());
      assertThat(other.getHttpResponseStatusCode())
          .as(where)
          .isEqualTo(clf.getHttpResponseStatusCode());
      assertThat(other.getHttpResponseBodyBytes())
          .as(where)
          .isEqualTo(clf.getHttpResponseBodyBytes());
      assertThat(other.getTimestamp()).as(where).isEqualTo(clf.getTimestamp());
      assertThat(other.getUserName()).as(where).isEqualTo(clf.getUserName());
      assertThat(other.getHttpRequestMethod()).as(where).isEqualTo(clf.getHttpRequestMethod());
      assertThat(other.getHttpVersion()).as(where).isEqualTo(clf.getHttpVersion());
      // \xNN in the combined file is a decoded character in the JSON file
      if (!containsBackslash(clf.getUrlOriginal())) {
        assertThat(other.getUrlOriginal()).as(where).isEqualTo(clf.getUrlOriginal());
        assertThat(other.getUrlPath()).as(where).isEqualTo(clf.getUrlPath());
        assertThat(other.getUrlQuery()).as(where).isEqualTo(clf.getUrlQuery());
      }
      if (!containsBackslash(clf.getUserAgentOriginal())) {
        assertThat(other.getUserAgentOriginal()).as(where).isEqualTo(clf.getUserAgentOriginal());
      }
      if (!containsBackslash(clf.getHttpRequestReferrer())) {
        assertThat(other.getHttpRequestReferrer())
            .as(where)
            .isEqualTo(clf.getHttpRequestReferrer());
      }
    }
  }

  @Test
  void truncatedAndMutatedCorpusLinesNeverThrow() throws IOException {
    // every prefix and suffix of every line of the small corpora, plus seeded random edits
    Random random = new Random(20_240_102L);
    String edits = "\"\\[] {}:,-/.0123456789+x\u0000\u00ff\ufeff\r\t";
    List<String> failures = new ArrayList<>();
    int parses = 0;
    for (Path file : corpusFiles()) {
      if (Files.size(file) > 200_000) {
        continue; // the three big files are covered line by line above
      }
      for (String line : lines(file)) {
        List<String> variants = new ArrayList<>();
        for (int cut = 0; cut <= line.length(); cut++) {
          variants.add(line.substring(0, cut));
          variants.add(line.substring(cut));
        }
        for (int mutation = 0; mutation < 20 && !line.isEmpty(); mutation++) {
          StringBuilder mutated = new StringBuilder(line);
          for (int edit = 1 + random.nextInt(4); edit > 0 && mutated.length() > 0; edit--) {
            int position = random.nextInt(mutated.length());
            char character = edits.charAt(random.nextInt(edits.length()));
            switch (random.nextInt(3)) {
              case 0 -> mutated.setCharAt(position, character);
              case 1 -> mutated.insert(position, character);
              default -> mutated.deleteCharAt(position);
            }
          }
          variants.add(mutated.toString());
        }
        for (String variant : variants) {
          parses++;
          try {
            String problem = invariantViolation(PARSER.parse(variant, CONTEXT));
            if (problem != null) {
              failures.add(problem + " for " + Messages.excerpt(variant, 0, variant.length()));
            }
          } catch (RuntimeException e) { // reported with the input, then the test fails
            failures.add(e + " for " + Messages.excerpt(variant, 0, variant.length()));
          }
        }
      }
    }

    assertThat(parses).isGreaterThan(100_000);
    assertThat(failures).isEmpty();
  }

  // ---------------------------------------------------------------- helpers

  /** Null when the result satisfies the schema's invariants, else what is wrong. */
  static String invariantViolation(ParseResult result) {
    if (result instanceof ParseResult.Rejected rejected) {
      return rejected.message().isBlank() ? "blank rejection message" : null;
    }
    AccessEvent event = ((ParseResult.Parsed) result).event();
    int status = event.getHttpResponseStatusCode();
    if (status < 100 || status > 599) {
      return "status " + status;
    }
    if (event.getHttpResponseBodyBytes() != null && event.getHttpResponseBodyBytes() < 0) {
      return "negative size";
    }
    if (event.getEventDuration() != null && event.getEventDuration() < 0) {
      return "negative duration";
    }
    if (event.getSourceAddress().isEmpty() || event.getLogFormat().isEmpty()) {
      return "empty source address or log format";
    }
    if (event.getUrlPath() != null
        && event.getUrlPath().indexOf('?') >= 0
        && !event.getUrlOriginal().toUpperCase(java.util.Locale.ROOT).contains("%3F")) {
      return "url_path contains '?' that is not a decoded %3F";
    }
    // url_path is the percent-decoded path of url_original (UrlPaths).
    if (event.getUrlPath() != null
        && !UrlPaths.percentDecode(event.getUrlOriginal()).contains(event.getUrlPath())) {
      return "url_path not taken from url_original";
    }
    return null;
  }

  private static String outcome(ParseResult result) {
    if (result instanceof ParseResult.Parsed parsed) {
      return "parsed:" + parsed.event().getLogFormat();
    }
    return "rejected:" + ((ParseResult.Rejected) result).reason().code();
  }

  private static List<AccessEvent> parsedEvents(String relativePath, int expectedLines)
      throws IOException {
    List<String> lines = lines(dataFile(relativePath));
    assertThat(lines).hasSize(expectedLines);
    List<AccessEvent> events = new ArrayList<>(lines.size());
    for (int index = 0; index < lines.size(); index++) {
      ParseResult result = PARSER.parse(lines.get(index), CONTEXT);
      assertThat(result)
          .as("%s line %d", relativePath, index + 1)
          .isInstanceOf(ParseResult.Parsed.class);
      events.add(((ParseResult.Parsed) result).event());
    }
    return events;
  }

  private static Map<String, Long> count(
      List<AccessEvent> events, Function<AccessEvent, String> key) {
    return events.stream()
        .collect(
            Collectors.groupingBy(
                event -> Objects.toString(key.apply(event)), TreeMap::new, Collectors.counting()));
  }

  private static boolean containsBackslash(String value) {
    return value != null && value.indexOf('\\') >= 0;
  }

  private static Path dataFile(String relativePath) {
    Path file = dataDirectory().resolve(relativePath);
    Assumptions.assumeTrue(Files.isRegularFile(file), "shared corpus not present: " + file);
    return file;
  }

  /** Every corpus file except geoip/, PROVENANCE.txt and README.md, in path order. */
  static List<Path> corpusFiles() throws IOException {
    Path data = dataDirectory();
    Assumptions.assumeTrue(Files.isDirectory(data), "shared corpus not present: " + data);
    Predicate<Path> wanted =
        path -> {
          Path relative = data.relativize(path);
          String name = path.getFileName().toString();
          return !relative.getName(0).toString().equals("geoip")
              && !name.equals("PROVENANCE.txt")
              && !name.equals("README.md");
        };
    try (Stream<Path> paths = Files.walk(data)) {
      List<Path> files = paths.filter(Files::isRegularFile).filter(wanted).sorted().toList();
      assertThat(files).hasSizeGreaterThan(90);
      return files;
    }
  }

  /**
   * Splits a file on {@code '\n'} as bytes and decodes each line as UTF-8, replacing invalid
   * sequences with U+FFFD; keeps a last line that lacks its newline.
   */
  static List<String> lines(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int index = 0; index < bytes.length; index++) {
      if (bytes[index] == '\n') {
        lines.add(new String(bytes, start, index - start, StandardCharsets.UTF_8));
        start = index + 1;
      }
    }
    if (start < bytes.length) {
      lines.add(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
    }
    return lines;
  }
}
