package io.logpulse.ingest.parse;

/**
 * Single-pass, regex-free scanner for the Common Log Format family: Apache {@code common} / {@code
 * combined}, nginx {@code combined}, ingress-nginx {@code upstreaminfo}, Traefik CLF, with optional
 * fields before the client (virtual host {@code %v} or {@code %v:%p}, an X-Forwarded-For list,
 * bunkerweb's request id).
 *
 * <p>Layout: {@code [vhost] [forwarded-for] client ident user [time] "request" status size
 * ["referrer" "user-agent" [extra fields...]]}. An unquoted first field before the client that is
 * not a list becomes {@code url_domain} (lowercase, port dropped; an unquoted IP there is read as a
 * virtual host, Apache {@code %v}); a list before the client, or a single IP that is quoted or not
 * first, becomes {@code http_request_header_x_forwarded_for}. A client field that is itself
 * a list (nginx {@code $proxy_add_x_forwarded_for}: the forwarded-for entries, then the peer) is
 * kept as {@code source_address} and also read as the X-Forwarded-For list, with its last entry as
 * the fallback {@code client_ip}.
 *
 * <ul>
 *   <li>Fields before the timestamp are separated by spaces; a field ending in {@code ,} continues
 *       with the next word (an address list such as {@code 10.0.0.2, 10.0.0.1}); a quoted field is
 *       one field. The last is the user, the one before the ident, the one before that the client —
 *       except that in bunkerweb's {@code $host $remote_addr - $request_id $remote_user} shape
 *       (ident {@code -} followed by a non-{@code -} request id) the client is one further left. Up
 *       to three leading fields are ignored.
 *   <li>Quoted fields end at a {@code "} that is followed by a space or the end of the line and is
 *       not escaped by {@code \} (Apache writes {@code \"} and {@code \\}; nginx writes {@code
 *       \x22} and {@code \x5C}, which contain no quote). Field text is kept exactly as logged:
 *       escape sequences are not decoded.
 * </ul>
 */
final class ClfLineParser {

  private static final int MAX_PREFIX_FIELDS = 6;

  private final String line;
  private final int end;
  private final EventFields fields = new EventFields();
  private final int[] prefixStarts = new int[MAX_PREFIX_FIELDS];
  private final int[] prefixEnds = new int[MAX_PREFIX_FIELDS];

  private ClfLineParser(String line, int end) {
    this.line = line;
    this.end = end;
  }

  /**
   * Parses {@code line[start, end)}, which must not start or end with whitespace.
   *
   * @param line the whole line (copied to {@code event_original} when the context asks for it)
   * @param start index of the first non-whitespace character
   * @param end index after the last non-whitespace character, {@code start < end}
   * @param context per-line values copied into the event
   * @return the event or a rejection; never null, never throws
   */
  static ParseResult parse(String line, int start, int end, LineContext context) {
    ClfLineParser parser = new ClfLineParser(line, end);
    ParseResult.Rejected rejected = parser.scan(start);
    if (rejected != null) {
      return rejected;
    }
    return new ParseResult.Parsed(parser.fields.toEvent(context, line));
  }

  /** Parses the line into {@link #fields}; returns null on success. */
  private ParseResult.Rejected scan(int start) {
    int bracket = timestampBracket(start);
    if (bracket < 0) {
      return reject(
          RejectReason.UNKNOWN_FORMAT,
          "no '[' timestamp field and no leading '{': neither a Common Log Format line nor JSON");
    }
    if (bracket == start) {
      return reject(
          RejectReason.UNKNOWN_FORMAT,
          "line starts with '[' at column "
              + column(bracket)
              + ": a Common Log Format line starts with the client address"
              + " (error logs, mod_ssl request logs and custom layouts are not accepted)");
    }
    if (bracket + 1 >= end || !Timestamps.isDigit(line.charAt(bracket + 1))) {
      return reject(
          RejectReason.UNKNOWN_FORMAT,
          "'[' at column "
              + column(bracket)
              + " opens '"
              + Messages.excerpt(line, bracket, end)
              + "', not a dd/Mon/yyyy:HH:mm:ss +hhmm timestamp: not a Common Log Format line");
    }

    if (syslogHeader(start)) {
      return reject(
          RejectReason.UNKNOWN_FORMAT,
          "line starts with a syslog header '"
              + line.substring(start, start + 15)
              + "' (RFC 3164); the shipper must strip it before the access-log line is parsed");
    }
    ParseResult.Rejected prefixProblem = scanPrefix(start, bracket - 1);
    if (prefixProblem != null) {
      return prefixProblem;
    }

    int closeBracket = line.indexOf(']', bracket + 1);
    if (closeBracket < 0 || closeBracket >= end) {
      return reject(
          RejectReason.MALFORMED_TIMESTAMP,
          "no ']' closing the timestamp opened at column " + column(bracket));
    }
    long millis = Timestamps.parseClf(line, bracket + 1, closeBracket);
    if (!Timestamps.isValid(millis)) {
      return reject(
          RejectReason.MALFORMED_TIMESTAMP,
          "timestamp '"
              + Messages.excerpt(line, bracket + 1, closeBracket)
              + "' at column "
              + column(bracket + 1)
              + " "
              + Timestamps.problem(millis)
              + " (expected dd/Mon/yyyy:HH:mm:ss +hhmm)");
    }
    fields.timestampMillis = millis;

    int position = closeBracket + 1;
    if (position + 1 >= end || line.charAt(position) != ' ' || line.charAt(position + 1) != '"') {
      return reject(
          RejectReason.MALFORMED_FIELDS,
          "expected ' \"' opening the request field at column "
              + column(position)
              + " after the timestamp");
    }
    int requestOpen = position + 1;
    int requestClose = closingQuote(requestOpen + 1);
    if (requestClose < 0) {
      return reject(
          RejectReason.MALFORMED_FIELDS,
          "no closing quote for the request field at column " + column(requestOpen));
    }
    fields.setRequestLine(line, requestOpen + 1, requestClose);

    position = requestClose + 1;
    if (position >= end) {
      return reject(
          RejectReason.MALFORMED_FIELDS,
          "line ends after the request field; expected status code and response size");
    }
    ParseResult.Rejected statusProblem = scanStatus(position + 1);
    if (statusProblem != null) {
      return statusProblem;
    }
    position = tokenEnd(position + 1);
    if (position >= end) {
      return reject(
          RejectReason.MALFORMED_FIELDS,
          "line ends after the status code; expected the response size (%b)");
    }
    ParseResult.Rejected sizeProblem = scanSize(position + 1);
    if (sizeProblem != null) {
      return sizeProblem;
    }
    position = tokenEnd(position + 1);
    if (position >= end) {
      fields.logFormat = LogFormat.CLF_COMMON;
      return null;
    }

    int referrerOpen = position + 1;
    if (line.charAt(referrerOpen) != '"') {
      return reject(
          RejectReason.MALFORMED_FIELDS,
          "unexpected '"
              + Messages.excerpt(line, referrerOpen, end)
              + "' at column "
              + column(referrerOpen)
              + " after the response size; expected the end of the line or the quoted referrer");
    }
    int referrerClose = closingQuote(referrerOpen + 1);
    if (referrerClose < 0) {
      return reject(
          RejectReason.MALFORMED_FIELDS,
          "no closing quote for the referrer field at column " + column(referrerOpen));
    }
    fields.referrer =
        EventFields.nullIfPlaceholder(line.substring(referrerOpen + 1, referrerClose));

    int userAgentOpen = referrerClose + 2;
    if (userAgentOpen >= end || line.charAt(userAgentOpen) != '"') {
      return reject(
          RejectReason.MALFORMED_FIELDS,
          "expected the quoted user agent field at column "
              + column(Math.min(userAgentOpen, end))
              + " after the referrer");
    }
    int userAgentClose = closingQuote(userAgentOpen + 1);
    if (userAgentClose < 0) {
      return reject(
          RejectReason.MALFORMED_FIELDS,
          "no closing quote for the user agent field at column " + column(userAgentOpen));
    }
    fields.userAgent =
        EventFields.nullIfPlaceholder(line.substring(userAgentOpen + 1, userAgentClose));

    position = userAgentClose + 1;
    fields.logFormat = LogFormat.CLF_COMBINED;
    if (position < end && !ingressNginxExtras(position + 1)) {
      traefikExtras(position + 1);
    }
    return null;
  }

  /**
   * Splits the fields before the timestamp, {@code line[start, prefixEnd)}, and sets client and
   * user.
   */
  private ParseResult.Rejected scanPrefix(int start, int prefixEnd) {
    int count = 0;
    int position = start;
    while (true) {
      while (position < prefixEnd && line.charAt(position) == ' ') {
        position++;
      }
      if (position >= prefixEnd) {
        break;
      }
      if (count == MAX_PREFIX_FIELDS) {
        return reject(
            RejectReason.MALFORMED_FIELDS,
            "more than "
                + MAX_PREFIX_FIELDS
                + " fields before the timestamp at column "
                + column(prefixEnd + 1)
                + "; expected [virtual host] [forwarded-for list] client ident user");
      }
      int fieldStart = position;
      while (true) {
        if (line.charAt(position) == '"') {
          int close = closingQuote(position + 1, prefixEnd);
          if (close < 0) {
            return reject(
                RejectReason.MALFORMED_FIELDS,
                "no closing quote for the field at column "
                    + column(position)
                    + " before the timestamp");
          }
          position = close + 1;
        } else {
          while (position < prefixEnd && line.charAt(position) != ' ') {
            position++;
          }
        }
        if (position < prefixEnd && line.charAt(position - 1) == ',') {
          while (position < prefixEnd && line.charAt(position) == ' ') {
            position++;
          }
          if (position < prefixEnd) {
            continue; // the list goes on with the next word
          }
        }
        break;
      }
      int fieldEnd = position;
      while (line.charAt(fieldEnd - 1) == ' ') {
        fieldEnd--;
      }
      prefixStarts[count] = fieldStart;
      prefixEnds[count] = fieldEnd;
      count++;
    }
    if (count < 3) {
      return reject(
          RejectReason.MALFORMED_FIELDS,
          count
              + (count == 1 ? " field" : " fields")
              + " before the timestamp at column "
              + column(prefixEnd + 1)
              + "; expected client, ident and user (%h %l %u)");
    }
    int client = count - 3;
    if (count >= 4 && isDash(count - 3) && !isDash(count - 2)) {
      client = count - 4;
    }
    fields.sourceAddress = line.substring(prefixStarts[client], prefixEnds[client]);
    fields.userName =
        isDash(count - 1) ? null : line.substring(prefixStarts[count - 1], prefixEnds[count - 1]);
    if (fields.sourceAddress.indexOf(',') > 0) {
      // nginx $proxy_add_x_forwarded_for logged as the client: "<forwarded-for>, $remote_addr"
      fields.forwardedFor = fields.sourceAddress;
      fields.forwardedForPeer = lastListEntry(fields.sourceAddress);
    }
    for (int field = 0; field < client; field++) {
      String text = unquoted(field);
      boolean quoted = line.charAt(prefixStarts[field]) == '"';
      if (text.indexOf(',') > 0
          || ((field > 0 || quoted) && IpAddresses.withoutPortOrNull(text) != null)) {
        fields.forwardedFor = text; // an X-Forwarded-For list before the client
      } else if (field == 0
          && line.charAt(prefixStarts[0]) != '"'
          && EventFields.nullIfPlaceholder(text) != null) {
        fields.urlDomain = FormatLineParser.domain(text); // %v, %v:%p, $host
      }
    }
    return null;
  }

  /** A prefix field's text without its surrounding quotes, if it has them. */
  private String unquoted(int field) {
    int from = prefixStarts[field];
    int to = prefixEnds[field];
    if (to - from >= 2 && line.charAt(from) == '"' && line.charAt(to - 1) == '"') {
      return line.substring(from + 1, to - 1);
    }
    return line.substring(from, to);
  }

  /** The canonical IP of the last entry of a {@code ,}-separated address list, or null. */
  private static String lastListEntry(String list) {
    return IpAddresses.withoutPortOrNull(list.substring(list.lastIndexOf(',') + 1).trim());
  }

  private ParseResult.Rejected scanStatus(int from) {
    int to = tokenEnd(from);
    int status = 0;
    boolean numeric = to > from && to - from <= 9;
    for (int index = from; numeric && index < to; index++) {
      char c = line.charAt(index);
      numeric = Timestamps.isDigit(c);
      status = status * 10 + (c - '0');
    }
    if (!numeric) {
      return reject(
          RejectReason.INVALID_STATUS_CODE,
          "status code '"
              + Messages.excerpt(line, from, to)
              + "' at column "
              + column(from)
              + " is not a number");
    }
    if (status < 100 || status > 599) {
      return reject(RejectReason.INVALID_STATUS_CODE, "status code " + status + " outside 100-599");
    }
    fields.statusCode = status;
    return null;
  }

  /** Apache {@code %b} / nginx {@code $body_bytes_sent}; {@code -} means zero bytes. */
  private ParseResult.Rejected scanSize(int from) {
    int to = tokenEnd(from);
    if (to - from == 1 && line.charAt(from) == '-') {
      fields.bodyBytes = 0L;
      return null;
    }
    long size = 0;
    boolean numeric = to > from && to - from <= 18;
    for (int index = from; numeric && index < to; index++) {
      char c = line.charAt(index);
      numeric = Timestamps.isDigit(c);
      size = size * 10 + (c - '0');
    }
    if (!numeric) {
      return reject(
          RejectReason.INVALID_NUMBER,
          "response size '"
              + Messages.excerpt(line, from, to)
              + "' at column "
              + column(from)
              + " is not a number of bytes (up to 18 digits) or '-'");
    }
    fields.bodyBytes = size;
    return null;
  }

  /**
   * Recognises ingress-nginx's {@code $request_length $request_time [$proxy_upstream_name]
   * [$proxy_alternative_upstream_name] ...} after the user agent and takes {@code $request_time}
   * (seconds, millisecond resolution) as the duration.
   */
  private boolean ingressNginxExtras(int from) {
    int lengthEnd = tokenEnd(from);
    if (lengthEnd == from || !allDigits(from, lengthEnd) || lengthEnd >= end) {
      return false;
    }
    int timeStart = lengthEnd + 1;
    int timeEnd = tokenEnd(timeStart);
    long nanos = Timestamps.secondsToNanos(line, timeStart, timeEnd);
    if (nanos < 0 || timeEnd + 1 >= end || line.charAt(timeEnd + 1) != '[') {
      return false;
    }
    int upstreamClose = line.indexOf(']', timeEnd + 1);
    if (upstreamClose < 0
        || upstreamClose + 2 >= end
        || line.charAt(upstreamClose + 1) != ' '
        || line.charAt(upstreamClose + 2) != '[') {
      return false;
    }
    fields.logFormat = LogFormat.INGRESS_NGINX;
    fields.durationNanos = nanos;
    return true;
  }

  /**
   * Recognises Traefik's {@code <request count> "<router>" "<server URL>" <duration>ms} after the
   * user agent and takes the duration (milliseconds).
   */
  private void traefikExtras(int from) {
    int countEnd = tokenEnd(from);
    if (countEnd == from || !allDigits(from, countEnd) || countEnd + 1 >= end) {
      return;
    }
    if (line.charAt(countEnd + 1) != '"') {
      return;
    }
    int routerClose = closingQuote(countEnd + 2);
    if (routerClose < 0 || routerClose + 2 >= end || line.charAt(routerClose + 2) != '"') {
      return;
    }
    int urlClose = closingQuote(routerClose + 3);
    if (urlClose < 0 || urlClose + 1 >= end) {
      return;
    }
    int durationStart = urlClose + 2;
    int digitsEnd = end - 2;
    if (digitsEnd <= durationStart
        || digitsEnd - durationStart > 12
        || !line.startsWith("ms", digitsEnd)
        || !allDigits(durationStart, digitsEnd)) {
      return;
    }
    long millis = 0;
    for (int index = durationStart; index < digitsEnd; index++) {
      millis = millis * 10 + (line.charAt(index) - '0');
    }
    fields.logFormat = LogFormat.TRAEFIK_CLF;
    fields.durationNanos = millis * 1_000_000L;
  }

  /**
   * True when the line starts with an RFC 3164 syslog timestamp {@code Mmm dd hh:mm:ss}
   * (https://www.rfc-editor.org/rfc/rfc3164#section-4.1.2), which no client field looks like.
   */
  private boolean syslogHeader(int start) {
    return end - start > 16
        && Timestamps.englishMonth(line, start) > 0
        && line.charAt(start + 3) == ' '
        && line.charAt(start + 6) == ' '
        && line.charAt(start + 9) == ':'
        && line.charAt(start + 12) == ':'
        && line.charAt(start + 15) == ' ';
  }

  /** The first {@code [} at the start of the line or after a space; -1 if none. */
  private int timestampBracket(int start) {
    for (int index = start; index < end; index++) {
      if (line.charAt(index) == '['
          && (index == start || line.charAt(index - 1) == ' ')
          && !bracketedIpv6(index)) {
        return index;
      }
    }
    return -1;
  }

  /**
   * True when {@code [} at {@code open} starts an IPv6 client such as {@code [2001:db8::1]} or
   * {@code [2001:db8::1]:443} (RFC 3986 section 3.2.2): hex digits, {@code :} and {@code .} up to
   * {@code ]}, at least one {@code :}, then a space, {@code :} or the end of the line.
   */
  private boolean bracketedIpv6(int open) {
    boolean colon = false;
    for (int index = open + 1; index < end && index <= open + 46; index++) {
      char c = line.charAt(index);
      if (c == ']') {
        return colon
            && index > open + 1
            && (index + 1 == end || line.charAt(index + 1) == ' ' || line.charAt(index + 1) == ':');
      }
      colon |= c == ':';
      boolean hex = Timestamps.isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex && c != ':' && c != '.') {
        return false;
      }
    }
    return false;
  }

  private int closingQuote(int from) {
    return closingQuote(from, end);
  }

  /**
   * Index of the quote ending a quoted field whose text starts at {@code from}: the first {@code "}
   * not preceded by an escaping {@code \} and followed by a space or {@code limit}; -1 if none.
   */
  private int closingQuote(int from, int limit) {
    int index = from;
    while (true) {
      int quote = line.indexOf('"', index); // String.indexOf is a vectorised intrinsic
      if (quote < 0 || quote >= limit) {
        return -1;
      }
      int backslashes = 0;
      for (int before = quote - 1; before >= from && line.charAt(before) == '\\'; before--) {
        backslashes++;
      }
      boolean escaped = (backslashes & 1) == 1;
      if (!escaped && (quote + 1 == limit || line.charAt(quote + 1) == ' ')) {
        return quote;
      }
      index = quote + 1;
    }
  }

  private int tokenEnd(int from) {
    int index = from;
    while (index < end && line.charAt(index) != ' ') {
      index++;
    }
    return index;
  }

  private boolean allDigits(int from, int to) {
    for (int index = from; index < to; index++) {
      if (!Timestamps.isDigit(line.charAt(index))) {
        return false;
      }
    }
    return true;
  }

  private boolean isDash(int prefixField) {
    return prefixEnds[prefixField] - prefixStarts[prefixField] == 1
        && line.charAt(prefixStarts[prefixField]) == '-';
  }

  private static int column(int index) {
    return index + 1;
  }

  private static ParseResult.Rejected reject(RejectReason reason, String message) {
    return new ParseResult.Rejected(reason, message);
  }
}
