package io.logpulse.benchmarks;

import io.logpulse.schemas.AccessEvent;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The enrichment step measured by {@code PipelineBenchmark.parseEnrichSerialize}: one pluggable
 * {@link Consumer} that mutates a parsed event in place, plus whatever it must close.
 *
 * <p><b>PLACEHOLDER: currently a no-op.</b> The enrichers ({@code io.logpulse.ingest.enrich}:
 * {@code EventEnricher extends AutoCloseable} with {@code void enrich(AccessEvent)}, {@code
 * UrlNormalizer}, {@code ServiceMapper}, {@code GeoIpEnricher}, {@code UserAgentEnricher}, {@code
 * TimestampSkewCheck}, {@code ClientIpAnonymizer}, {@code EnrichmentChain}) are being written on
 * another branch. Until they are merged, {@code parseEnrichSerialize} measures parse + serialize
 * plus one virtual call, and {@link #description()} says so in every summary. After the merge,
 * replace the body of {@link #create(Path)} with the production chain, built exactly as the
 * ingest service builds it, for example:
 *
 * <pre>{@code
 * EventEnricher chain = new EnrichmentChain(List.of(
 *     new UrlNormalizer(routePatterns),
 *     new ServiceMapper(...),
 *     new GeoIpEnricher(sharedData.resolve("geoip/dbip-country-lite/dbip-country-lite-2025-01.mmdb"), ...),
 *     new UserAgentEnricher(10_000),
 *     new TimestampSkewCheck(...),
 *     new ClientIpAnonymizer(...)));
 * return new Enrichment(chain::enrich, chain, "production EnrichmentChain: ...");
 * }</pre>
 *
 * Caches (user-agent parsing, GeoIP) are warmed by the benchmark's setup, which runs the whole
 * corpus through this step once before measuring.
 */
public final class Enrichment {

  private static final String NO_OP_DESCRIPTION =
      "NO-OP PLACEHOLDER (io.logpulse.ingest.enrich not merged yet; see Enrichment.java)";

  private final Consumer<AccessEvent> step;
  private final AutoCloseable resources;
  private final String description;

  private Enrichment(Consumer<AccessEvent> step, AutoCloseable resources, String description) {
    this.step = Objects.requireNonNull(step, "step");
    this.resources = Objects.requireNonNull(resources, "resources");
    this.description = Objects.requireNonNull(description, "description");
  }

  /**
   * Builds the enrichment step.
   *
   * @param sharedDataDirectory the shared {@code data/} directory (GeoIP databases live under
   *     {@code geoip/}); not used by the placeholder
   * @return the step; {@link #release()} it when done
   */
  public static Enrichment create(Path sharedDataDirectory) {
    Objects.requireNonNull(sharedDataDirectory, "sharedDataDirectory");
    // PLACEHOLDER: plug the production EnrichmentChain in here after merging (see class doc).
    return new Enrichment(event -> {}, () -> {}, NO_OP_DESCRIPTION);
  }

  /**
   * What {@link #create(Path)} builds, for the benchmark summary.
   *
   * @return a one-line description, never null
   */
  public static String description() {
    return NO_OP_DESCRIPTION;
  }

  /**
   * Enriches one event in place.
   *
   * @param event a parsed event; not null
   */
  public void enrich(AccessEvent event) {
    step.accept(event);
  }

  /**
   * Closes what the step holds (GeoIP readers and the like). Not {@link AutoCloseable#close()},
   * whose {@code throws Exception} javac's try lint rejects for a class used in try-with-resources.
   *
   * @throws Exception whatever the step's resources throw on closing
   */
  public void release() throws Exception {
    resources.close();
  }
}
