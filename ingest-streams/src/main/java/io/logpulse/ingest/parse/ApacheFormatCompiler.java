package io.logpulse.ingest.parse;

import java.util.Locale;

/**
 * Compiles an Apache HTTP Server {@code mod_log_config} {@code LogFormat} string into a {@link
 * FormatProgram}. Source: https://httpd.apache.org/docs/2.4/mod/mod_log_config.html#formats
 *
 * <p>A directive is {@code %}, optional modifiers ({@code <}, {@code >}, a status condition such as
 * {@code 400,501} or {@code !200,304}), an optional {@code {parameter}} and one letter (or {@code
 * ^ti} / {@code ^to}). Understood: {@code %h %a %{c}a} (client), {@code %l} (ident, ignored), {@code
 * %u}, {@code %t} and {@code %{sec|msec|usec}t} (optionally prefixed {@code begin:} / {@code end:}),
 * {@code %r}, {@code %>s} / {@code %s} ({@code %<s} and, when {@code %>s} is present, {@code %s} are
 * the original request's status and are ignored), {@code %b %B} (body bytes), {@code %O}
 * (response bytes), {@code %I} (request bytes), {@code %D} (microseconds), {@code %T} / {@code
 * %{s|ms|us}T}, {@code %v %V} (virtual host), {@code %L} (request log id), {@code %m %U %q %H},
 * {@code %{Referer}i}, {@code %{User-Agent}i}, {@code %{X-Forwarded-For}i}, {@code %{Host}i},
 * {@code %{X-Request-ID}i}; any other {@code %{Name}i} and {@code %A %C %e %f %k %n %o %p %P %R %S
 * %X %^ti %^to} are read and ignored; {@code %%} is a literal percent sign. Config-file escapes
 * {@code \"}, {@code \\}, {@code \n} and {@code \t} in the string are accepted.
 */
final class ApacheFormatCompiler {

  private ApacheFormatCompiler() {}

  /**
   * Compiles a format string.
   *
   * @param format the {@code LogFormat} string, e.g. {@code %h %l %u %t "%r" %>s %b}
   * @param code the {@code log_format} value of the lines it parses
   * @throws IllegalArgumentException naming the bad directive and its 1-based position
   */
  static FormatProgram compile(String format, String code) {
    FormatProgram.Builder builder = new FormatProgram.Builder(FormatProgram.Dialect.APACHE, format);
    int length = format.length();
    int index = 0;
    while (index < length) {
      char c = format.charAt(index);
      if (c == '\\' && index + 1 < length) {
        char next = format.charAt(index + 1);
        builder.literal(next == 'n' ? '\n' : next == 't' ? '\t' : next);
        index += 2;
        continue;
      }
      if (c != '%') {
        builder.literal(c);
        index++;
        continue;
      }
      int start = index;
      index++;
      if (index < length && format.charAt(index) == '%') {
        builder.literal('%');
        index++;
        continue;
      }
      boolean original = false;
      while (index < length && isModifier(format.charAt(index))) {
        original |= format.charAt(index) == '<';
        index++;
      }
      String parameter = null;
      if (index < length && format.charAt(index) == '{') {
        int close = format.indexOf('}', index);
        if (close < 0) {
          throw error(format, start, "has no '}' closing its parameter");
        }
        parameter = format.substring(index + 1, close);
        index = close + 1;
      }
      if (index >= length) {
        throw error(format, start, "ends without a directive letter");
      }
      char letter = format.charAt(index);
      index++;
      if (letter == '^') {
        if (index + 1 < length
            && format.charAt(index) == 't'
            && (format.charAt(index + 1) == 'i' || format.charAt(index + 1) == 'o')) {
          index += 2;
          builder.slot(FieldKind.IGNORED, format.substring(start, index), start + 1);
          continue;
        }
        throw error(format, start, "is not a known directive (expected %^ti or %^to)");
      }
      String directive = format.substring(start, index);
      FieldKind kind = kind(format, start, letter, parameter, original);
      builder.slot(kind, directive, start + 1);
    }
    // %s is the original request's status when the final %>s is also logged.
    if (builder.has(FieldKind.STATUS)) {
      retypePlainStatus(builder, format);
    }
    return builder.build(code);
  }

  private static void retypePlainStatus(FormatProgram.Builder builder, String format) {
    if (format.contains("%>s")) {
      builder.retype("%s", FieldKind.STATUS, FieldKind.IGNORED);
    }
  }

  private static boolean isModifier(char c) {
    return c == '<' || c == '>' || c == '!' || c == ',' || (c >= '0' && c <= '9');
  }

  private static FieldKind kind(
      String format, int start, char letter, String parameter, boolean original) {
    switch (letter) {
      case 'h':
        return FieldKind.CLIENT;
      case 'a':
        if (parameter == null || "c".equals(parameter)) {
          return FieldKind.CLIENT;
        }
        throw error(format, start, "has parameter '" + parameter + "'; only %a and %{c}a exist");
      case 'l':
        return FieldKind.IDENT;
      case 'u':
        return FieldKind.USER;
      case 't':
        return time(format, start, parameter);
      case 'r':
        return FieldKind.REQUEST;
      case 's':
        return original ? FieldKind.IGNORED : FieldKind.STATUS;
      case 'b':
      case 'B':
        return FieldKind.BODY_BYTES;
      case 'O':
        return FieldKind.RESPONSE_BYTES;
      case 'I':
        return FieldKind.REQUEST_BYTES;
      case 'D':
        return FieldKind.DURATION_MICROS;
      case 'T':
        return duration(format, start, parameter);
      case 'v':
      case 'V':
        return FieldKind.VIRTUAL_HOST;
      case 'L':
        return FieldKind.REQUEST_ID;
      case 'm':
        return FieldKind.METHOD;
      case 'U':
        return FieldKind.PATH;
      case 'q':
        return FieldKind.QUERY_WITH_MARK;
      case 'H':
        return FieldKind.PROTOCOL;
      case 'i':
        if (parameter == null || parameter.isEmpty()) {
          throw error(format, start, "needs a header name, e.g. %{User-Agent}i");
        }
        return header(parameter);
      case 'A':
      case 'C':
      case 'e':
      case 'f':
      case 'k':
      case 'n':
      case 'o':
      case 'p':
      case 'P':
      case 'R':
      case 'S':
      case 'X':
        return FieldKind.IGNORED;
      default:
        throw error(format, start, "is not a known directive");
    }
  }

  private static FieldKind header(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "referer":
        return FieldKind.REFERRER;
      case "user-agent":
        return FieldKind.USER_AGENT;
      case "x-forwarded-for":
        return FieldKind.FORWARDED_FOR;
      case "host":
        return FieldKind.HOST_HEADER;
      case "x-request-id":
        return FieldKind.REQUEST_ID;
      default:
        return FieldKind.IGNORED;
    }
  }

  /** {@code %t} or {@code %{[begin:|end:]sec|msec|usec}t}; strftime formats are not supported. */
  private static FieldKind time(String format, int start, String parameter) {
    if (parameter == null) {
      return FieldKind.TIME_CLF_BRACKETED;
    }
    String unit = parameter;
    if (unit.startsWith("begin:")) {
      unit = unit.substring(6);
    } else if (unit.startsWith("end:")) {
      unit = unit.substring(4);
    }
    switch (unit) {
      case "sec":
        return FieldKind.TIME_EPOCH_SECONDS;
      case "msec":
        return FieldKind.TIME_EPOCH_MILLIS;
      case "usec":
        return FieldKind.TIME_EPOCH_MICROS;
      default:
        throw error(
            format,
            start,
            "uses time format '"
                + parameter
                + "'; supported are %t, %{sec}t, %{msec}t and %{usec}t (strftime formats and"
                + " msec_frac/usec_frac are not)");
    }
  }

  private static FieldKind duration(String format, int start, String parameter) {
    if (parameter == null || "s".equals(parameter)) {
      return FieldKind.DURATION_SECONDS;
    }
    if ("ms".equals(parameter)) {
      return FieldKind.DURATION_MILLIS;
    }
    if ("us".equals(parameter)) {
      return FieldKind.DURATION_MICROS;
    }
    throw error(format, start, "has unit '" + parameter + "'; %T accepts {s}, {ms} or {us}");
  }

  private static IllegalArgumentException error(String format, int start, String problem) {
    int end = start + 1;
    while (end < format.length() && end - start < 40 && format.charAt(end) != ' ') {
      end++;
    }
    return new IllegalArgumentException(
        "Apache LogFormat directive '"
            + format.substring(start, end)
            + "' at position "
            + (start + 1)
            + " "
            + problem);
  }
}
