package io.logpulse.ingest.parse;

import java.util.Map;

/**
 * Compiles an nginx {@code ngx_http_log_module} {@code log_format} string into a {@link
 * FormatProgram}. Source: https://nginx.org/en/docs/http/ngx_http_log_module.html#log_format and
 * the variable index https://nginx.org/en/docs/varindex.html
 *
 * <p>Variables are {@code $name} ({@code name} of ASCII letters, digits and {@code _}) or {@code
 * ${name}}; everything else is literal text. The variables of {@link #KINDS} are mapped onto the
 * event; every other variable ({@code $http_*}, {@code $cookie_*}, {@code $arg_*}, ...) is read up
 * to the next literal and ignored. Values are expected with nginx's default escaping ({@code "},
 * {@code \} and bytes outside 32-126 written as {@code \xXX}); they are kept as logged.
 */
final class NginxFormatCompiler {

  private static final Map<String, FieldKind> KINDS =
      Map.ofEntries(
          Map.entry("remote_addr", FieldKind.CLIENT),
          Map.entry("realip_remote_addr", FieldKind.CLIENT),
          Map.entry("remote_user", FieldKind.USER),
          Map.entry("time_local", FieldKind.TIME_CLF),
          Map.entry("time_iso8601", FieldKind.TIME_ISO),
          Map.entry("msec", FieldKind.TIME_EPOCH_SECONDS),
          Map.entry("request", FieldKind.REQUEST),
          Map.entry("status", FieldKind.STATUS),
          Map.entry("body_bytes_sent", FieldKind.BODY_BYTES),
          Map.entry("bytes_sent", FieldKind.RESPONSE_BYTES),
          Map.entry("request_length", FieldKind.REQUEST_BYTES),
          Map.entry("request_time", FieldKind.DURATION_SECONDS),
          Map.entry("http_referer", FieldKind.REFERRER),
          Map.entry("http_user_agent", FieldKind.USER_AGENT),
          Map.entry("http_x_forwarded_for", FieldKind.FORWARDED_FOR),
          Map.entry("proxy_add_x_forwarded_for", FieldKind.FORWARDED_FOR),
          Map.entry("host", FieldKind.HOST_HEADER),
          Map.entry("http_host", FieldKind.HOST_HEADER),
          Map.entry("server_name", FieldKind.VIRTUAL_HOST),
          Map.entry("request_id", FieldKind.REQUEST_ID),
          Map.entry("req_id", FieldKind.REQUEST_ID),
          Map.entry("http_x_request_id", FieldKind.REQUEST_ID),
          Map.entry("upstream_addr", FieldKind.UPSTREAM_ADDRESS),
          Map.entry("upstream_status", FieldKind.UPSTREAM_STATUS),
          Map.entry("upstream_response_time", FieldKind.UPSTREAM_RESPONSE_TIME),
          Map.entry("upstream_response_length", FieldKind.UPSTREAM_OTHER),
          Map.entry("upstream_connect_time", FieldKind.UPSTREAM_OTHER),
          Map.entry("upstream_header_time", FieldKind.UPSTREAM_OTHER),
          Map.entry("upstream_bytes_received", FieldKind.UPSTREAM_OTHER),
          Map.entry("upstream_bytes_sent", FieldKind.UPSTREAM_OTHER),
          Map.entry("request_method", FieldKind.METHOD),
          Map.entry("request_uri", FieldKind.TARGET),
          Map.entry("uri", FieldKind.PATH),
          Map.entry("document_uri", FieldKind.PATH),
          Map.entry("args", FieldKind.QUERY),
          Map.entry("query_string", FieldKind.QUERY),
          Map.entry("server_protocol", FieldKind.PROTOCOL));

  private NginxFormatCompiler() {}

  /**
   * Compiles a format string.
   *
   * @param format the {@code log_format} string without the name (and without {@code escape=}),
   *     the quoted parts of a multi-line definition joined
   * @param code the {@code log_format} value of the lines it parses
   * @throws IllegalArgumentException naming the bad variable and its 1-based position
   */
  static FormatProgram compile(String format, String code) {
    FormatProgram.Builder builder = new FormatProgram.Builder(FormatProgram.Dialect.NGINX, format);
    int length = format.length();
    int index = 0;
    while (index < length) {
      char c = format.charAt(index);
      if (c != '$') {
        builder.literal(c);
        index++;
        continue;
      }
      int start = index;
      int nameStart = index + 1;
      boolean braced = nameStart < length && format.charAt(nameStart) == '{';
      if (braced) {
        nameStart++;
      }
      int nameEnd = nameStart;
      while (nameEnd < length && isNameChar(format.charAt(nameEnd))) {
        nameEnd++;
      }
      if (nameEnd == nameStart) {
        throw error(format, start, "is not followed by a variable name");
      }
      index = nameEnd;
      if (braced) {
        if (index >= length || format.charAt(index) != '}') {
          throw error(format, start, "has no '}' closing the variable name");
        }
        index++;
      }
      String name = format.substring(nameStart, nameEnd);
      if ("binary_remote_addr".equals(name)) {
        throw error(format, start, "is binary and cannot be read back from a text log");
      }
      builder.slot(KINDS.getOrDefault(name, FieldKind.IGNORED), format.substring(start, index),
          start + 1);
    }
    return builder.build(code);
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_';
  }

  private static IllegalArgumentException error(String format, int start, String problem) {
    int end = Math.min(format.length(), start + 1);
    while (end < format.length() && end - start < 40 && isNameChar(format.charAt(end))) {
      end++;
    }
    return new IllegalArgumentException(
        "nginx log_format variable '"
            + format.substring(start, end)
            + "' at position "
            + (start + 1)
            + " "
            + problem);
  }
}
