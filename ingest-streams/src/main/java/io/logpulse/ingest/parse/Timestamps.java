package io.logpulse.ingest.parse;

/**
 * Hand-written, allocation-free, locale-independent timestamp parsers. Each returns UTC epoch
 * milliseconds (fractions below a millisecond are truncated towards the past) or, when the text is
 * invalid, one of the {@code INVALID_*} codes, which are all below {@link #LOWEST_VALID}; use
 * {@link #isValid(long)} and {@link #problem(long)}. Years are limited to 0000-9999, so valid
 * results are far above the codes and always within {@link java.time.Instant}'s range.
 */
final class Timestamps {

  /** The text does not have the expected layout. */
  static final long INVALID_LAYOUT = Long.MIN_VALUE;

  /** The month is not one of Jan..Dec (or 01..12). */
  static final long INVALID_MONTH = Long.MIN_VALUE + 1;

  /** The day does not exist in that month and year. */
  static final long INVALID_DAY = Long.MIN_VALUE + 2;

  /** Hour, minute or second is out of range (second 60 is rejected). */
  static final long INVALID_TIME = Long.MIN_VALUE + 3;

  /** The UTC offset is malformed or beyond +-18:00. */
  static final long INVALID_OFFSET = Long.MIN_VALUE + 4;

  /** An ISO-8601 date-time has no UTC offset, so its instant is unknown. */
  static final long MISSING_OFFSET = Long.MIN_VALUE + 5;

  /** Epoch seconds are not a non-negative decimal number within year 9999. */
  static final long INVALID_EPOCH = Long.MIN_VALUE + 6;

  /** Every valid result is at least this (0000-01-01T00:00:00Z minus 18 hours). */
  static final long LOWEST_VALID = -62_167_219_200_000L - 18 * 3_600_000L;

  private static final long MAX_EPOCH_SECONDS = 253_402_300_799L; // 9999-12-31T23:59:59Z

  private Timestamps() {}

  static boolean isValid(long result) {
    return result >= LOWEST_VALID;
  }

  /**
   * Describes an {@code INVALID_*} code for a rejection message.
   *
   * @param code a result for which {@link #isValid(long)} is false
   * @return a phrase completing "timestamp '...' ", never null
   */
  static String problem(long code) {
    if (code == INVALID_MONTH) {
      return "has a month that is not an English three-letter abbreviation Jan-Dec";
    } else if (code == INVALID_DAY) {
      return "names a day that does not exist in its month";
    } else if (code == INVALID_TIME) {
      return "has an hour, minute or second out of range";
    } else if (code == INVALID_OFFSET) {
      return "has an invalid UTC offset";
    } else if (code == MISSING_OFFSET) {
      return "has no UTC offset (Z or +hh:mm)";
    } else if (code == INVALID_EPOCH) {
      return "is not non-negative epoch seconds before year 10000";
    }
    return "does not have the expected layout";
  }

  /**
   * Parses the Common Log Format time, Apache {@code %t} / nginx {@code $time_local} without the
   * brackets: {@code dd/Mon/yyyy:HH:mm:ss +hhmm}, e.g. {@code 10/Oct/2000:13:55:36 -0700}, with
   * English month abbreviations whatever the JVM locale (Apache and nginx format it with the C
   * locale). Source: https://httpd.apache.org/docs/2.4/mod/mod_log_config.html#formats
   *
   * @param text the characters to read
   * @param from index of the first character, inclusive
   * @param to index after the last character, exclusive; {@code 0 <= from <= to <= length}
   * @return UTC epoch milliseconds, or an {@code INVALID_*} code
   */
  static long parseClf(CharSequence text, int from, int to) {
    if (to - from != 26
        || text.charAt(from + 2) != '/'
        || text.charAt(from + 6) != '/'
        || text.charAt(from + 11) != ':'
        || text.charAt(from + 14) != ':'
        || text.charAt(from + 17) != ':'
        || text.charAt(from + 20) != ' ') {
      return INVALID_LAYOUT;
    }
    int day = digits(text, from, 2);
    int month = englishMonth(text, from + 3);
    int year = digits(text, from + 7, 4);
    int hour = digits(text, from + 12, 2);
    int minute = digits(text, from + 15, 2);
    int second = digits(text, from + 18, 2);
    if (day < 0 || year < 0 || hour < 0 || minute < 0 || second < 0) {
      return INVALID_LAYOUT;
    }
    if (month < 0) {
      return INVALID_MONTH;
    }
    int offsetSeconds = offset(text, from + 21, to, false);
    if (offsetSeconds == Integer.MIN_VALUE) {
      return INVALID_OFFSET;
    }
    return toEpochMillis(year, month, day, hour, minute, second, 0, offsetSeconds);
  }

  /**
   * Parses an ISO-8601 / RFC 3339 date-time with a UTC offset: {@code
   * yyyy-MM-ddTHH:mm:ss[.f{1,}](Z|+hh:mm|+hhmm|+hh)}, e.g. nginx {@code $time_iso8601} {@code
   * 2022-09-01T22:12:45+00:00} or Traefik {@code 2021-12-08T14:02:43.464763557Z}. The separator may
   * be {@code T}, {@code t} or a space (RFC 3339 section 5.6); a fraction may use {@code .} or
   * {@code ,}. Source: RFC 3339, https://www.rfc-editor.org/rfc/rfc3339#section-5.6
   *
   * @param text the characters to read
   * @param from index of the first character, inclusive
   * @param to index after the last character, exclusive
   * @return UTC epoch milliseconds, or an {@code INVALID_*} / {@link #MISSING_OFFSET} code
   */
  static long parseIso(CharSequence text, int from, int to) {
    if (to - from < 19
        || text.charAt(from + 4) != '-'
        || text.charAt(from + 7) != '-'
        || text.charAt(from + 13) != ':'
        || text.charAt(from + 16) != ':') {
      return INVALID_LAYOUT;
    }
    char separator = text.charAt(from + 10);
    if (separator != 'T' && separator != 't' && separator != ' ') {
      return INVALID_LAYOUT;
    }
    int year = digits(text, from, 4);
    int month = digits(text, from + 5, 2);
    int day = digits(text, from + 8, 2);
    int hour = digits(text, from + 11, 2);
    int minute = digits(text, from + 14, 2);
    int second = digits(text, from + 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
      return INVALID_LAYOUT;
    }
    if (month < 1 || month > 12) {
      return INVALID_MONTH;
    }
    int position = from + 19;
    int millis = 0;
    if (position < to && (text.charAt(position) == '.' || text.charAt(position) == ',')) {
      int end = digitsEnd(text, position + 1, to);
      if (end == position + 1) {
        return INVALID_LAYOUT;
      }
      millis = (int) fraction(text, position + 1, end, 3);
      position = end;
    }
    if (position == to) {
      return MISSING_OFFSET;
    }
    int offsetSeconds = offset(text, position, to, true);
    if (offsetSeconds == Integer.MIN_VALUE) {
      return INVALID_OFFSET;
    }
    return toEpochMillis(year, month, day, hour, minute, second, millis, offsetSeconds);
  }

  /**
   * Parses non-negative epoch seconds written as a decimal, e.g. Caddy {@code ts} {@code
   * 1711741827.9626286} or nginx {@code $msec} {@code 1662070365.123}.
   *
   * @param text the characters to read
   * @param from index of the first character, inclusive
   * @param to index after the last character, exclusive
   * @return UTC epoch milliseconds, or {@link #INVALID_EPOCH}
   */
  static long parseEpochSeconds(CharSequence text, int from, int to) {
    long seconds = 0;
    int position = from;
    while (position < to && isDigit(text.charAt(position))) {
      seconds = seconds * 10 + (text.charAt(position) - '0');
      if (seconds > MAX_EPOCH_SECONDS) {
        return INVALID_EPOCH;
      }
      position++;
    }
    if (position == from) {
      return INVALID_EPOCH;
    }
    int millis = 0;
    if (position < to && text.charAt(position) == '.') {
      int end = digitsEnd(text, position + 1, to);
      if (end == position + 1) {
        return INVALID_EPOCH;
      }
      millis = (int) fraction(text, position + 1, end, 3);
      position = end;
    }
    return position == to ? seconds * 1000 + millis : INVALID_EPOCH;
  }

  /**
   * Converts a non-negative decimal number of seconds (e.g. nginx {@code $request_time} {@code
   * 0.001}, which has millisecond resolution) to nanoseconds; digits beyond the ninth decimal are
   * truncated.
   *
   * @return nanoseconds, or -1 when the text is not such a number or exceeds about 292 years
   */
  static long secondsToNanos(CharSequence text, int from, int to) {
    long seconds = 0;
    int position = from;
    while (position < to && isDigit(text.charAt(position))) {
      seconds = seconds * 10 + (text.charAt(position) - '0');
      if (seconds > 9_000_000_000L) {
        return -1;
      }
      position++;
    }
    if (position == from) {
      return -1;
    }
    long nanos = 0;
    if (position < to && text.charAt(position) == '.') {
      int end = digitsEnd(text, position + 1, to);
      if (end == position + 1) {
        return -1;
      }
      nanos = fraction(text, position + 1, end, 9);
      position = end;
    }
    return position == to ? seconds * 1_000_000_000L + nanos : -1;
  }

  private static long toEpochMillis(
      int year, int month, int day, int hour, int minute, int second, int millis, int offset) {
    if (day < 1 || day > daysInMonth(year, month)) {
      return INVALID_DAY;
    }
    if (hour > 23 || minute > 59 || second > 59) {
      return INVALID_TIME;
    }
    long epochDay = epochDay(year, month, day);
    long epochSecond = epochDay * 86_400L + hour * 3_600L + minute * 60L + second - offset;
    return epochSecond * 1000L + millis;
  }

  /**
   * Days since 1970-01-01 in the proleptic Gregorian calendar. Algorithm {@code days_from_civil}
   * from Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms",
   * https://howardhinnant.github.io/date_algorithms.html#days_from_civil
   */
  static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int monthFromMarch = month > 2 ? month - 3 : month + 9;
    int dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468L;
  }

  private static int daysInMonth(int year, int month) {
    switch (month) {
      case 2:
        boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return leap ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  /**
   * Reads a UTC offset from {@code from} to exactly {@code to}: {@code +hhmm} always; with {@code
   * iso} also {@code Z}, {@code z}, {@code +hh:mm} and {@code +hh}.
   *
   * @return offset in seconds east of UTC, or {@link Integer#MIN_VALUE} when invalid
   */
  private static int offset(CharSequence text, int from, int to, boolean iso) {
    int length = to - from;
    if (length <= 0) {
      return Integer.MIN_VALUE;
    }
    char sign = text.charAt(from);
    if (iso && length == 1 && (sign == 'Z' || sign == 'z')) {
      return 0;
    }
    if (sign != '+' && sign != '-') {
      return Integer.MIN_VALUE;
    }
    int hours;
    int minutes;
    if (length == 5) {
      hours = digits(text, from + 1, 2);
      minutes = digits(text, from + 3, 2);
    } else if (iso && length == 6 && text.charAt(from + 3) == ':') {
      hours = digits(text, from + 1, 2);
      minutes = digits(text, from + 4, 2);
    } else if (iso && length == 3) {
      hours = digits(text, from + 1, 2);
      minutes = 0;
    } else {
      return Integer.MIN_VALUE;
    }
    if (hours < 0 || minutes < 0 || hours > 18 || minutes > 59 || (hours == 18 && minutes > 0)) {
      return Integer.MIN_VALUE;
    }
    int seconds = hours * 3600 + minutes * 60;
    return sign == '-' ? -seconds : seconds;
  }

  /** Month 1-12 from an exact, case-sensitive English abbreviation at {@code at}, else -1. */
  static int englishMonth(CharSequence text, int at) {
    char first = text.charAt(at);
    char second = text.charAt(at + 1);
    char third = text.charAt(at + 2);
    switch (first) {
      case 'J':
        if (second == 'a' && third == 'n') {
          return 1;
        } else if (second == 'u' && third == 'n') {
          return 6;
        } else if (second == 'u' && third == 'l') {
          return 7;
        }
        return -1;
      case 'F':
        return second == 'e' && third == 'b' ? 2 : -1;
      case 'M':
        if (second == 'a' && third == 'r') {
          return 3;
        } else if (second == 'a' && third == 'y') {
          return 5;
        }
        return -1;
      case 'A':
        if (second == 'p' && third == 'r') {
          return 4;
        } else if (second == 'u' && third == 'g') {
          return 8;
        }
        return -1;
      case 'S':
        return second == 'e' && third == 'p' ? 9 : -1;
      case 'O':
        return second == 'c' && third == 't' ? 10 : -1;
      case 'N':
        return second == 'o' && third == 'v' ? 11 : -1;
      case 'D':
        return second == 'e' && third == 'c' ? 12 : -1;
      default:
        return -1;
    }
  }

  /** @return the index after the run of ASCII digits that starts at {@code from} */
  private static int digitsEnd(CharSequence text, int from, int to) {
    int position = from;
    while (position < to && isDigit(text.charAt(position))) {
      position++;
    }
    return position;
  }

  /**
   * The decimal fraction written by the digits {@code [from, end)}, in units of 10^-{@code
   * scaleDigits} (3: milliseconds, 9: nanoseconds); digits beyond {@code scaleDigits} are truncated.
   */
  private static long fraction(CharSequence text, int from, int end, int scaleDigits) {
    long value = 0;
    for (int index = from; index < from + scaleDigits; index++) {
      value = value * 10 + (index < end ? text.charAt(index) - '0' : 0);
    }
    return value;
  }

  /** Reads exactly {@code count} ASCII digits at {@code at}; -1 if any is not a digit. */
  private static int digits(CharSequence text, int at, int count) {
    int value = 0;
    for (int index = at; index < at + count; index++) {
      char c = text.charAt(index);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
