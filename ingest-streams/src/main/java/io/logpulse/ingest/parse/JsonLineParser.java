package io.logpulse.ingest.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.RoundingMode;

/**
 * Parses one JSON access-log line: nginx {@code escape=json}, Traefik JSON or Caddy {@code
 * http.log.access}. The format is chosen from the keys present:
 *
 * <ol>
 *   <li>{@code DownstreamStatus}, or both {@code ClientHost} and {@code RequestMethod}: Traefik.
 *   <li>{@code request} is an object: Caddy.
 *   <li>{@code remote_addr}, {@code time_iso8601} or {@code time_local}: nginx.
 * </ol>
 *
 * <p>Numbers may be JSON numbers or strings of digits (nginx writes every variable as a string);
 * string values are the decoded JSON strings (<code>&#92;u00NN</code> becomes the character
 * U+00NN).
 */
final class JsonLineParser {

  /**
   * Shared, thread-safe once built; trailing content after the object is an error. Floats are read
   * as {@code double}, not {@code BigDecimal}: Jackson's BigDecimal reader throws an unchecked
   * {@code NumberFormatException} for exponents beyond the int range (e.g. {@code 1e9999999999}),
   * whereas a syntactically valid JSON number always parses to a (possibly infinite) double.
   */
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private static final long MAX_EPOCH_MILLIS = 253_402_300_799_999L; // 9999-12-31T23:59:59.999Z

  private final EventFields fields = new EventFields();
  private ParseResult.Rejected failure;

  private JsonLineParser() {}

  /**
   * Parses a line whose first non-whitespace character is {@code '{'}.
   *
   * @param line the whole line
   * @param start index of the {@code '{'}
   * @param end index after the last non-whitespace character
   * @param context per-line values copied into the event
   * @return the event or a rejection; never null, never throws
   */
  static ParseResult parse(String line, int start, int end, LineContext context) {
    return parse(line, start, end, context, null);
  }

  /**
   * Parses a line whose first non-whitespace character is {@code '{'} as one given format.
   *
   * @param forced {@link LogFormat#NGINX_JSON}, {@link LogFormat#TRAEFIK_JSON} or {@link
   *     LogFormat#CADDY_JSON} to skip detection, or null to detect the format from the keys ({@link
   *     JsonFieldMapping#ECS} when only {@code @timestamp} identifies it)
   * @return the event or a rejection; never null, never throws
   */
  static ParseResult parse(
      String line, int start, int end, LineContext context, LogFormat forced) {
    Read read = read(line, start, end);
    if (read.rejected() != null) {
      return read.rejected();
    }
    JsonNode root = read.root();
    JsonLineParser parser = new JsonLineParser();
    JsonNode request = root.get("request");
    LogFormat format = forced != null ? forced : detect(root);
    if (format == null) {
      if (root.has("@timestamp")) {
        return JsonFieldMapping.ECS.parse(root, line, context);
      }
      return new ParseResult.Rejected(
          RejectReason.UNKNOWN_FORMAT,
          "JSON object has none of the keys that identify nginx_json (remote_addr, time_iso8601,"
              + " time_local), traefik_json (DownstreamStatus, ClientHost + RequestMethod),"
              + " caddy_json (a request object) or ecs_json (@timestamp)");
    }
    if (format == LogFormat.TRAEFIK_JSON) {
      parser.traefik(root);
    } else if (format == LogFormat.CADDY_JSON) {
      parser.caddy(root, request != null && request.isObject() ? request : MAPPER.createObjectNode());
    } else {
      parser.nginx(root);
    }
    if (parser.failure != null) {
      return parser.failure;
    }
    return new ParseResult.Parsed(parser.fields.toEvent(context, line));
  }

  private static LogFormat detect(JsonNode root) {
    JsonNode request = root.get("request");
    if (root.has("DownstreamStatus") || (root.has("ClientHost") && root.has("RequestMethod"))) {
      return LogFormat.TRAEFIK_JSON;
    } else if (request != null && request.isObject()) {
      return LogFormat.CADDY_JSON;
    } else if (root.has("remote_addr") || root.has("time_iso8601") || root.has("time_local")) {
      return LogFormat.NGINX_JSON;
    }
    return null;
  }

  /**
   * The outcome of reading a line as one JSON object: exactly one component is non-null.
   *
   * @param root the object
   * @param rejected why the line is not one JSON object
   */
  record Read(JsonNode root, ParseResult.Rejected rejected) {}

  /** Reads {@code line[start, end)} as one JSON object; never throws. */
  static Read read(String line, int start, int end) {
    String json = start == 0 && end == line.length() ? line : line.substring(start, end);
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return new Read(
          null, new ParseResult.Rejected(RejectReason.MALFORMED_JSON, JsonValues.jsonErrorMessage(e, start)));
    }
    if (root == null || !root.isObject()) {
      return new Read(
          null,
          new ParseResult.Rejected(RejectReason.MALFORMED_JSON, "line is not one JSON object"));
    }
    return new Read(root, null);
  }

  /**
   * nginx {@code log_format ... escape=json} with keys named after the variables. Required: one of
   * {@code time_iso8601} (ISO-8601 with offset), {@code time_local} (CLF time) or {@code msec}
   * (epoch seconds); {@code remote_addr}; {@code status}. Optional: {@code remote_user}, {@code
   * request} (or {@code request_method} + {@code request_uri} + {@code server_protocol}), {@code
   * body_bytes_sent}, {@code http_referer}, {@code http_user_agent}, {@code request_time}
   * (seconds). Empty strings and {@code -} mean "not logged".
   */
  private void nginx(JsonNode root) {
    fields.logFormat = LogFormat.NGINX_JSON;
    String isoTime = text(root, "time_iso8601");
    String localTime = text(root, "time_local");
    String epochTime = text(root, "msec");
    if (!empty(isoTime)) {
      timestamp("time_iso8601", isoTime, Timestamps.parseIso(isoTime, 0, isoTime.length()));
    } else if (!empty(localTime)) {
      timestamp("time_local", localTime, Timestamps.parseClf(localTime, 0, localTime.length()));
    } else if (!empty(epochTime)) {
      timestamp("msec", epochTime, Timestamps.parseEpochSeconds(epochTime, 0, epochTime.length()));
    } else {
      missing("nginx_json line has none of time_iso8601, time_local or msec");
    }
    fields.sourceAddress = required(text(root, "remote_addr"), "nginx_json", "remote_addr");
    fields.userName = EventFields.nullIfPlaceholder(text(root, "remote_user"));
    String request = text(root, "request");
    if (request != null) {
      fields.setRequestLine(request);
    } else {
      fields.method = EventFields.nullIfPlaceholder(text(root, "request_method"));
      String target = EventFields.nullIfPlaceholder(text(root, "request_uri"));
      if (target != null) {
        fields.setTarget(target);
      }
      fields.setProtocol(text(root, "server_protocol"));
    }
    status(root, "status");
    fields.bodyBytes = integer(root, "body_bytes_sent");
    fields.referrer = EventFields.nullIfPlaceholder(text(root, "http_referer"));
    fields.userAgent = EventFields.nullIfPlaceholder(text(root, "http_user_agent"));
    fields.durationNanos = secondsAsNanos(root, "request_time");
  }

  /**
   * Traefik JSON access log. Required: {@code ClientHost} (or {@code ClientAddr}), {@code
   * DownstreamStatus}, one of {@code StartUTC}, {@code time}, {@code StartLocal} (RFC 3339).
   * Optional: {@code ClientUsername}, {@code RequestMethod}, {@code RequestPath} (path and query),
   * {@code RequestProtocol}, {@code DownstreamContentSize}, {@code Duration} (nanoseconds), {@code
   * request_Referer}, {@code request_User-Agent}.
   */
  private void traefik(JsonNode root) {
    fields.logFormat = LogFormat.TRAEFIK_JSON;
    String startUtc = text(root, "StartUTC");
    String time = text(root, "time");
    String startLocal = text(root, "StartLocal");
    if (!empty(startUtc)) {
      timestamp("StartUTC", startUtc, Timestamps.parseIso(startUtc, 0, startUtc.length()));
    } else if (!empty(time)) {
      timestamp("time", time, Timestamps.parseIso(time, 0, time.length()));
    } else if (!empty(startLocal)) {
      timestamp("StartLocal", startLocal, Timestamps.parseIso(startLocal, 0, startLocal.length()));
    } else {
      missing("traefik_json line has none of StartUTC, time or StartLocal");
    }
    String clientHost = EventFields.nullIfPlaceholder(text(root, "ClientHost"));
    if (clientHost == null) {
      clientHost = EventFields.nullIfPlaceholder(text(root, "ClientAddr"));
    }
    fields.sourceAddress = required(clientHost, "traefik_json", "ClientHost");
    fields.userName = EventFields.nullIfPlaceholder(text(root, "ClientUsername"));
    fields.method = EventFields.nullIfPlaceholder(text(root, "RequestMethod"));
    String target = EventFields.nullIfPlaceholder(text(root, "RequestPath"));
    if (target != null) {
      fields.setTarget(target);
    }
    fields.setProtocol(text(root, "RequestProtocol"));
    status(root, "DownstreamStatus");
    fields.bodyBytes = integer(root, "DownstreamContentSize");
    fields.referrer = EventFields.nullIfPlaceholder(text(root, "request_Referer"));
    fields.userAgent = EventFields.nullIfPlaceholder(text(root, "request_User-Agent"));
    fields.durationNanos = integer(root, "Duration");
  }

  /**
   * Caddy {@code http.log.access}. Required: {@code ts} (epoch seconds, or an RFC 3339 string when
   * {@code time_format} is changed), {@code request.client_ip} (the client after trusted-proxy
   * handling) or {@code request.remote_ip}, {@code status}. Optional: {@code request.method},
   * {@code request.uri}, {@code request.proto}, {@code request.headers.User-Agent[0]}, {@code
   * request.headers.Referer[0]}, {@code size}, {@code duration} (seconds), {@code user_id}.
   */
  private void caddy(JsonNode root, JsonNode request) {
    fields.logFormat = LogFormat.CADDY_JSON;
    caddyTimestamp(root.get("ts"));
    String client = EventFields.nullIfPlaceholder(text(request, "client_ip"));
    if (client == null) {
      client = EventFields.nullIfPlaceholder(text(request, "remote_ip"));
    }
    fields.sourceAddress = required(client, "caddy_json", "request.client_ip or request.remote_ip");
    fields.userName = EventFields.nullIfPlaceholder(text(root, "user_id"));
    fields.method = EventFields.nullIfPlaceholder(text(request, "method"));
    String target = EventFields.nullIfPlaceholder(text(request, "uri"));
    if (target != null) {
      fields.setTarget(target);
    }
    fields.setProtocol(text(request, "proto"));
    JsonNode headers = request.get("headers");
    fields.userAgent = EventFields.nullIfPlaceholder(firstHeader(headers, "User-Agent"));
    fields.referrer = EventFields.nullIfPlaceholder(firstHeader(headers, "Referer"));
    status(root, "status");
    fields.bodyBytes = integer(root, "size");
    fields.durationNanos = secondsAsNanos(root, "duration");
  }

  private void caddyTimestamp(JsonNode ts) {
    if (ts == null || ts.isNull()) {
      missing("caddy_json line has no ts");
    } else if (ts.isNumber()) {
      long millis = JsonValues.scale(ts, 3, RoundingMode.FLOOR);
      if (millis < 0 || millis > MAX_EPOCH_MILLIS) {
        fail(
            RejectReason.MALFORMED_TIMESTAMP,
            "ts " + JsonValues.describe(ts) + " is not non-negative epoch seconds before year 10000");
      } else {
        fields.timestampMillis = millis;
      }
    } else if (ts.isTextual()) {
      String text = ts.textValue();
      long millis = Timestamps.parseIso(text, 0, text.length());
      if (!Timestamps.isValid(millis)) {
        millis = Timestamps.parseEpochSeconds(text, 0, text.length());
      }
      timestamp("ts", text, millis);
    } else {
      fail(RejectReason.MALFORMED_TIMESTAMP, "ts is a JSON " + ts.getNodeType() + ", not a time");
    }
  }

  private void timestamp(String key, String text, long millis) {
    if (Timestamps.isValid(millis)) {
      fields.timestampMillis = millis;
    } else {
      fail(
          RejectReason.MALFORMED_TIMESTAMP,
          key
              + " '"
              + Messages.excerpt(text, 0, text.length())
              + "' "
              + Timestamps.problem(millis));
    }
  }

  private void status(JsonNode parent, String key) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      missing(fields.logFormat.code() + " line has no " + key);
      return;
    }
    long status;
    if (node.isIntegralNumber()) {
      status = node.canConvertToLong() ? node.longValue() : Long.MAX_VALUE;
    } else {
      status = node.isTextual() ? JsonValues.digits(node.textValue(), 9) : -1;
      if (status < 0) {
        fail(
            RejectReason.INVALID_STATUS_CODE,
            "status code " + JsonValues.describe(node) + " in " + key + " is not an integer");
        return;
      }
    }
    if (status < 100 || status > 599) {
      fail(RejectReason.INVALID_STATUS_CODE, "status code " + JsonValues.describe(node) + " outside 100-599");
    } else {
      fields.statusCode = (int) status;
    }
  }

  /**
   * A non-negative integer from a JSON number or a string of digits; null when absent, null or
   * empty; {@code "-"} means 0 (as Apache {@code %b}).
   */
  private Long integer(JsonNode parent, String key) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      if (node.canConvertToLong() && node.longValue() >= 0) {
        return node.longValue();
      }
    } else if (node.isTextual()) {
      String text = node.textValue();
      if (text.isEmpty()) {
        return null;
      }
      if ("-".equals(text)) {
        return 0L;
      }
      long value = JsonValues.digits(text, 18);
      if (value >= 0) {
        return value;
      }
    }
    fail(
        RejectReason.INVALID_NUMBER,
        key + " " + JsonValues.describe(node) + " is not a non-negative integer (up to 18 digits)");
    return null;
  }

  /** Seconds as a JSON number or decimal string, converted to nanoseconds; null when absent. */
  private Long secondsAsNanos(JsonNode parent, String key) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return null;
    }
    long nanos = -1;
    if (node.isNumber()) {
      nanos = JsonValues.scale(node, 9, RoundingMode.HALF_UP);
    } else if (node.isTextual()) {
      String text = node.textValue();
      if (text.isEmpty() || "-".equals(text)) {
        return null;
      }
      nanos = Timestamps.secondsToNanos(text, 0, text.length());
    }
    if (nanos < 0) {
      fail(
          RejectReason.INVALID_NUMBER,
          key + " " + JsonValues.describe(node) + " is not a non-negative number of seconds");
      return null;
    }
    return nanos;
  }

  /** The text of a string, number or boolean value; null if absent or null; fails for objects. */
  private String text(JsonNode parent, String key) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isValueNode()) {
      return node.toString();
    }
    fail(
        RejectReason.MALFORMED_FIELDS,
        key + " is a JSON " + node.getNodeType() + ", expected a string");
    return null;
  }

  /** Caddy logs each header as an array of strings; returns the first, or null. */
  private static String firstHeader(JsonNode headers, String name) {
    if (headers == null || !headers.isObject()) {
      return null;
    }
    JsonNode values = headers.get(name);
    if (values == null) {
      return null;
    }
    if (values.isTextual()) {
      return values.textValue();
    }
    if (values.isArray() && values.size() > 0 && values.get(0).isTextual()) {
      return values.get(0).textValue();
    }
    return null;
  }

  /**
   * Returns {@code value}, or records a missing-field failure and returns a placeholder that is
   * never used, because a failed line yields no event.
   */
  private String required(String value, String format, String key) {
    if (empty(value)) {
      missing(format + " line has no " + key);
      return "-";
    }
    return value;
  }

  private void missing(String message) {
    fail(RejectReason.MISSING_REQUIRED_FIELD, message);
  }

  /** Records the first failure only; later fields are still read but ignored. */
  private void fail(RejectReason reason, String message) {
    if (failure == null) {
      failure = new ParseResult.Rejected(reason, message);
    }
  }

  private static boolean empty(String value) {
    return value == null || value.isEmpty();
  }

}
