package io.logpulse.ingest.parse;

import java.util.Locale;

/**
 * Walks a {@link FormatProgram} over one line with index arithmetic (no regular expressions) and
 * fills {@link EventFields}. One instance per line; never throws on line content.
 *
 * <p>Each literal of the program must appear exactly where the program puts it. A field ends:
 *
 * <ul>
 *   <li>Apache {@code %t}: at the {@code ]} closing its {@code [}.
 *   <li>quoted (the format has {@code "} on both sides): at the first quote that is not escaped
 *       (Apache {@code \"} and {@code \\}; nginx never writes a raw quote or backslash, it writes
 *       {@code \x22} / {@code \x5C}) and that is followed by the next literal (the end of the line
 *       when the literal is the last one).
 *   <li>an nginx list ({@code $upstream_*}, X-Forwarded-For): at the next literal that does not
 *       continue the list ({@code ", "} and {@code " : "} separate entries).
 *   <li>otherwise: at the next occurrence of the following literal, or the end of the line for a
 *       last field.
 * </ul>
 *
 * Field text is kept as logged (escapes are not decoded); {@code -} means absent.
 */
final class FormatLineParser {

  private final FormatProgram program;
  private final String line;
  private final int end;
  private final EventFields fields = new EventFields();
  private boolean domainFromHeader;
  private String method;
  private String path;
  private String query;
  private String target;
  private String protocol;

  private FormatLineParser(FormatProgram program, String line, int end) {
    this.program = program;
    this.line = line;
    this.end = end;
  }

  /**
   * Parses {@code line[start, end)}.
   *
   * @return the event or a rejection naming the field and its 1-based column; never null
   */
  static ParseResult parse(
      FormatProgram program, String line, int start, int end, LineContext context) {
    FormatLineParser parser = new FormatLineParser(program, line, end);
    ParseResult.Rejected rejected = parser.walk(start);
    if (rejected != null) {
      return rejected;
    }
    parser.finishRequest();
    parser.fields.logFormatCode = program.code();
    return new ParseResult.Parsed(parser.fields.toEvent(context, line));
  }

  private ParseResult.Rejected walk(int start) {
    int position = start;
    int count = program.slotCount();
    for (int index = 0; index < count; index++) {
      FormatProgram.Slot slot = program.slot(index);
      String literal = program.literal(index);
      if (!literalAt(literal, position)) {
        return reject(
            RejectReason.MALFORMED_FIELDS,
            "expected '"
                + literal
                + "' before the "
                + slot.kind().description()
                + " field "
                + slot.directive()
                + " at column "
                + column(position)
                + ", found '"
                + Messages.excerpt(line, position, end)
                + "'");
      }
      position += literal.length();
      String next = program.literal(index + 1);
      boolean last = index == count - 1;
      int fieldEnd = fieldEnd(slot, position, next, last);
      if (fieldEnd < 0) {
        return endProblem(slot, position, next);
      }
      ParseResult.Rejected problem = apply(slot, position, fieldEnd);
      if (problem != null) {
        return problem;
      }
      position = fieldEnd;
    }
    String trailing = program.literal(count);
    if (!literalAt(trailing, position) || position + trailing.length() != end) {
      return reject(
          RejectReason.MALFORMED_FIELDS,
          "unexpected '"
              + Messages.excerpt(line, position, end)
              + "' at column "
              + column(position)
              + " after the last field; the format ends with '"
              + trailing
              + "'");
    }
    return null;
  }

  /** Index after the field that starts at {@code from}, or -1 when it has no end. */
  private int fieldEnd(FormatProgram.Slot slot, int from, String next, boolean last) {
    if (slot.kind() == FieldKind.TIME_CLF_BRACKETED) {
      if (from >= end || line.charAt(from) != '[') {
        return -1;
      }
      int close = line.indexOf(']', from);
      return close < 0 || close >= end ? -1 : close + 1;
    }
    if (slot.quoted()) {
      boolean apache = program.dialect() == FormatProgram.Dialect.APACHE;
      for (int index = from; index < end; index++) {
        char c = line.charAt(index);
        if (c == '\\' && apache) {
          index++;
        } else if (c == '"'
            && literalAt(next, index)
            && (!last || index + next.length() == end)) {
          return index;
        }
      }
      return -1;
    }
    if (last && next.isEmpty()) {
      return end;
    }
    int candidate = line.indexOf(next, from);
    while (candidate >= 0 && candidate + next.length() <= end) {
      if (last && candidate + next.length() != end) {
        candidate = line.indexOf(next, candidate + 1);
      } else if (slot.kind().isList() && continuesList(from, candidate)) {
        candidate = line.indexOf(next, candidate + 1);
      } else {
        return candidate;
      }
    }
    return -1;
  }

  /** True when the space at {@code at} separates entries of an nginx list, not fields. */
  private boolean continuesList(int from, int at) {
    if (line.charAt(at) != ' ' || at == from) {
      return false;
    }
    char before = line.charAt(at - 1);
    if (before == ',') {
      return true;
    }
    if (before == ':' && (at - 1 == from || line.charAt(at - 2) == ' ')) {
      return true;
    }
    return line.startsWith(" : ", at) && at + 3 < end;
  }

  private ParseResult.Rejected endProblem(FormatProgram.Slot slot, int from, String next) {
    String field = "the " + slot.kind().description() + " field " + slot.directive();
    if (slot.kind() == FieldKind.TIME_CLF_BRACKETED) {
      return reject(
          RejectReason.MALFORMED_TIMESTAMP,
          field
              + " at column "
              + column(from)
              + " is not a '[...]' timestamp: found '"
              + Messages.excerpt(line, from, end)
              + "'");
    }
    if (slot.quoted()) {
      return reject(
          RejectReason.MALFORMED_FIELDS,
          "no closing quote followed by '"
              + next
              + "' for "
              + field
              + " opened at column "
              + column(from - 1));
    }
    return reject(
        RejectReason.MALFORMED_FIELDS,
        (next.isEmpty() ? "line does not end after " : "no '" + next + "' after ")
            + field
            + " starting at column "
            + column(from));
  }

  private ParseResult.Rejected apply(FormatProgram.Slot slot, int from, int to) {
    String text = line.substring(from, to);
    switch (slot.kind()) {
      case CLIENT:
        fields.sourceAddress = text;
        return null;
      case USER:
        fields.userName = EventFields.nullIfPlaceholder(text);
        return null;
      case TIME_CLF_BRACKETED:
        return time(slot, from, to, Timestamps.parseClf(line, from + 1, to - 1));
      case TIME_CLF:
        return time(slot, from, to, Timestamps.parseClf(line, from, to));
      case TIME_ISO:
        return time(slot, from, to, Timestamps.parseIso(line, from, to));
      case TIME_EPOCH_SECONDS:
        return time(slot, from, to, Timestamps.parseEpochSeconds(line, from, to));
      case TIME_EPOCH_MILLIS:
        return time(slot, from, to, epochFraction(from, to, 1));
      case TIME_EPOCH_MICROS:
        return time(slot, from, to, epochFraction(from, to, 1000));
      case REQUEST:
        fields.setRequestLine(text);
        return null;
      case STATUS:
        return status(slot, from, to);
      case BODY_BYTES:
        return bytes(slot, from, to, true);
      case RESPONSE_BYTES:
      case REQUEST_BYTES:
        return bytes(slot, from, to, false);
      case DURATION_MICROS:
        return duration(slot, from, to, 1_000L);
      case DURATION_MILLIS:
        return duration(slot, from, to, 1_000_000L);
      case DURATION_SECONDS:
        return duration(slot, from, to, 0L);
      default:
        applyText(slot.kind(), EventFields.nullIfPlaceholder(text));
        return null;
    }
  }

  private void applyText(FieldKind kind, String value) {
    switch (kind) {
      case REFERRER:
        fields.referrer = value;
        break;
      case USER_AGENT:
        fields.userAgent = value;
        break;
      case FORWARDED_FOR:
        fields.forwardedFor = value;
        break;
      case HOST_HEADER:
        if (value != null) {
          fields.urlDomain = domain(value);
          domainFromHeader = true;
        }
        break;
      case VIRTUAL_HOST:
        if (value != null && !domainFromHeader) {
          fields.urlDomain = domain(value);
        }
        break;
      case REQUEST_ID:
        fields.requestId = value;
        break;
      case UPSTREAM_ADDRESS:
        fields.upstreamAddress = value;
        break;
      case UPSTREAM_STATUS:
        fields.upstreamStatus = value;
        break;
      case UPSTREAM_RESPONSE_TIME:
        fields.upstreamResponseTime = value;
        break;
      case METHOD:
        method = value;
        break;
      case PATH:
        path = value;
        break;
      case PATH_AND_QUERY:
        int mark = value == null ? -1 : value.indexOf('?');
        path = mark < 0 ? value : value.substring(0, mark);
        query = mark < 0 ? null : value.substring(mark + 1);
        break;
      case QUERY_WITH_MARK:
        query = value != null && value.startsWith("?") ? value.substring(1) : null;
        break;
      case QUERY:
        query = value;
        break;
      case TARGET:
        target = value;
        break;
      case PROTOCOL:
        protocol = value;
        break;
      default:
        break; // IDENT, IGNORED, UPSTREAM_OTHER
    }
  }

  /** Builds the request from %m %U %q %H / $request_method $request_uri ... without a %r. */
  private void finishRequest() {
    if (fields.method != null || fields.urlOriginal != null) {
      return;
    }
    String requestTarget = target;
    if (requestTarget == null && path != null) {
      requestTarget = query == null || query.isEmpty() ? path : path + '?' + query;
    }
    fields.method = method;
    if (requestTarget != null) {
      // $uri / %U are logged decoded by the server; $request_uri is the target as sent.
      fields.setTarget(requestTarget, target == null);
    }
    if (protocol != null) {
      fields.setProtocol(protocol);
    }
  }

  /**
   * ECS {@code url.domain}: lowercase, without port; an IPv6 literal keeps its brackets
   * (https://www.elastic.co/guide/en/ecs/current/ecs-url.html#field-url-domain).
   */
  static String domain(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    if (lower.startsWith("[")) {
      int close = lower.indexOf(']');
      return close > 0 ? lower.substring(0, close + 1) : lower;
    }
    int colon = lower.indexOf(':');
    if (colon >= 0 && lower.indexOf(':', colon + 1) < 0) {
      return lower.substring(0, colon);
    }
    return lower;
  }

  private ParseResult.Rejected time(FormatProgram.Slot slot, int from, int to, long millis) {
    if (Timestamps.isValid(millis)) {
      fields.timestampMillis = millis;
      return null;
    }
    return reject(
        RejectReason.MALFORMED_TIMESTAMP,
        "time "
            + slot.directive()
            + " '"
            + Messages.excerpt(line, from, to)
            + "' at column "
            + column(from)
            + " "
            + Timestamps.problem(millis));
  }

  /** Epoch milliseconds ({@code divisor} 1) or microseconds (1000) as integer digits. */
  private long epochFraction(int from, int to, long divisor) {
    long value = digits(from, to, 18);
    if (value < 0 || value / divisor > 253_402_300_799_999L) {
      return Timestamps.INVALID_EPOCH;
    }
    return value / divisor;
  }

  private ParseResult.Rejected status(FormatProgram.Slot slot, int from, int to) {
    long status = digits(from, to, 9);
    if (status < 100 || status > 599) {
      return reject(
          RejectReason.INVALID_STATUS_CODE,
          "status code '"
              + Messages.excerpt(line, from, to)
              + "' ("
              + slot.directive()
              + ") at column "
              + column(from)
              + (status < 0 ? " is not a number" : " is outside 100-599"));
    }
    fields.statusCode = (int) status;
    return null;
  }

  private ParseResult.Rejected bytes(FormatProgram.Slot slot, int from, int to, boolean body) {
    Long value;
    if (to - from == 1 && line.charAt(from) == '-') {
      value = body ? 0L : null;
    } else {
      long parsed = digits(from, to, 18);
      if (parsed < 0) {
        return invalidNumber(slot, from, to, "a number of bytes (up to 18 digits) or '-'");
      }
      value = parsed;
    }
    if (slot.kind() == FieldKind.BODY_BYTES) {
      fields.bodyBytes = value;
    } else if (slot.kind() == FieldKind.RESPONSE_BYTES) {
      fields.responseBytes = value;
    } else {
      fields.requestBytes = value;
    }
    return null;
  }

  /** {@code nanosPerUnit} 0 means seconds with an optional fraction. */
  private ParseResult.Rejected duration(
      FormatProgram.Slot slot, int from, int to, long nanosPerUnit) {
    if (to - from == 1 && line.charAt(from) == '-') {
      return null;
    }
    long nanos;
    if (nanosPerUnit == 0) {
      nanos = Timestamps.secondsToNanos(line, from, to);
    } else {
      long units = digits(from, to, 12);
      nanos = units < 0 ? -1 : units * nanosPerUnit;
    }
    if (nanos < 0) {
      return invalidNumber(slot, from, to, "a non-negative duration");
    }
    fields.durationNanos = nanos;
    return null;
  }

  private ParseResult.Rejected invalidNumber(
      FormatProgram.Slot slot, int from, int to, String expected) {
    return reject(
        RejectReason.INVALID_NUMBER,
        slot.kind().description()
            + " "
            + slot.directive()
            + " '"
            + Messages.excerpt(line, from, to)
            + "' at column "
            + column(from)
            + " is not "
            + expected);
  }

  /** 1..{@code maxDigits} ASCII digits as a number, else -1. */
  private long digits(int from, int to, int maxDigits) {
    if (to <= from || to - from > maxDigits) {
      return -1;
    }
    long value = 0;
    for (int index = from; index < to; index++) {
      char c = line.charAt(index);
      if (!Timestamps.isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private boolean literalAt(String literal, int at) {
    return at + literal.length() <= end && line.startsWith(literal, at);
  }

  private static int column(int index) {
    return index + 1;
  }

  private static ParseResult.Rejected reject(RejectReason reason, String message) {
    return new ParseResult.Rejected(reason, message);
  }
}
