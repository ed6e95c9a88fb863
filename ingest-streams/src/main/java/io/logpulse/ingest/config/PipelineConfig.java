package io.logpulse.ingest.config;

import io.logpulse.ingest.enrich.RoutePattern;
import io.logpulse.ingest.enrich.ServiceRule;
import io.logpulse.ingest.parse.LineFormat;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The settings of the line pipeline, parse and enrich, that the ingest service and the {@code
 * logpulse parse} command share: one properties file configures both, so an operator checks their
 * logs with exactly the settings the service will use. {@link IngestConfig} includes every key
 * declared here.
 *
 * <p>Every value is validated at construction: a bad format string, route pattern or service rule
 * fails with a {@link ConfigException} naming the key, the value and the problem.
 */
public final class PipelineConfig extends AbstractConfig {

  public static final String DEFAULT_SERVICE_NAME = "default.service.name";
  public static final String MAX_LINE_LENGTH_CHARS = "max.line.length.chars";
  public static final String EVENT_ORIGINAL_ENABLED = "event.original.enabled";
  public static final String LOG_FORMAT = "log.format";
  public static final String LOG_FORMAT_STRING = "log.format.string";
  public static final String LOG_FORMAT_JSON_FIELDS = "log.format.json.fields";
  public static final String URL_ROUTE_PATTERNS = "url.route.patterns";
  public static final String SERVICE_NAME_RULES = "service.name.rules";
  public static final String GEOIP_DATABASE_PATH = "geoip.database.path";
  public static final String GEOIP_ASN_DATABASE_PATH = "geoip.asn.database.path";
  public static final String GEOIP_RELOAD_INTERVAL_MS = "geoip.reload.interval.ms";
  public static final String USER_AGENT_ENABLED = "user.agent.enabled";
  public static final String USER_AGENT_CACHE_SIZE = "user.agent.cache.size";
  public static final String CLIENT_IP_ANONYMIZE = "client.ip.anonymize";
  public static final String TIMESTAMP_SKEW_MAX_PAST_MS = "timestamp.skew.max.past.ms";
  public static final String TIMESTAMP_SKEW_MAX_FUTURE_MS = "timestamp.skew.max.future.ms";

  /** The pipeline settings alone. */
  public static final ConfigDef DEFINITION = define(new ConfigDef());

  private final LineFormat lineFormat;
  private final List<RoutePattern> routePatterns;
  private final List<ServiceRule> serviceRules;

  /**
   * Parses and validates the given settings; keys not declared here are ignored.
   *
   * @param originals settings by key; values are strings or already-typed values
   * @throws ConfigException naming the key and the bad value when a setting is invalid
   */
  public PipelineConfig(Map<?, ?> originals) {
    super(DEFINITION, originals, false);
    this.lineFormat = lineFormat(this);
    this.routePatterns = parseEach(this, URL_ROUTE_PATTERNS, RoutePattern::parse);
    this.serviceRules = parseEach(this, SERVICE_NAME_RULES, ServiceRule::parse);
    geoIpDatabasePath(); // a malformed path fails here, naming its key
    geoIpAsnDatabasePath();
  }

  /**
   * Adds the pipeline keys to a definition.
   *
   * @param definition the definition to extend; returned for chaining
   * @return {@code definition}
   */
  static ConfigDef define(ConfigDef definition) {
    return definition
        .define(
            DEFAULT_SERVICE_NAME,
            Type.STRING,
            "unknown",
            new NonEmptyString(),
            Importance.MEDIUM,
            "service.name of lines whose record has no logpulse.service.name header and that no"
                + " service.name.rules entry matches.")
        .define(
            MAX_LINE_LENGTH_CHARS,
            Type.INT,
            65_536,
            Range.between(256, 16 * 1024 * 1024),
            Importance.MEDIUM,
            "Longest line accepted, in characters; longer lines are dead-lettered with reason"
                + " line_too_long.")
        .define(
            EVENT_ORIGINAL_ENABLED,
            Type.BOOLEAN,
            true,
            Importance.LOW,
            "Whether each AccessEvent keeps the raw line in event_original. Forced off when"
                + " client.ip.anonymize is true, since the raw line holds the full address.")
        .define(
            LOG_FORMAT,
            Type.STRING,
            "auto",
            new NonEmptyString(),
            Importance.HIGH,
            "How lines are parsed: 'auto' (detect per line: Apache/nginx combined and common,"
                + " ingress-nginx, Traefik, nginx/Traefik/Caddy/ECS JSON), a preset name ("
                + String.join(", ", LineFormat.presetNames())
                + "), 'apache' or 'nginx' (the server's own format string in "
                + "log.format.string), or 'json' (field mapping in log.format.json.fields).")
        .define(
            LOG_FORMAT_STRING,
            Type.STRING,
            "",
            Importance.HIGH,
            "The server's format string when log.format is apache (a mod_log_config LogFormat,"
                + " e.g. %h %l %u %t \"%r\" %>s %b) or nginx (a log_format, e.g. $remote_addr -"
                + " $remote_user [$time_local] \"$request\" $status $body_bytes_sent).")
        .define(
            LOG_FORMAT_JSON_FIELDS,
            Type.LIST,
            "",
            Importance.MEDIUM,
            "When log.format is json: comma-separated target=json.key pairs mapping AccessEvent"
                + " fields to keys of the JSON line (dotted keys reach nested objects), e.g."
                + " timestamp=ts,source_address=client.ip,http_response_status_code=status.")
        .define(
            URL_ROUTE_PATTERNS,
            Type.LIST,
            "",
            Importance.MEDIUM,
            "Route templates tried in order before automatic path templating sets http_route,"
                + " e.g. /users/{id}/orders/{orderId},/static/**.")
        .define(
            SERVICE_NAME_RULES,
            Type.LIST,
            "",
            Importance.MEDIUM,
            "Ordered rules setting service_name; the first match wins, else the record header or"
                + " default.service.name stays. Forms: host:<glob>=<service> (matches"
                + " url_domain), path:<prefix>=<service> (matches url_path),"
                + " field:<AccessEvent field> (that field's value).")
        .define(
            GEOIP_DATABASE_PATH,
            Type.STRING,
            "",
            Importance.MEDIUM,
            "Path of a MaxMind-format country or city database (.mmdb: GeoIP2/GeoLite2 Country"
                + " or City, DB-IP Lite). Empty or a missing file turns geo enrichment off (logged"
                + " at startup); a corrupt file fails startup.")
        .define(
            GEOIP_ASN_DATABASE_PATH,
            Type.STRING,
            "",
            Importance.MEDIUM,
            "Path of a MaxMind-format ASN or ISP database (.mmdb). Empty or missing: off.")
        .define(
            GEOIP_RELOAD_INTERVAL_MS,
            Type.LONG,
            60_000L,
            Range.atLeast(0),
            Importance.LOW,
            "How often, in milliseconds, the GeoIP database files are checked for a new version"
                + " and reloaded without restart; 0 disables the check.")
        .define(
            USER_AGENT_ENABLED,
            Type.BOOLEAN,
            true,
            Importance.MEDIUM,
            "Whether user_agent_original is parsed into browser, OS, device class and bot flag.")
        .define(
            USER_AGENT_CACHE_SIZE,
            Type.INT,
            10_000,
            Range.atLeast(0),
            Importance.LOW,
            "Distinct user agents whose parse result is cached (a miss costs tens of"
                + " microseconds); 0 disables the cache.")
        .define(
            CLIENT_IP_ANONYMIZE,
            Type.BOOLEAN,
            false,
            Importance.MEDIUM,
            "Truncate source and client IPs to /24 (IPv4) or /48 (IPv6) after geo enrichment;"
                + " also drops event_original.")
        .define(
            TIMESTAMP_SKEW_MAX_PAST_MS,
            Type.LONG,
            86_400_000L,
            Range.atLeast(0),
            Importance.LOW,
            "Events older than ingest time by more than this many milliseconds are tagged"
                + " timestamp_skewed (kept, not rejected); 0 disables the past check (replays of"
                + " old logs).")
        .define(
            TIMESTAMP_SKEW_MAX_FUTURE_MS,
            Type.LONG,
            300_000L,
            Range.atLeast(0),
            Importance.LOW,
            "Events later than ingest time by more than this many milliseconds are tagged"
                + " timestamp_skewed; 0 disables the future check.");
  }

  /** The validated line format; never null. */
  public LineFormat lineFormat() {
    return lineFormat;
  }

  /** User route templates in configured order; never null. */
  public List<RoutePattern> routePatterns() {
    return routePatterns;
  }

  /** Service-name rules in configured order; never null. */
  public List<ServiceRule> serviceRules() {
    return serviceRules;
  }

  public String defaultServiceName() {
    return getString(DEFAULT_SERVICE_NAME);
  }

  public int maxLineLengthChars() {
    return getInt(MAX_LINE_LENGTH_CHARS);
  }

  /** False whenever {@link #clientIpAnonymize()} is true. */
  public boolean eventOriginalEnabled() {
    return getBoolean(EVENT_ORIGINAL_ENABLED) && !clientIpAnonymize();
  }

  /** Country or city database path, or null when not configured. */
  public Path geoIpDatabasePath() {
    return pathOrNull(GEOIP_DATABASE_PATH);
  }

  /** ASN or ISP database path, or null when not configured. */
  public Path geoIpAsnDatabasePath() {
    return pathOrNull(GEOIP_ASN_DATABASE_PATH);
  }

  public long geoIpReloadIntervalMs() {
    return getLong(GEOIP_RELOAD_INTERVAL_MS);
  }

  public boolean userAgentEnabled() {
    return getBoolean(USER_AGENT_ENABLED);
  }

  public int userAgentCacheSize() {
    return getInt(USER_AGENT_CACHE_SIZE);
  }

  public boolean clientIpAnonymize() {
    return getBoolean(CLIENT_IP_ANONYMIZE);
  }

  public long timestampSkewMaxPastMs() {
    return getLong(TIMESTAMP_SKEW_MAX_PAST_MS);
  }

  public long timestampSkewMaxFutureMs() {
    return getLong(TIMESTAMP_SKEW_MAX_FUTURE_MS);
  }

  private Path pathOrNull(String key) {
    String value = getString(key).trim();
    if (value.isEmpty()) {
      return null;
    }
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new ConfigException(key, value, "not a file path: " + e.getMessage());
    }
  }

  private static LineFormat lineFormat(AbstractConfig config) {
    String name = config.getString(LOG_FORMAT).trim().toLowerCase(Locale.ROOT);
    String formatString = config.getString(LOG_FORMAT_STRING);
    List<String> jsonFields = config.getList(LOG_FORMAT_JSON_FIELDS);
    if (!formatString.isBlank() && !name.equals("apache") && !name.equals("nginx")) {
      throw new ConfigException(
          LOG_FORMAT_STRING,
          formatString,
          "is only used when " + LOG_FORMAT + " is apache or nginx, not " + name);
    }
    if (!jsonFields.isEmpty() && !name.equals("json")) {
      throw new ConfigException(
          LOG_FORMAT_JSON_FIELDS,
          jsonFields,
          "is only used when " + LOG_FORMAT + " is json, not " + name);
    }
    switch (name) {
      case "auto":
        return LineFormat.auto();
      case "apache":
      case "nginx":
        if (formatString.isBlank()) {
          throw new ConfigException(
              LOG_FORMAT_STRING, formatString, "required when " + LOG_FORMAT + " is " + name);
        }
        try {
          return name.equals("apache")
              ? LineFormat.apache(formatString)
              : LineFormat.nginx(formatString);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(LOG_FORMAT_STRING, formatString, e.getMessage());
        }
      case "json":
        try {
          return LineFormat.json(jsonMapping(jsonFields));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(LOG_FORMAT_JSON_FIELDS, jsonFields, e.getMessage());
        }
      default:
        try {
          return LineFormat.preset(name);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(LOG_FORMAT, name, e.getMessage());
        }
    }
  }

  private static Map<String, String> jsonMapping(List<String> entries) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException(
          "at least one target=json.key pair is required when " + LOG_FORMAT + " is json");
    }
    Map<String, String> mapping = new LinkedHashMap<>();
    for (String entry : entries) {
      int equals = entry.indexOf('=');
      if (equals <= 0 || equals == entry.length() - 1) {
        throw new IllegalArgumentException("'" + entry + "' is not target=json.key");
      }
      String target = entry.substring(0, equals).trim();
      if (mapping.put(target, entry.substring(equals + 1).trim()) != null) {
        throw new IllegalArgumentException("target '" + target + "' is mapped twice");
      }
    }
    return mapping;
  }

  private interface Parser<T> {
    T parse(String text);
  }

  private static <T> List<T> parseEach(AbstractConfig config, String key, Parser<T> parser) {
    List<T> parsed = new ArrayList<>();
    for (String entry : config.getList(key)) {
      try {
        parsed.add(parser.parse(entry));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(key, entry, e.getMessage());
      }
    }
    return List.copyOf(parsed);
  }
}
