package io.logpulse.ingest.parse;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link AccessLogParser} reads lines: per-line detection ({@link #auto()}), a named preset, a
 * server format string compiled once ({@link #apache(String)}, {@link #nginx(String)}) or a JSON
 * field mapping ({@link #json(Map)}). Immutable and thread-safe.
 *
 * <p>Format strings are compiled into a token program of literal delimiters and typed field slots
 * that the parser walks with index arithmetic, without regular expressions; a line that does not
 * fit is rejected with {@link RejectReason#MALFORMED_FIELDS} (or {@link
 * RejectReason#INVALID_STATUS_CODE}, {@link RejectReason#INVALID_NUMBER}, {@link
 * RejectReason#MALFORMED_TIMESTAMP}) and a message naming the field and its 1-based column. Sources:
 *
 * <ul>
 *   <li>Apache {@code LogFormat}: https://httpd.apache.org/docs/2.4/mod/mod_log_config.html
 *   <li>nginx {@code log_format}: https://nginx.org/en/docs/http/ngx_http_log_module.html#log_format
 *   <li>ingress-nginx {@code log-format-upstream}:
 *       https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/log-format/
 *   <li>Elastic Common Schema: https://www.elastic.co/guide/en/ecs/current/
 * </ul>
 */
public final class LineFormat {

  /** Parses {@code line[start, end)}, trimmed, non-empty; never throws on line content. */
  @FunctionalInterface
  interface LineReader {
    ParseResult read(String line, int start, int end, LineContext context);
  }

  private static final LineFormat AUTO =
      new LineFormat(
          "auto",
          "auto: per-line detection of clf_common, clf_combined, ingress_nginx, traefik_clf,"
              + " nginx_json, traefik_json, caddy_json and ecs_json",
          LineFormat::detect);

  /**
   * Auto-detection: JSON by its keys, else the Common Log Format scanner. A line the scanner
   * recognises as ingress-nginx is read again with the compiled {@code ingress_nginx_upstreaminfo}
   * preset, which also fills the request length, upstream lists and request id; when that strict
   * reading fails, the scanner's result stands.
   */
  private static ParseResult detect(String line, int start, int end, LineContext context) {
    if (line.charAt(start) == '{') {
      return JsonLineParser.parse(line, start, end, context);
    }
    ParseResult result = ClfLineParser.parse(line, start, end, context);
    if (result instanceof ParseResult.Parsed parsed
        && LogFormat.INGRESS_NGINX.code().equals(parsed.event().getLogFormat())) {
      ParseResult full = PRESETS.get("ingress_nginx_upstreaminfo").reader.read(line, start, end, context);
      if (full instanceof ParseResult.Parsed upstreamInfo) {
        upstreamInfo.event().setLogFormat(LogFormat.INGRESS_NGINX.code());
        return upstreamInfo;
      }
    }
    return result;
  }

  /** Preset name to Apache or nginx format string (or null for the JSON presets), in order. */
  private static final Map<String, String> PRESET_STRINGS = presetStrings();

  private static final Map<String, LineFormat> PRESETS = presets();

  private final String code;
  private final String description;
  private final LineReader reader;

  private LineFormat(String code, String description, LineReader reader) {
    this.code = code;
    this.description = description;
    this.reader = reader;
  }

  /**
   * Detects the format of each line on its own, as {@link AccessLogParser} always did: JSON lines
   * by their keys (nginx, Traefik, Caddy, ECS), other lines as the Common Log Format family.
   *
   * @return the shared instance; {@link #code()} is {@code "auto"}
   */
  public static LineFormat auto() {
    return AUTO;
  }

  /**
   * Returns a named preset. Presets given by a format string are compiled from the server's own
   * string: {@code apache_common} {@code %h %l %u %t "%r" %>s %b}; {@code apache_combined} adds
   * {@code "%{Referer}i" "%{User-Agent}i"}; {@code apache_vhost_combined} {@code %v:%p %h %l %u %t
   * "%r" %>s %O "%{Referer}i" "%{User-Agent}i"}; {@code nginx_combined} the predefined nginx {@code
   * combined}; {@code nginx_main} the {@code main} format of the default {@code nginx.conf} (combined
   * plus {@code "$http_x_forwarded_for"}); {@code ingress_nginx_upstreaminfo} the ingress-nginx
   * default {@code log-format-upstream}. JSON presets: {@code nginx_json}, {@code traefik_json},
   * {@code caddy_json} (the keys of the auto-detected formats of the same names) and {@code
   * ecs_json} ({@code @timestamp}, {@code source.address}, {@code http.request.method}, ... nested or
   * dotted).
   *
   * @param name one of {@link #presetNames()}
   * @return the preset; {@link #code()} is its name
   * @throws IllegalArgumentException listing the valid names when {@code name} is not one
   */
  public static LineFormat preset(String name) {
    LineFormat preset = PRESETS.get(name);
    if (preset == null) {
      throw new IllegalArgumentException(
          "unknown log format preset '" + name + "'; valid presets are " + presetNames());
    }
    return preset;
  }

  /**
   * Compiles an Apache {@code mod_log_config} {@code LogFormat} string; lines parsed with it have
   * {@code log_format} {@code apache_custom}. Supported directives are listed on {@code
   * ApacheFormatCompiler}; unknown {@code %{Name}i} headers are read and ignored.
   *
   * @param logFormat the format string as in the configuration, without the surrounding quotes,
   *     e.g. {@code %h %l %u %t "%r" %>s %b}; {@code \"} is accepted for {@code "}
   * @return the compiled format
   * @throws IllegalArgumentException naming the bad directive and its 1-based position, or when the
   *     format has no time, client or status directive, or two directives with no literal between
   * @throws NullPointerException if {@code logFormat} is null
   */
  public static LineFormat apache(String logFormat) {
    return compiled(ApacheFormatCompiler.compile(Objects.requireNonNull(logFormat), "apache_custom"));
  }

  /**
   * Compiles an nginx {@code log_format} string; lines parsed with it have {@code log_format} {@code
   * nginx_custom}. Unknown variables are read and ignored; {@code $binary_remote_addr} is refused.
   *
   * @param logFormat the format string with the quoted parts of the directive joined, e.g. {@code
   *     $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent}
   * @return the compiled format
   * @throws IllegalArgumentException naming the bad variable and its 1-based position, or when the
   *     format has no time, client or status variable, or two variables with no literal between
   * @throws NullPointerException if {@code logFormat} is null
   */
  public static LineFormat nginx(String logFormat) {
    return compiled(NginxFormatCompiler.compile(Objects.requireNonNull(logFormat), "nginx_custom"));
  }

  /**
   * Builds a JSON format from a field mapping; lines parsed with it have {@code log_format} {@code
   * json_custom}. Target names are the AccessEvent fields: {@code timestamp} (ISO-8601, {@code
   * dd/Mon/yyyy:HH:mm:ss +hhmm} or epoch seconds; {@code timestamp.ms} / {@code .us} / {@code .ns}
   * for numeric epochs in those units), {@code source_address}, {@code user_name}, {@code request}
   * (a whole request line), {@code http_request_method}, {@code url_original}, {@code url_path},
   * {@code url_query}, {@code http_version}, {@code http_response_status_code}, {@code
   * http_response_body_bytes}, {@code http_request_referrer}, {@code user_agent_original}, {@code
   * event_duration} (nanoseconds; {@code event_duration.s} / {@code .ms} / {@code .us} / {@code .ns}
   * to name the unit), {@code url_domain}, {@code http_request_id}, {@code http_request_bytes},
   * {@code http_response_bytes}, {@code http_request_header_x_forwarded_for}, {@code
   * upstream_address}, {@code upstream_status}, {@code upstream_response_time}.
   *
   * @param fieldMapping target name to JSON key; a dotted key ({@code request.method}) is looked up
   *     in nested objects and as a literal dotted key; must map {@code timestamp}, {@code
   *     source_address} and {@code http_response_status_code}
   * @return the JSON format
   * @throws IllegalArgumentException on an unknown target name or unit, a blank key or a missing
   *     required target
   */
  public static LineFormat json(Map<String, String> fieldMapping) {
    JsonFieldMapping mapping = JsonFieldMapping.of(Map.copyOf(fieldMapping), "json_custom");
    return new LineFormat(
        mapping.code(),
        "json_custom: JSON fields " + mapping.describeTargets(),
        json(mapping::parse));
  }

  /**
   * Returns the preset names accepted by {@link #preset(String)}.
   *
   * @return unmodifiable, in a stable order
   */
  public static List<String> presetNames() {
    return List.copyOf(PRESETS.keySet());
  }

  /**
   * Returns the format's code: {@code "auto"}, a preset name, {@code "apache_custom"}, {@code
   * "nginx_custom"} or {@code "json_custom"}.
   *
   * @return never null
   */
  public String code() {
    return code;
  }

  /**
   * Describes the format in one line for startup logs, e.g. {@code apache_custom: Apache LogFormat
   * '%h %l %u %t "%r" %>s %b' (7 fields)}.
   *
   * @return never null
   */
  public String describe() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }

  /** Parses {@code line[start, end)} (trimmed, non-empty) with this format. */
  ParseResult parse(String line, int start, int end, LineContext context) {
    return reader.read(line, start, end, context);
  }

  private static LineFormat compiled(FormatProgram program) {
    String description =
        program.code()
            + ": "
            + program.dialect().label()
            + " '"
            + program.source()
            + "' ("
            + program.slotCount()
            + " fields)";
    return new LineFormat(
        program.code(),
        description,
        (line, start, end, context) -> FormatLineParser.parse(program, line, start, end, context));
  }

  /** Rejects lines that do not start with '{' before reading them as JSON. */
  private static LineReader json(LineReader reader) {
    return (line, start, end, context) ->
        line.charAt(start) == '{'
            ? reader.read(line, start, end, context)
            : new ParseResult.Rejected(
                RejectReason.MALFORMED_JSON,
                "line starts with '"
                    + Messages.excerpt(line, start, Math.min(end, start + 1))
                    + "' at column "
                    + (start + 1)
                    + ", not with the '{' of a JSON object");
  }

  private static Map<String, String> presetStrings() {
    String nginxCombined =
        "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent"
            + " \"$http_referer\" \"$http_user_agent\"";
    Map<String, String> strings = new LinkedHashMap<>();
    strings.put("apache_common", "%h %l %u %t \"%r\" %>s %b");
    strings.put("apache_combined", "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"");
    strings.put(
        "apache_vhost_combined",
        "%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"");
    strings.put("nginx_combined", nginxCombined);
    strings.put("nginx_main", nginxCombined + " \"$http_x_forwarded_for\"");
    strings.put(
        "ingress_nginx_upstreaminfo",
        nginxCombined
            + " $request_length $request_time [$proxy_upstream_name]"
            + " [$proxy_alternative_upstream_name] $upstream_addr $upstream_response_length"
            + " $upstream_response_time $upstream_status $req_id");
    return strings;
  }

  private static Map<String, LineFormat> presets() {
    Map<String, LineFormat> presets = new LinkedHashMap<>();
    PRESET_STRINGS.forEach(
        (name, format) ->
            presets.put(
                name,
                compiled(
                    name.startsWith("apache")
                        ? ApacheFormatCompiler.compile(format, name)
                        : NginxFormatCompiler.compile(format, name))));
    for (LogFormat format : List.of(LogFormat.NGINX_JSON, LogFormat.TRAEFIK_JSON, LogFormat.CADDY_JSON)) {
      presets.put(
          format.code(),
          new LineFormat(
              format.code(),
              format.code() + ": JSON with the keys of " + format.code(),
              json((line, start, end, context) ->
                  JsonLineParser.parse(line, start, end, context, format))));
    }
    JsonFieldMapping ecs = JsonFieldMapping.ECS;
    presets.put(
        ecs.code(),
        new LineFormat(ecs.code(), "ecs_json: JSON fields " + ecs.describeTargets(), json(ecs::parse)));
    return Collections.unmodifiableMap(presets);
  }
}
