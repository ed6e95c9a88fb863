package io.logpulse.ingest.parse;

import io.logpulse.schemas.AccessEvent;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Parses one web-server access-log line into an {@link AccessEvent}, with a configured {@link
 * LineFormat} (a preset, a compiled Apache or nginx format string, a JSON field mapping) or, by
 * default, detecting the format of each line on its own. Immutable and thread-safe; one instance
 * may serve every stream thread.
 *
 * <h2>Format detection ({@link LineFormat#auto()})</h2>
 *
 * A line whose first non-whitespace character is {@code '{'} is JSON ({@link LogFormat#NGINX_JSON},
 * {@link LogFormat#TRAEFIK_JSON}, {@link LogFormat#CADDY_JSON} or, with only an {@code @timestamp}
 * key among these, ECS {@code ecs_json}, told apart by their keys); any
 * other line is read as the Common Log Format family ({@link LogFormat#CLF_COMMON}, {@link
 * LogFormat#CLF_COMBINED}, {@link LogFormat#INGRESS_NGINX}, {@link LogFormat#TRAEFIK_CLF}) by a
 * hand-written single-pass scanner (no regular expressions). Sources:
 *
 * <ul>
 *   <li>Apache HTTP Server {@code mod_log_config}, {@code %h %l %u %t "%r" %>s %b
 *       "%{Referer}i" "%{User-Agent}i"} and its escaping of {@code "} as {@code \"} and of
 *       non-printable bytes as {@code \xhh}:
 *       https://httpd.apache.org/docs/2.4/mod/mod_log_config.html
 *   <li>nginx {@code ngx_http_log_module}: predefined {@code log_format combined}, default escaping
 *       ({@code "}, {@code \} and bytes outside 32-126 as {@code \xXX}) and {@code escape=json}:
 *       https://nginx.org/en/docs/http/ngx_http_log_module.html#log_format
 *   <li>ingress-nginx {@code log-format-upstream}:
 *       https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/log-format/
 *   <li>Traefik access logs (CLF and JSON):
 *       https://doc.traefik.io/traefik/observability/access-logs/
 *   <li>Caddy structured access logs: https://caddyserver.com/docs/caddyfile/directives/log
 * </ul>
 *
 * <h2>Field mapping (Common Log Format family)</h2>
 *
 * <ul>
 *   <li>{@code source_address}: the client field exactly as logged (IP literal, host name, {@code
 *       unix:}, {@code -}, or an X-Forwarded-For list); {@code source_ip}: its canonical form when
 *       it is an IPv4 or IPv6 literal, else null (checked by hand, never resolved).
 *   <li>{@code user_name}: {@code %u}, null for {@code -}.
 *   <li>Request {@code "%r"}: {@code ""} or {@code "-"} leaves method, URL and version null; a
 *       line that is not {@code METHOD target [HTTP/x]} (TLS, RDP or binary probes, logged with
 *       {@code \xNN}) sets only {@code url_original} to the raw request text; otherwise method,
 *       {@code url_original} = target, {@code url_path} / {@code url_query} split at the first
 *       {@code ?}, {@code http_version} without {@code HTTP/} (null when absent).
 *   <li>{@code http_response_status_code}: 100-599, else {@link RejectReason#INVALID_STATUS_CODE}.
 *   <li>{@code http_response_body_bytes}: {@code %b} in bytes; {@code -} means 0.
 *   <li>{@code http_request_referrer}, {@code user_agent_original}: as logged, escapes not
 *       decoded; null for {@code -} or empty; null in {@link LogFormat#CLF_COMMON}.
 *   <li>{@code event_duration} in nanoseconds: ingress-nginx {@code $request_time} (seconds),
 *       Traefik {@code <n>ms}; null otherwise.
 *   <li>{@code timestamp}: {@code [dd/Mon/yyyy:HH:mm:ss +hhmm]} with English month names whatever
 *       the JVM locale, offset applied, as a UTC instant with millisecond precision.
 * </ul>
 *
 * <p>JSON field mapping is documented on the package-private {@code JsonLineParser}: nginx keys
 * {@code time_iso8601} / {@code time_local} / {@code msec}, {@code remote_addr}, {@code
 * remote_user}, {@code request}, {@code status}, {@code body_bytes_sent}, {@code http_referer},
 * {@code http_user_agent}, {@code request_time} (seconds); Traefik {@code StartUTC}, {@code
 * ClientHost}, {@code ClientUsername}, {@code RequestMethod}, {@code RequestPath}, {@code
 * RequestProtocol}, {@code DownstreamStatus}, {@code DownstreamContentSize}, {@code Duration}
 * (nanoseconds), {@code request_Referer}, {@code request_User-Agent}; Caddy {@code ts} (epoch
 * seconds), {@code request.client_ip} / {@code request.remote_ip}, {@code request.method}, {@code
 * request.uri}, {@code request.proto}, {@code request.headers.User-Agent[0]} / {@code Referer[0]},
 * {@code status}, {@code size}, {@code duration} (seconds), {@code user_id}. Numbers may be JSON
 * numbers or digit strings.
 *
 * <h2>Failure behaviour</h2>
 *
 * {@link #parse} never throws on any line content: every line yields {@link ParseResult.Parsed}
 * or {@link ParseResult.Rejected}. No exception is caught broadly; the code is written so that it
 * cannot throw (bounds are checked before every index, numbers are parsed by hand, the only caught
 * exception is Jackson's {@code JsonProcessingException}, which becomes {@link
 * RejectReason#MALFORMED_JSON}). Checks run in this order: {@link RejectReason#LINE_TOO_LONG},
 * {@link RejectReason#EMPTY_LINE}, then format detection.
 */
public final class AccessLogParser {

  private static final LineContext EVENT_TIME_CONTEXT =
      new LineContext("event-time-probe", null, false);

  private final int maxLineLengthChars;
  private final LineFormat format;

  /**
   * Creates a parser that detects the format of each line ({@link LineFormat#auto()}).
   *
   * @param maxLineLengthChars longest accepted line, in UTF-16 chars ({@link String#length()}), at
   *     least 1; longer lines are rejected with {@link RejectReason#LINE_TOO_LONG} without being
   *     inspected
   * @throws IllegalArgumentException if {@code maxLineLengthChars < 1}
   */
  public AccessLogParser(int maxLineLengthChars) {
    this(maxLineLengthChars, LineFormat.auto());
  }

  /**
   * Creates a parser for one line format.
   *
   * @param maxLineLengthChars longest accepted line, in UTF-16 chars ({@link String#length()}), at
   *     least 1; longer lines are rejected with {@link RejectReason#LINE_TOO_LONG} without being
   *     inspected
   * @param format how lines are read: {@link LineFormat#auto()}, a preset, a compiled Apache or
   *     nginx format string, or a JSON field mapping
   * @throws IllegalArgumentException if {@code maxLineLengthChars < 1}
   * @throws NullPointerException if {@code format} is null
   */
  public AccessLogParser(int maxLineLengthChars, LineFormat format) {
    this.format = Objects.requireNonNull(format, "format");
    if (maxLineLengthChars < 1) {
      throw new IllegalArgumentException(
          "maxLineLengthChars must be at least 1, was " + maxLineLengthChars);
    }
    this.maxLineLengthChars = maxLineLengthChars;
  }

  /**
   * Returns the configured line limit.
   *
   * @return the longest accepted line in UTF-16 chars, at least 1
   */
  public int maxLineLengthChars() {
    return maxLineLengthChars;
  }

  /**
   * Returns the configured line format.
   *
   * @return never null
   */
  public LineFormat format() {
    return format;
  }

  /**
   * Parses one log line.
   *
   * @param line one line without its line terminator (a trailing {@code \r} or other whitespace is
   *     ignored, as is leading whitespace); null is rejected as {@link RejectReason#EMPTY_LINE}
   * @param context values copied into {@code service_name}, {@code event_ingested} and, when {@link
   *     LineContext#keepOriginal()}, {@code event_original} (the line exactly as passed)
   * @return the parsed event or the rejection; never null
   * @throws NullPointerException if {@code context} is null (a programming error; no line content
   *     ever causes an exception)
   */
  public ParseResult parse(String line, LineContext context) {
    Objects.requireNonNull(context, "context");
    if (line == null) {
      return new ParseResult.Rejected(RejectReason.EMPTY_LINE, "line is null");
    }
    int length = line.length();
    if (length > maxLineLengthChars) {
      return new ParseResult.Rejected(
          RejectReason.LINE_TOO_LONG,
          "line has " + length + " characters, more than the limit of " + maxLineLengthChars);
    }
    int start = 0;
    while (start < length && isWhitespace(line.charAt(start))) {
      start++;
    }
    if (start == length) {
      return new ParseResult.Rejected(
          RejectReason.EMPTY_LINE, length == 0 ? "line is empty" : "line contains only whitespace");
    }
    int end = length;
    while (isWhitespace(line.charAt(end - 1))) {
      end--;
    }
    return format.parse(line, start, end, context);
  }

  /**
   * Returns the event time of a line, for ordering lines (e.g. by a replayer). Uses exactly the
   * code path of {@link #parse}, so a line has a time here if and only if it parses.
   *
   * @param line one log line; may be null
   * @return the event's {@code timestamp} (UTC, millisecond precision), or empty when the line is
   *     rejected
   */
  public Optional<Instant> eventTime(String line) {
    ParseResult result = parse(line, EVENT_TIME_CONTEXT);
    if (result instanceof ParseResult.Parsed parsed) {
      return Optional.of(parsed.event().getTimestamp());
    }
    return Optional.empty();
  }

  /** ASCII control characters and space (as {@link String#trim()}), plus the BOM U+FEFF. */
  private static boolean isWhitespace(char c) {
    return c <= ' ' || c == '\uFEFF';
  }
}
