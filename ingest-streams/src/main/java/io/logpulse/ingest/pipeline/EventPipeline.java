package io.logpulse.ingest.pipeline;

import io.logpulse.ingest.config.PipelineConfig;
import io.logpulse.ingest.enrich.ClientIpAnonymizer;
import io.logpulse.ingest.enrich.EnrichmentChain;
import io.logpulse.ingest.enrich.EventEnricher;
import io.logpulse.ingest.enrich.GeoIpEnricher;
import io.logpulse.ingest.enrich.ServiceMapper;
import io.logpulse.ingest.enrich.TimestampSkewCheck;
import io.logpulse.ingest.enrich.UrlNormalizer;
import io.logpulse.ingest.enrich.UserAgentEnricher;
import io.logpulse.ingest.parse.AccessLogParser;
import io.logpulse.ingest.parse.LineContext;
import io.logpulse.ingest.parse.ParseResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.ConfigException;

/**
 * One raw log line in, one enriched event or a rejection out: decode, {@link AccessLogParser},
 * then the enrichment steps in this order (each step reads what the ones before it wrote):
 *
 * <ol>
 *   <li>{@link UrlNormalizer}: decoded {@code url_path}, {@code http_route};
 *   <li>{@link ServiceMapper}: {@code service_name} from {@link PipelineConfig#SERVICE_NAME_RULES};
 *   <li>{@link GeoIpEnricher}: {@code client_geo_*}, {@code client_as_*} (when configured);
 *   <li>{@link UserAgentEnricher}: {@code user_agent_*} (when enabled);
 *   <li>{@link TimestampSkewCheck}: tag {@code timestamp_skewed};
 *   <li>{@link ClientIpAnonymizer} (when enabled): last, so that geo lookups see the full address.
 * </ol>
 *
 * <p>The ingest service's {@code LineProcessor} and the {@code logpulse parse} command both run
 * lines through this class, so the command shows exactly what the service will write. Thread-safe:
 * one instance serves every stream thread. {@link #close()} stops the GeoIP reload poller.
 */
public final class EventPipeline implements AutoCloseable {

  private final AccessLogParser parser;
  private final EventEnricher enricher;
  private final String defaultServiceName;
  private final boolean keepOriginal;
  private final String description;

  private EventPipeline(
      AccessLogParser parser,
      EventEnricher enricher,
      String defaultServiceName,
      boolean keepOriginal,
      String description) {
    this.parser = parser;
    this.enricher = enricher;
    this.defaultServiceName = defaultServiceName;
    this.keepOriginal = keepOriginal;
    this.description = description;
  }

  /**
   * Builds the pipeline a configuration describes, opening the GeoIP databases and loading the
   * user-agent parser (which takes a few seconds).
   *
   * @param config validated pipeline settings
   * @return a ready pipeline; close it to stop background reloads
   * @throws ConfigException naming the key when a configured GeoIP database exists but cannot be
   *     read
   */
  public static EventPipeline create(PipelineConfig config) {
    List<EventEnricher> steps = new ArrayList<>();
    try {
      return create(config, steps);
    } catch (RuntimeException e) {
      new EnrichmentChain(steps).close(); // stop a GeoIP poller already started
      throw e;
    }
  }

  private static EventPipeline create(PipelineConfig config, List<EventEnricher> steps) {
    List<String> described = new ArrayList<>();
    steps.add(new UrlNormalizer(config.routePatterns()));
    described.add("url templating (" + config.routePatterns().size() + " route patterns)");
    if (!config.serviceRules().isEmpty()) {
      steps.add(new ServiceMapper(config.serviceRules()));
      described.add("service mapping (" + config.serviceRules().size() + " rules)");
    }
    if (config.geoIpDatabasePath() != null || config.geoIpAsnDatabasePath() != null) {
      steps.add(geoIp(config));
      described.add("geoip");
    }
    if (config.userAgentEnabled()) {
      steps.add(new UserAgentEnricher(config.userAgentCacheSize()));
      described.add("user agent (cache " + config.userAgentCacheSize() + ")");
    }
    if (config.timestampSkewMaxPastMs() > 0 || config.timestampSkewMaxFutureMs() > 0) {
      steps.add(
          new TimestampSkewCheck(
              offWhenZero(config.timestampSkewMaxPastMs()),
              offWhenZero(config.timestampSkewMaxFutureMs())));
      described.add("timestamp skew check");
    }
    if (config.clientIpAnonymize()) {
      steps.add(new ClientIpAnonymizer());
      described.add("client ip anonymisation");
    }
    String description =
        "format "
            + config.lineFormat().describe()
            + "; enrichment: "
            + String.join(", ", described)
            + "; event_original "
            + (config.eventOriginalEnabled() ? "kept" : "dropped");
    return new EventPipeline(
        new AccessLogParser(config.maxLineLengthChars(), config.lineFormat()),
        new EnrichmentChain(steps),
        config.defaultServiceName(),
        config.eventOriginalEnabled(),
        description);
  }

  /** A configured bound of 0 disables that side of the check. */
  private static long offWhenZero(long boundMs) {
    return boundMs == 0 ? Long.MAX_VALUE : boundMs;
  }

  private static EventEnricher geoIp(PipelineConfig config) {
    try {
      return new GeoIpEnricher(
          config.geoIpDatabasePath(),
          config.geoIpAsnDatabasePath(),
          config.geoIpReloadIntervalMs());
    } catch (IllegalArgumentException e) {
      String key =
          config.geoIpDatabasePath() != null
                  && e.getMessage() != null
                  && e.getMessage().contains(config.geoIpDatabasePath().toString())
              ? PipelineConfig.GEOIP_DATABASE_PATH
              : PipelineConfig.GEOIP_ASN_DATABASE_PATH;
      throw new ConfigException(key, config.originals().get(key), e.getMessage());
    }
  }

  /**
   * Processes one raw line as read from Kafka or a file.
   *
   * @param rawLine the line's bytes, UTF-8 expected (invalid sequences become U+FFFD in the event;
   *     the caller keeps the raw bytes for dead letters); a trailing {@code \n} / {@code \r\n} is
   *     ignored; null is treated as empty
   * @param serviceName the service the line came from, or null for the configured default
   * @param ingestedAt processing time, copied to {@code event_ingested}; may be null
   * @return the enriched event, or the rejection with its reason; never null
   */
  public ParseResult process(byte[] rawLine, String serviceName, Instant ingestedAt) {
    String line =
        stripLineTerminator(
            rawLine == null ? "" : new String(rawLine, StandardCharsets.UTF_8));
    LineContext context =
        new LineContext(
            serviceName == null || serviceName.isEmpty() ? defaultServiceName : serviceName,
            ingestedAt,
            keepOriginal);
    ParseResult result = parser.parse(line, context);
    if (result instanceof ParseResult.Parsed parsed) {
      enricher.enrich(parsed.event());
    }
    return result;
  }

  /**
   * Returns the parser, for callers that only need event times (the replayer's ordering).
   *
   * @return the configured parser; never null
   */
  public AccessLogParser parser() {
    return parser;
  }

  /**
   * One line for startup logs: format and enrichment steps.
   *
   * @return human-readable description; never null
   */
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    enricher.close();
  }

  private static String stripLineTerminator(String line) {
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
      end--;
    }
    return end == line.length() ? line : line.substring(0, end);
  }
}
