package io.logpulse.ingest.parse;

import io.logpulse.schemas.AccessEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;

/**
 * The values of one event while a line is being parsed; one instance per line, never shared. Null
 * means "not in the line" for every reference field.
 */
final class EventFields {

  private static final int MAX_METHOD_CHARS = 32;

  long timestampMillis;
  LogFormat logFormat;
  String sourceAddress;
  String userName;
  String method;
  String urlOriginal;
  String urlPath;
  String urlQuery;
  String httpVersion;
  int statusCode;
  Long bodyBytes;
  String referrer;
  String userAgent;
  Long durationNanos;
  /** Overrides {@link #logFormat}'s code when set (custom format strings, named presets). */
  String logFormatCode;
  String urlDomain;
  String requestId;
  Long requestBytes;
  Long responseBytes;
  String forwardedFor;
  /**
   * The direct peer when the client field is an address list (its last entry), used as {@code
   * client_ip} when the list has no global address; null otherwise.
   */
  String forwardedForPeer;
  String upstreamAddress;
  String upstreamStatus;
  String upstreamResponseTime;

  /**
   * Splits an HTTP request line, {@code method SP request-target [SP HTTP-version]} (RFC 9112
   * section 3, https://www.rfc-editor.org/rfc/rfc9112#section-3), as logged by Apache {@code %r} or
   * nginx {@code $request}.
   *
   * <ul>
   *   <li>Empty or {@code -} (Apache's placeholder when no request line was read): all request
   *       fields null.
   *   <li>A method of 1 to 32 letters, digits, {@code -} or {@code _} (a practical subset of the
   *       RFC 9110 {@code token}; it keeps pipe-delimited malware beacons out) followed by a
   *       non-empty target: an HTTP request; a last word {@code HTTP/x} gives the version {@code
   *       x}, otherwise the version is null and the rest of the line is the target.
   *   <li>Anything else (TLS/RDP/binary probes with {@code \xNN} escapes, a single word such as
   *       {@code HELP}): method, path, query and version null, {@code url_original} the whole text.
   * </ul>
   */
  void setRequestLine(String request) {
    setRequestLine(request, 0, request.length());
  }

  /**
   * {@link #setRequestLine(String)} of {@code text[from, to)}, without first copying that range
   * into a string of its own (the CLF parser's request field lies inside the line).
   */
  void setRequestLine(String text, int from, int to) {
    int length = to - from;
    if (length == 0 || (length == 1 && text.charAt(from) == '-')) {
      return;
    }
    int firstSpace = text.indexOf(' ', from);
    if (firstSpace >= to) {
      firstSpace = -1;
    }
    if (firstSpace <= from
        || firstSpace - from > MAX_METHOD_CHARS
        || !isMethod(text, from, firstSpace)) {
      urlOriginal = text.substring(from, to);
      return;
    }
    int targetStart = firstSpace + 1;
    while (targetStart < to && text.charAt(targetStart) == ' ') {
      targetStart++;
    }
    int targetEnd = to;
    String version = null;
    int lastSpace = text.lastIndexOf(' ', to - 1);
    if (lastSpace >= targetStart && isHttpVersion(text, lastSpace + 1, to)) {
      version = text.substring(lastSpace + 6, to);
      targetEnd = lastSpace;
      while (targetEnd > targetStart && text.charAt(targetEnd - 1) == ' ') {
        targetEnd--;
      }
    }
    if (targetEnd <= targetStart) {
      urlOriginal = text.substring(from, to);
      return;
    }
    method = text.substring(from, firstSpace);
    httpVersion = version;
    setTarget(text.substring(targetStart, targetEnd));
  }

  /**
   * Sets {@code url_original}, {@code url_path} and {@code url_query} from a request target ({@link
   * #method} must already be set). The path is the target up to the first {@code ?} (for an
   * absolute-form target {@code scheme://authority/path?query} the part after the authority); the
   * query is the rest after that {@code ?}, empty when the target ends with {@code ?} (ECS {@code
   * url.query}) and null when there is none. Authority-form targets of {@code CONNECT} and the
   * asterisk form {@code *} have no path. The path is percent-decoded ({@link UrlPaths}).
   */
  void setTarget(String target) {
    setTarget(target, false);
  }

  /**
   * As {@link #setTarget(String)}; {@code pathDecoded} true means the server logged the path
   * already decoded (nginx {@code $uri}, Apache {@code %U}), so it is not decoded again.
   */
  void setTarget(String target, boolean pathDecoded) {
    urlOriginal = target;
    if ("CONNECT".equals(method) || "*".equals(target)) {
      return;
    }
    int pathStart = 0;
    int schemeEnd = target.indexOf("://");
    if (schemeEnd > 0 && isScheme(target, schemeEnd)) {
      pathStart = target.length();
      for (int index = schemeEnd + 3; index < target.length(); index++) {
        char c = target.charAt(index);
        if (c == '/' || c == '?' || c == '#') {
          pathStart = index;
          break;
        }
      }
    }
    int question = target.indexOf('?', pathStart);
    int pathEnd = question < 0 ? target.length() : question;
    urlPath =
        pathEnd > pathStart
            ? (pathDecoded
                ? target.substring(pathStart, pathEnd)
                : UrlPaths.percentDecode(target.substring(pathStart, pathEnd)))
            : null;
    urlQuery = question < 0 ? null : target.substring(question + 1);
  }

  /** Sets the version from a protocol such as {@code HTTP/1.1}; other text is kept as is. */
  void setProtocol(String protocol) {
    if (protocol == null || protocol.isEmpty() || "-".equals(protocol)) {
      httpVersion = null;
    } else if (protocol.startsWith("HTTP/") && protocol.length() > 5) {
      httpVersion = protocol.substring(5);
    } else {
      httpVersion = protocol;
    }
  }

  /**
   * Builds the Avro event. Uses the no-argument constructor and setters rather than {@code
   * AccessEvent.newBuilder()}, whose per-field schema validation and set-flag bookkeeping cost
   * about 0.4 microseconds per line for no benefit here: the fields the schema requires are never
   * null ({@code timestamp}, {@code service_name} ({@link LineContext} rejects null), {@code
   * log_format}, {@code source_address} (every format requires a client field, and lines without
   * one are rejected before this), {@code tags}). The fields not set below are the enrichment
   * outputs ({@code http_route}, {@code client_geo_*}, {@code client_as_*}, {@code user_agent_*}
   * other than {@code user_agent_original}), which stay null as the constructor leaves them.
   */
  AccessEvent toEvent(LineContext context, String line) {
    Instant ingestedAt = context.ingestedAt();
    String sourceIp = IpAddresses.withoutPortOrNull(sourceAddress);
    AccessEvent event = new AccessEvent();
    event.setTimestamp(Instant.ofEpochMilli(timestampMillis));
    event.setServiceName(context.serviceName());
    event.setLogFormat(logFormatCode != null ? logFormatCode : logFormat.code());
    event.setSourceAddress(sourceAddress);
    event.setSourceIp(sourceIp);
    event.setUserName(userName);
    event.setHttpRequestMethod(method);
    event.setUrlOriginal(urlOriginal);
    event.setUrlPath(urlPath);
    event.setUrlQuery(urlQuery);
    event.setHttpVersion(httpVersion);
    event.setHttpResponseStatusCode(statusCode);
    event.setHttpResponseBodyBytes(bodyBytes);
    event.setHttpRequestReferrer(referrer);
    event.setUserAgentOriginal(userAgent);
    event.setEventDuration(durationNanos);
    event.setEventIngested(ingestedAt == null ? null : ingestedAt.truncatedTo(ChronoUnit.MILLIS));
    event.setEventOriginal(context.keepOriginal() ? line : null);
    event.setUrlDomain(urlDomain);
    event.setHttpRequestId(requestId);
    event.setHttpRequestBytes(requestBytes);
    event.setHttpResponseBytes(responseBytes);
    event.setHttpRequestHeaderXForwardedFor(forwardedFor);
    event.setClientIp(
        IpAddresses.clientIp(forwardedFor, sourceIp != null ? sourceIp : forwardedForPeer));
    event.setUpstreamAddress(upstreamAddress);
    event.setUpstreamStatus(upstreamStatus);
    event.setUpstreamStatusCode(UpstreamLists.lastStatus(upstreamStatus));
    event.setUpstreamResponseTime(upstreamResponseTime);
    event.setUpstreamDuration(UpstreamLists.sumNanos(upstreamResponseTime));
    event.setTags(new ArrayList<>(2));
    return event;
  }

  /** Null for {@code null}, empty text and {@code -}, the "not logged" placeholders. */
  static String nullIfPlaceholder(String value) {
    if (value == null || value.isEmpty() || (value.length() == 1 && value.charAt(0) == '-')) {
      return null;
    }
    return value;
  }

  private static boolean isMethod(String text, int from, int to) {
    for (int index = from; index < to; index++) {
      char c = text.charAt(index);
      boolean allowed =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code HTTP/} followed by one or more digits and dots, e.g. {@code HTTP/1.1}, {@code HTTP/2}.
   */
  private static boolean isHttpVersion(String text, int from, int to) {
    if (to - from < 6 || !text.startsWith("HTTP/", from)) {
      return false;
    }
    for (int index = from + 5; index < to; index++) {
      char c = text.charAt(index);
      if (!(c >= '0' && c <= '9') && c != '.') {
        return false;
      }
    }
    return true;
  }

  /** RFC 3986 {@code scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )} over [0, end). */
  private static boolean isScheme(String text, int end) {
    for (int index = 0; index < end; index++) {
      char c = text.charAt(index);
      boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
      if (!(letter
          || (index > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')))) {
        return false;
      }
    }
    return true;
  }
}
