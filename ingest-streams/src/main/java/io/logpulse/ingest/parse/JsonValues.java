package io.logpulse.ingest.parse;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Number and message helpers shared by the JSON line parsers. */
final class JsonValues {

  private static final int MAX_JSON_ERROR_CHARS = 200;

  private JsonValues() {}

  /**
   * Returns a JSON number times {@code 10^decimals}, rounded to an integer, or -1 when it is
   * negative, not finite or the result would not stay below 10^18. A float is taken at the shortest
   * decimal that reads back as the same double ({@link BigDecimal#valueOf(double)}), so {@code
   * 0.000033987} seconds gives exactly 33987 ns. The magnitude is checked before scaling.
   */
  static long scale(JsonNode number, int decimals, RoundingMode rounding) {
    BigDecimal value;
    if (number.isIntegralNumber()) {
      value = number.canConvertToLong() ? BigDecimal.valueOf(number.longValue()) : null;
    } else {
      double floating = number.doubleValue();
      value = Double.isFinite(floating) ? BigDecimal.valueOf(floating) : null;
    }
    if (value == null || value.signum() < 0) {
      return -1;
    }
    if (value.signum() == 0) {
      return 0;
    }
    long integerDigits = (long) value.precision() - value.scale();
    if (integerDigits > 18 - decimals) {
      return -1;
    }
    if (integerDigits < -decimals) {
      return 0; // below 10^-(decimals + 1): rounds to zero both ways
    }
    return value.movePointRight(decimals).setScale(0, rounding).longValue();
  }

  /** Parses 1..{@code maxDigits} ASCII digits; -1 otherwise. */
  static long digits(String text, int maxDigits) {
    int length = text.length();
    if (length == 0 || length > maxDigits) {
      return -1;
    }
    long value = 0;
    for (int index = 0; index < length; index++) {
      char c = text.charAt(index);
      if (!Timestamps.isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  static String describe(JsonNode node) {
    String json = node.toString();
    return Messages.excerpt(json, 0, json.length());
  }

  /** Describes a Jackson error; {@code columnOffset} maps columns back to the whole line. */
  static String jsonErrorMessage(JsonProcessingException e, int columnOffset) {
    String detail = e.getOriginalMessage();
    if (detail == null || detail.isBlank()) {
      detail = e.getClass().getSimpleName();
    }
    int newline = detail.indexOf('\n');
    if (newline >= 0) {
      detail = detail.substring(0, newline);
    }
    if (detail.length() > MAX_JSON_ERROR_CHARS) {
      detail = detail.substring(0, MAX_JSON_ERROR_CHARS) + "...";
    }
    JsonLocation location = e.getLocation();
    String where = location == null ? "" : " at column " + (location.getColumnNr() + columnOffset);
    return "invalid JSON" + where + ": " + detail;
  }
}
