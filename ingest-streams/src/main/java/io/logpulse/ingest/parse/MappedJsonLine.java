package io.logpulse.ingest.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.logpulse.ingest.parse.JsonFieldMapping.Target;
import java.math.RoundingMode;

/**
 * Reads one JSON object through a {@link JsonFieldMapping} into {@link EventFields}. One instance
 * per line; never throws on line content. The first problem found becomes the rejection.
 */
final class MappedJsonLine {

  private static final long MAX_EPOCH_MILLIS = 253_402_300_799_999L; // 9999-12-31T23:59:59.999Z

  private final JsonFieldMapping mapping;
  private final JsonNode root;
  private final EventFields fields = new EventFields();
  private ParseResult.Rejected failure;

  MappedJsonLine(JsonFieldMapping mapping, JsonNode root) {
    this.mapping = mapping;
    this.root = root;
  }

  ParseResult toResult(String line, LineContext context) {
    fields.logFormatCode = mapping.code();
    timestamp();
    fields.sourceAddress = text(Target.SOURCE_ADDRESS);
    if (fields.sourceAddress == null) {
      missing(Target.SOURCE_ADDRESS);
    }
    fields.userName = text(Target.USER_NAME);
    request();
    status();
    fields.bodyBytes = integer(Target.HTTP_RESPONSE_BODY_BYTES, 0L);
    fields.referrer = text(Target.HTTP_REQUEST_REFERRER);
    fields.userAgent = text(Target.USER_AGENT_ORIGINAL);
    fields.durationNanos = duration();
    String host = text(Target.URL_DOMAIN);
    fields.urlDomain = host == null ? null : FormatLineParser.domain(host);
    fields.requestId = text(Target.HTTP_REQUEST_ID);
    fields.requestBytes = integer(Target.HTTP_REQUEST_BYTES, null);
    fields.responseBytes = integer(Target.HTTP_RESPONSE_BYTES, null);
    fields.forwardedFor = text(Target.HTTP_REQUEST_HEADER_X_FORWARDED_FOR);
    fields.upstreamAddress = text(Target.UPSTREAM_ADDRESS);
    fields.upstreamStatus = text(Target.UPSTREAM_STATUS);
    fields.upstreamResponseTime = text(Target.UPSTREAM_RESPONSE_TIME);
    if (failure != null) {
      return failure;
    }
    return new ParseResult.Parsed(fields.toEvent(context, line));
  }

  private void request() {
    String request = text(Target.REQUEST);
    if (request != null) {
      fields.setRequestLine(request);
      if (fields.method != null || fields.urlOriginal != null) {
        return;
      }
    }
    fields.method = text(Target.HTTP_REQUEST_METHOD);
    String target = text(Target.URL_ORIGINAL);
    if (target == null) {
      String path = text(Target.URL_PATH);
      String query = text(Target.URL_QUERY);
      if (path != null) {
        target = query == null ? path : path + '?' + query;
      }
    }
    if (target != null) {
      fields.setTarget(target);
    }
    fields.setProtocol(text(Target.HTTP_VERSION));
  }

  private void timestamp() {
    JsonNode node = mapping.find(root, Target.TIMESTAMP);
    String path = mapping.pathOf(Target.TIMESTAMP);
    String unit = mapping.unit(Target.TIMESTAMP, null);
    long millis;
    if (node == null || (node.isTextual() && node.textValue().isEmpty())) {
      missing(Target.TIMESTAMP);
      return;
    } else if (node.isNumber()) {
      int decimals = 3 - (9 - JsonFieldMapping.nanosDigits(unit == null ? "s" : unit));
      millis = JsonValues.scale(node, decimals, RoundingMode.FLOOR);
    } else if (node.isTextual()) {
      millis = textTime(node.textValue(), unit);
      if (!Timestamps.isValid(millis)) {
        fail(
            RejectReason.MALFORMED_TIMESTAMP,
            path
                + " '"
                + Messages.excerpt(node.textValue(), 0, node.textValue().length())
                + "' "
                + Timestamps.problem(millis)
                + " (expected ISO-8601 with offset, dd/Mon/yyyy:HH:mm:ss +hhmm or epoch seconds)");
        return;
      }
    } else {
      millis = -1;
    }
    if (millis < 0 || millis > MAX_EPOCH_MILLIS) {
      fail(
          RejectReason.MALFORMED_TIMESTAMP,
          path + " " + JsonValues.describe(node) + " is not a time between 1970 and 9999");
      return;
    }
    fields.timestampMillis = millis;
  }

  private static long textTime(String text, String unit) {
    int length = text.length();
    if (unit == null || "s".equals(unit)) {
      long millis = unit == null ? Timestamps.parseIso(text, 0, length) : Timestamps.INVALID_EPOCH;
      if (unit == null && !Timestamps.isValid(millis) && length == 26) {
        millis = Timestamps.parseClf(text, 0, length);
      }
      if (!Timestamps.isValid(millis)) {
        long epoch = Timestamps.parseEpochSeconds(text, 0, length);
        millis = Timestamps.isValid(epoch) || unit != null ? epoch : millis;
      }
      return millis;
    }
    long value = JsonValues.digits(text, 18);
    if (value < 0) {
      return Timestamps.INVALID_EPOCH;
    }
    return "ms".equals(unit) ? value : "us".equals(unit) ? value / 1_000 : value / 1_000_000;
  }

  private void status() {
    JsonNode node = mapping.find(root, Target.HTTP_RESPONSE_STATUS_CODE);
    if (node == null) {
      missing(Target.HTTP_RESPONSE_STATUS_CODE);
      return;
    }
    long status = -1;
    if (node.isIntegralNumber()) {
      status = node.canConvertToLong() ? node.longValue() : Long.MAX_VALUE;
    } else if (node.isTextual()) {
      status = JsonValues.digits(node.textValue(), 9);
    }
    if (status < 100 || status > 599) {
      fail(
          RejectReason.INVALID_STATUS_CODE,
          "status code "
              + JsonValues.describe(node)
              + " in "
              + mapping.pathOf(Target.HTTP_RESPONSE_STATUS_CODE)
              + (status < 0 ? " is not an integer" : " outside 100-599"));
      return;
    }
    fields.statusCode = (int) status;
  }

  /** A non-negative integer; {@code -} gives {@code dash}, empty or absent null. */
  private Long integer(Target target, Long dash) {
    JsonNode node = mapping.find(root, target);
    if (node == null) {
      return null;
    }
    if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
      return node.longValue();
    }
    if (node.isTextual()) {
      String text = node.textValue();
      if (text.isEmpty()) {
        return null;
      }
      if ("-".equals(text)) {
        return dash;
      }
      long value = JsonValues.digits(text, 18);
      if (value >= 0) {
        return value;
      }
    }
    fail(
        RejectReason.INVALID_NUMBER,
        mapping.pathOf(target)
            + " "
            + JsonValues.describe(node)
            + " is not a non-negative integer (up to 18 digits)");
    return null;
  }

  /** {@code event_duration} in its configured unit (default nanoseconds), as nanoseconds. */
  private Long duration() {
    JsonNode node = mapping.find(root, Target.EVENT_DURATION);
    if (node == null) {
      return null;
    }
    String unit = mapping.unit(Target.EVENT_DURATION, "ns");
    int digits = JsonFieldMapping.nanosDigits(unit);
    long nanos = -1;
    if (node.isNumber()) {
      nanos = JsonValues.scale(node, digits, RoundingMode.HALF_UP);
    } else if (node.isTextual()) {
      String text = node.textValue();
      if (text.isEmpty() || "-".equals(text)) {
        return null;
      }
      if ("ns".equals(unit)) {
        nanos = JsonValues.digits(text, 18);
      } else {
        long asSeconds = Timestamps.secondsToNanos(text, 0, text.length());
        long divisor = "s".equals(unit) ? 1 : "ms".equals(unit) ? 1_000 : 1_000_000;
        nanos = asSeconds < 0 ? -1 : asSeconds / divisor;
      }
    }
    if (nanos < 0) {
      fail(
          RejectReason.INVALID_NUMBER,
          mapping.pathOf(Target.EVENT_DURATION)
              + " "
              + JsonValues.describe(node)
              + " is not a non-negative duration in "
              + unit);
      return null;
    }
    return nanos;
  }

  /** The text of a string, number or boolean; null when absent, empty or {@code -}. */
  private String text(Target target) {
    JsonNode node = mapping.find(root, target);
    if (node == null) {
      return null;
    }
    if (node.isTextual()) {
      return EventFields.nullIfPlaceholder(node.textValue());
    }
    if (node.isValueNode()) {
      return node.toString();
    }
    fail(
        RejectReason.MALFORMED_FIELDS,
        mapping.pathOf(target) + " is a JSON " + node.getNodeType() + ", expected a string");
    return null;
  }

  private void missing(Target target) {
    fail(
        RejectReason.MISSING_REQUIRED_FIELD,
        mapping.code() + " line has no " + mapping.pathOf(target));
  }

  private void fail(RejectReason reason, String message) {
    if (failure == null) {
      failure = new ParseResult.Rejected(reason, message);
    }
  }
}
