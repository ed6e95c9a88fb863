package io.logpulse.ingest.enrich.bench;

import io.logpulse.ingest.enrich.RoutePattern;
import io.logpulse.ingest.enrich.UrlNormalizer;
import io.logpulse.ingest.parse.AccessLogParser;
import io.logpulse.ingest.parse.LineContext;
import io.logpulse.ingest.parse.ParseResult;
import io.logpulse.schemas.AccessEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Bench harness (not a unit test, not run by Surefire) for {@link UrlNormalizer}: decoding and
 * templating of every request path of the nginx-combined-ployt0 corpus, with and without a few
 * user routes; prints nanoseconds per path and how many distinct routes the paths collapse to.
 * Run like {@link UserAgentParserBenchmark}, with the shared directory as the only argument.
 */
public final class UrlNormalizerBenchmark {

  private UrlNormalizerBenchmark() {}

  /**
   * @param args the shared directory (default {@code ../shared})
   * @throws IOException when the corpus cannot be read
   */
  public static void main(String[] args) throws IOException {
    Path shared = Paths.get(args.length > 0 ? args[0] : "../shared");
    List<String> paths = new ArrayList<>();
    AccessLogParser parser = new AccessLogParser(8192);
    LineContext context = new LineContext("bench", null, false);
    String text =
        new String(
            Files.readAllBytes(shared.resolve("data/nginx-combined-ployt0/access.log")),
            StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      if (parser.parse(line, context) instanceof ParseResult.Parsed parsed
          && parsed.event().getUrlPath() != null) {
        paths.add(parsed.event().getUrlPath());
      }
    }
    UrlNormalizer automatic = new UrlNormalizer(List.of());
    UrlNormalizer withRoutes =
        new UrlNormalizer(
            List.of(
                RoutePattern.parse("/wp-content/**"),
                RoutePattern.parse("/users/{id}/orders/{orderId}"),
                RoutePattern.parse("/static/**")));
    typical(automatic);
    report("automatic only", automatic, paths);
    report("3 user routes + automatic", withRoutes, paths);
  }

  /**
   * Typical application paths, many rounds; the fastest round is the figure least disturbed by
   * other processes on a shared machine.
   */
  private static void typical(UrlNormalizer normalizer) {
    List<String> typicalPaths =
        List.of(
            "/",
            "/index.php",
            "/api/v1/users/123",
            "/users/123/orders/9f8e7d6c5b4a39281706f5e4d3c2b1a0",
            "/static/css/site.css",
            "/img/123.png",
            "/blog/2024-01-02/hello-world",
            "/items/123e4567-e89b-12d3-a456-426614174000/reviews",
            "/search/caf%C3%A9",
            "/wp-content/uploads/2022/09/photo.jpg");
    AccessEvent event = benchEvent();
    long checksum = 0;
    long best = Long.MAX_VALUE;
    int perRound = 200_000;
    for (int round = 0; round < 25; round++) {
      long start = System.nanoTime();
      for (int index = 0; index < perRound; index++) {
        event.setUrlPath(typicalPaths.get(index % typicalPaths.size()));
        normalizer.enrich(event);
        checksum += event.getHttpRoute().length();
      }
      best = Math.min(best, System.nanoTime() - start);
    }
    System.out.printf(
        Locale.ROOT,
        "typical paths: best round %.0f ns per path (checksum %d)%n",
        (double) best / perRound,
        checksum);
  }

  private static AccessEvent benchEvent() {
    return AccessEvent.newBuilder()
        .setTimestamp(java.time.Instant.EPOCH)
        .setServiceName("bench")
        .setLogFormat("bench")
        .setSourceAddress("-")
        .setHttpResponseStatusCode(200)
        .build();
  }

  private static void report(String label, UrlNormalizer normalizer, List<String> paths) {
    AccessEvent event = benchEvent();
    long checksum = 0;
    for (int round = 1; round <= 30; round++) {
      long start = System.nanoTime();
      for (String path : paths) {
        event.setUrlPath(path);
        normalizer.enrich(event);
        checksum += event.getHttpRoute().length();
      }
      long nanos = System.nanoTime() - start;
      if (round == 1 || round % 10 == 0) {
        System.out.printf(
            Locale.ROOT,
            "%s, round %d: %.0f ns per path (%d paths, checksum %d)%n",
            label,
            round,
            (double) nanos / paths.size(),
            paths.size(),
            checksum);
      }
    }
    Set<String> distinctPaths = new HashSet<>(paths);
    Set<String> routes = new HashSet<>();
    for (String path : distinctPaths) {
      routes.add(normalizer.route(UrlNormalizer.percentDecode(path)));
    }
    System.out.printf(
        Locale.ROOT,
        "%s: %d distinct paths -> %d distinct routes%n",
        label,
        distinctPaths.size(),
        routes.size());
  }
}
