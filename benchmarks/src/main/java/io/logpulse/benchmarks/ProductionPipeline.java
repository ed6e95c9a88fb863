package io.logpulse.benchmarks;

import io.logpulse.ingest.config.PipelineConfig;
import io.logpulse.ingest.pipeline.EventPipeline;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the production {@link EventPipeline} (decode, {@code AccessLogParser}, the enrichment
 * chain) that {@code PipelineBenchmark.parseEnrich} and {@code parseEnrichSerialize} measure,
 * exactly as the ingest service builds it: {@link EventPipeline#create(PipelineConfig)} from a
 * {@link PipelineConfig}. Every setting not listed in {@link #DESCRIPTION} keeps its production
 * default (notably {@code event.original.enabled=true}: events keep the raw line, and {@code
 * timestamp.skew.max.future.ms=300000}).
 */
final class ProductionPipeline {

  /** Country database: real DB-IP Lite data (CC BY 4.0), relative to the shared data directory. */
  static final String COUNTRY_DATABASE = "geoip/dbip-country-lite/dbip-country-lite-2025-01.mmdb";

  /** ASN database: MaxMind's test database (few networks), relative to the shared data directory. */
  static final String ASN_DATABASE = "geoip/maxmind-test/GeoLite2-ASN-Test.mmdb";

  /** What {@link #create(Path)} builds, for the benchmark summary. */
  static final String DESCRIPTION =
      "production EventPipeline (decode, parse, url templating, geoip: "
          + COUNTRY_DATABASE
          + " + "
          + ASN_DATABASE
          + ", user agent (yauaa, cache 10000), timestamp skew check (future only),"
          + " event_original kept, no anonymisation)";

  private ProductionPipeline() {}

  /**
   * The settings of the measured pipeline.
   *
   * @param sharedDataDirectory the shared {@code data/} directory holding {@code geoip/}
   * @return the settings by key
   */
  static Map<String, String> settings(Path sharedDataDirectory) {
    Objects.requireNonNull(sharedDataDirectory, "sharedDataDirectory");
    return Map.of(
        PipelineConfig.GEOIP_DATABASE_PATH,
        sharedDataDirectory.resolve(COUNTRY_DATABASE).toString(),
        PipelineConfig.GEOIP_ASN_DATABASE_PATH,
        sharedDataDirectory.resolve(ASN_DATABASE).toString(),
        PipelineConfig.GEOIP_RELOAD_INTERVAL_MS,
        "0",
        PipelineConfig.USER_AGENT_ENABLED,
        "true",
        PipelineConfig.TIMESTAMP_SKEW_MAX_PAST_MS,
        "0",
        PipelineConfig.CLIENT_IP_ANONYMIZE,
        "false");
  }

  /**
   * Builds the pipeline (loads yauaa, which takes a few seconds, and opens both databases).
   *
   * @param sharedDataDirectory the shared {@code data/} directory holding {@code geoip/}
   * @return the pipeline; close it when done
   */
  static EventPipeline create(Path sharedDataDirectory) {
    return EventPipeline.create(new PipelineConfig(settings(sharedDataDirectory)));
  }
}
