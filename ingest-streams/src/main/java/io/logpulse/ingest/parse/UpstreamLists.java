package io.logpulse.ingest.parse;

/**
 * Reads nginx upstream lists such as {@code $upstream_status} = {@code "502, 504 : 200"} and {@code
 * $upstream_response_time} = {@code "0.001, 0.002 : 0.120"}. nginx separates the servers tried
 * within one upstream group by {@code ", "} and the groups of successive internal redirects by
 * {@code " : "}; an entry is {@code -} when that server was not reached. Source:
 * https://nginx.org/en/docs/http/ngx_http_upstream_module.html#var_upstream_addr
 */
final class UpstreamLists {

  private UpstreamLists() {}

  /**
   * Returns the last entry of a status list when it is a status code 100-599.
   *
   * @param statuses the list as logged; may be null
   * @return the last status, or null when the list is null, empty, {@code -}, or its last entry is
   *     not a number in 100-599
   */
  static Integer lastStatus(String statuses) {
    if (statuses == null) {
      return null;
    }
    int end = statuses.length();
    while (end > 0 && isSeparator(statuses.charAt(end - 1))) {
      end--;
    }
    int start = end;
    while (start > 0 && !isSeparator(statuses.charAt(start - 1))) {
      start--;
    }
    if (end - start != 3) {
      return null;
    }
    int value = 0;
    for (int index = start; index < end; index++) {
      char c = statuses.charAt(index);
      if (c < '0' || c > '9') {
        return null;
      }
      value = value * 10 + (c - '0');
    }
    return value >= 100 && value <= 599 ? value : null;
  }

  /**
   * Sums the numeric entries of a time list given in seconds (with a fraction, as nginx logs
   * them), ignoring {@code -} and anything else that is not a non-negative decimal number.
   *
   * @param seconds the list as logged; may be null
   * @return the sum in nanoseconds, or null when no entry is numeric or the sum exceeds {@link
   *     Long#MAX_VALUE}
   */
  static Long sumNanos(String seconds) {
    if (seconds == null) {
      return null;
    }
    long total = 0;
    boolean any = false;
    int length = seconds.length();
    int index = 0;
    while (index < length) {
      while (index < length && isSeparator(seconds.charAt(index))) {
        index++;
      }
      int start = index;
      while (index < length && !isSeparator(seconds.charAt(index))) {
        index++;
      }
      if (index > start) {
        long nanos = Timestamps.secondsToNanos(seconds, start, index);
        if (nanos >= 0) {
          if (nanos > Long.MAX_VALUE - total) {
            return null; // a sum beyond about 292 years is not a duration
          }
          total += nanos;
          any = true;
        }
      }
    }
    return any ? total : null;
  }

  private static boolean isSeparator(char c) {
    return c == ',' || c == ':' || c == ' ';
  }
}
