package io.logpulse.ingest.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A configurable mapping from {@code AccessEvent} fields to JSON keys, for JSON access logs of any
 * shape ({@link LineFormat#json(Map)}, and the {@code ecs_json} preset). Immutable.
 *
 * <p>A JSON path is a key, or keys joined by {@code .} that are looked up as nested objects, as
 * literal dotted keys, or any mix ({@code "http.response.status_code"} finds {@code
 * {"http":{"response":{"status_code":200}}}} and {@code {"http.response.status_code":200}}). An
 * array value yields its first element. Numbers may be JSON numbers or strings of digits; {@code
 * ""}, {@code -} and JSON null mean absent.
 */
final class JsonFieldMapping {

  /** The fields a mapping may fill; {@link #name()} lowercased is the target name. */
  enum Target {
    TIMESTAMP,
    SOURCE_ADDRESS,
    USER_NAME,
    REQUEST,
    HTTP_REQUEST_METHOD,
    URL_ORIGINAL,
    URL_PATH,
    URL_QUERY,
    HTTP_VERSION,
    HTTP_RESPONSE_STATUS_CODE,
    HTTP_RESPONSE_BODY_BYTES,
    HTTP_REQUEST_REFERRER,
    USER_AGENT_ORIGINAL,
    EVENT_DURATION,
    URL_DOMAIN,
    HTTP_REQUEST_ID,
    HTTP_REQUEST_BYTES,
    HTTP_RESPONSE_BYTES,
    HTTP_REQUEST_HEADER_X_FORWARDED_FOR,
    UPSTREAM_ADDRESS,
    UPSTREAM_STATUS,
    UPSTREAM_RESPONSE_TIME;

    String targetName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Units accepted after {@code timestamp.} and {@code event_duration.}. */
  private static final List<String> UNITS = List.of("s", "ms", "us", "ns");

  /**
   * ECS-shaped lines (Elastic Common Schema, https://www.elastic.co/guide/en/ecs/current/): {@code
   * @timestamp}, {@code source.address} / {@code source.ip} / {@code client.address} / {@code
   * client.ip}, {@code user.name}, {@code http.request.method}, {@code url.original} (or {@code
   * url.path} + {@code url.query}), {@code http.version}, {@code http.response.status_code}, {@code
   * http.response.body.bytes}, {@code http.request.referrer}, {@code user_agent.original}, {@code
   * event.duration} (nanoseconds), {@code url.domain}, {@code http.request.id}, {@code
   * http.request.bytes}, {@code http.response.bytes}.
   */
  static final JsonFieldMapping ECS = ecs();

  private final String code;
  private final Map<Target, List<String>> paths;
  private final Map<Target, String> units;

  private JsonFieldMapping(String code, Map<Target, List<String>> paths, Map<Target, String> units) {
    this.code = code;
    this.paths = paths;
    this.units = units;
  }

  /**
   * Builds a mapping from target names (optionally with a unit suffix, {@code timestamp.ms}, {@code
   * event_duration.us}) to JSON paths.
   *
   * @throws IllegalArgumentException on an unknown target or unit, a blank path, or when {@code
   *     timestamp}, {@code source_address} or {@code http_response_status_code} is not mapped
   */
  static JsonFieldMapping of(Map<String, String> mapping, String code) {
    Map<Target, List<String>> paths = new EnumMap<>(Target.class);
    Map<Target, String> units = new EnumMap<>(Target.class);
    for (Map.Entry<String, String> entry : new TreeMap<>(mapping).entrySet()) {
      String name = entry.getKey();
      String unit = null;
      int dot = name.indexOf('.');
      if (dot >= 0) {
        unit = name.substring(dot + 1);
        name = name.substring(0, dot);
      }
      Target target = target(name, entry.getKey());
      if (unit != null
          && (!UNITS.contains(unit)
              || (target != Target.TIMESTAMP && target != Target.EVENT_DURATION))) {
        throw new IllegalArgumentException(
            "JSON mapping target '"
                + entry.getKey()
                + "': only timestamp and event_duration take a unit suffix, one of "
                + UNITS);
      }
      String path = entry.getValue();
      if (path == null || path.isBlank()) {
        throw new IllegalArgumentException(
            "JSON mapping target '" + entry.getKey() + "' has a blank JSON key");
      }
      paths.put(target, List.of(path));
      if (unit != null) {
        units.put(target, unit);
      }
    }
    for (Target required :
        List.of(Target.TIMESTAMP, Target.SOURCE_ADDRESS, Target.HTTP_RESPONSE_STATUS_CODE)) {
      if (!paths.containsKey(required)) {
        throw new IllegalArgumentException(
            "JSON mapping has no '"
                + required.targetName()
                + "' target; every AccessEvent needs timestamp, source_address and"
                + " http_response_status_code");
      }
    }
    return new JsonFieldMapping(code, paths, units);
  }

  private static Target target(String name, String key) {
    for (Target target : Target.values()) {
      if (target.targetName().equals(name)) {
        return target;
      }
    }
    List<String> names = new ArrayList<>();
    for (Target target : Target.values()) {
      names.add(target.targetName());
    }
    throw new IllegalArgumentException(
        "unknown JSON mapping target '" + key + "'; valid targets are " + names);
  }

  private static JsonFieldMapping ecs() {
    Map<Target, List<String>> paths = new EnumMap<>(Target.class);
    paths.put(Target.TIMESTAMP, List.of("@timestamp"));
    paths.put(
        Target.SOURCE_ADDRESS,
        List.of("source.address", "source.ip", "client.address", "client.ip"));
    paths.put(Target.USER_NAME, List.of("user.name"));
    paths.put(Target.HTTP_REQUEST_METHOD, List.of("http.request.method"));
    paths.put(Target.URL_ORIGINAL, List.of("url.original"));
    paths.put(Target.URL_PATH, List.of("url.path"));
    paths.put(Target.URL_QUERY, List.of("url.query"));
    paths.put(Target.HTTP_VERSION, List.of("http.version"));
    paths.put(Target.HTTP_RESPONSE_STATUS_CODE, List.of("http.response.status_code"));
    paths.put(Target.HTTP_RESPONSE_BODY_BYTES, List.of("http.response.body.bytes"));
    paths.put(Target.HTTP_REQUEST_REFERRER, List.of("http.request.referrer"));
    paths.put(Target.USER_AGENT_ORIGINAL, List.of("user_agent.original"));
    paths.put(Target.EVENT_DURATION, List.of("event.duration"));
    paths.put(Target.URL_DOMAIN, List.of("url.domain"));
    paths.put(Target.HTTP_REQUEST_ID, List.of("http.request.id"));
    paths.put(Target.HTTP_REQUEST_BYTES, List.of("http.request.bytes"));
    paths.put(Target.HTTP_RESPONSE_BYTES, List.of("http.response.bytes"));
    return new JsonFieldMapping("ecs_json", paths, Map.of(Target.EVENT_DURATION, "ns"));
  }

  String code() {
    return code;
  }

  /** One line per target, for {@link LineFormat#describe()}. */
  String describeTargets() {
    List<String> parts = new ArrayList<>();
    paths.forEach(
        (target, keys) ->
            parts.add(
                target.targetName()
                    + (units.containsKey(target) ? "." + units.get(target) : "")
                    + "="
                    + String.join("|", keys)));
    return String.join(", ", parts);
  }

  /**
   * Parses {@code line[start, end)} as one JSON object with this mapping.
   *
   * @return the event or a rejection; never null, never throws
   */
  ParseResult parse(String line, int start, int end, LineContext context) {
    JsonLineParser.Read read = JsonLineParser.read(line, start, end);
    return read.rejected() != null ? read.rejected() : parse(read.root(), line, context);
  }

  /** Maps an object that has already been read. */
  ParseResult parse(JsonNode root, String line, LineContext context) {
    return new MappedJsonLine(this, root).toResult(line, context);
  }

  /** The first mapped path of {@code target} that is present and not null, or null. */
  JsonNode find(JsonNode root, Target target) {
    List<String> candidates = paths.get(target);
    if (candidates == null) {
      return null;
    }
    for (String path : candidates) {
      JsonNode node = resolve(root, path, 0);
      if (node != null && node.isArray()) {
        node = node.size() > 0 ? node.get(0) : null;
      }
      if (node != null && !node.isNull()) {
        return node;
      }
    }
    return null;
  }

  /** The path that {@link #find} would report for messages. */
  String pathOf(Target target) {
    List<String> candidates = paths.get(target);
    return candidates == null ? target.targetName() : String.join(" or ", candidates);
  }

  String unit(Target target, String fallback) {
    return units.getOrDefault(target, fallback);
  }

  /** Looks {@code path[from..]} up as a literal key, else through each dotted prefix object. */
  private static JsonNode resolve(JsonNode node, String path, int from) {
    String rest = path.substring(from);
    JsonNode direct = node.get(rest);
    if (direct != null) {
      return direct;
    }
    for (int dot = path.indexOf('.', from); dot >= 0; dot = path.indexOf('.', dot + 1)) {
      JsonNode child = node.get(path.substring(from, dot));
      if (child != null && child.isObject()) {
        JsonNode found = resolve(child, path, dot + 1);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** Decimal places by which {@code unit} seconds are below nanoseconds. */
  static int nanosDigits(String unit) {
    return 9 - 3 * UNITS.indexOf(unit);
  }

}
