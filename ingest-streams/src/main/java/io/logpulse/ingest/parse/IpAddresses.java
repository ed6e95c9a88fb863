package io.logpulse.ingest.parse;

/**
 * Recognises IP address literals by hand, without DNS and without {@link java.net.InetAddress}, and
 * writes them in canonical text form.
 */
final class IpAddresses {

  private IpAddresses() {}

  /**
   * Returns the canonical form of an IP literal, or null when {@code text} is not one.
   *
   * <ul>
   *   <li>IPv4: dotted quad of decimal octets 0-255 without leading zeros (RFC 3986 {@code
   *       dec-octet}, https://www.rfc-editor.org/rfc/rfc3986#section-3.2.2); returned unchanged.
   *   <li>IPv6: RFC 4291 section 2.2 text forms, including {@code ::} and a trailing dotted quad;
   *       returned in RFC 5952 form (lowercase, no leading zeros, the longest run of two or more
   *       zero groups, the first on ties, written {@code ::}; IPv4-mapped addresses as {@code
   *       ::ffff:a.b.c.d}), https://www.rfc-editor.org/rfc/rfc5952#section-4. Zone indices ({@code
   *       %eth0}) and brackets are not accepted.
   * </ul>
   *
   * @param text candidate text, may be null
   * @return the canonical literal, or null
   */
  static String canonicalOrNull(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return null;
    }
    if (text.indexOf(':') < 0) {
      return ipv4(text, 0, text.length(), null) ? text : null;
    }
    int[] groups = new int[8];
    if (!ipv6(text, groups)) {
      return null;
    }
    return formatIpv6(groups);
  }

  /**
   * Checks for a dotted-quad IPv4 literal in {@code text[from, to)}, optionally storing its value
   * as two 16-bit groups into {@code groups[6]} and {@code groups[7]}.
   */
  private static boolean ipv4(String text, int from, int to, int[] groups) {
    int octets = 0;
    int value = 0;
    int digitCount = 0;
    int address = 0;
    for (int index = from; index <= to; index++) {
      char c = index < to ? text.charAt(index) : '.';
      if (c == '.') {
        if (digitCount == 0 || octets == 4) {
          return false;
        }
        address = (address << 8) | value;
        octets++;
        value = 0;
        digitCount = 0;
      } else if (c >= '0' && c <= '9') {
        if (digitCount > 0 && value == 0) {
          return false; // leading zero
        }
        value = value * 10 + (c - '0');
        digitCount++;
        if (value > 255) {
          return false;
        }
      } else {
        return false;
      }
    }
    if (octets != 4) {
      return false;
    }
    if (groups != null) {
      groups[6] = (address >>> 16) & 0xffff;
      groups[7] = address & 0xffff;
    }
    return true;
  }

  private static boolean ipv6(String text, int[] groups) {
    int length = text.length();
    int[] head = new int[8];
    int[] tail = new int[8];
    int headCount = 0;
    int tailCount = 0;
    boolean compressed = false;
    int index = 0;
    if (text.startsWith("::")) {
      compressed = true;
      index = 2;
      if (index == length) {
        return true; // "::", all zero
      }
    } else if (text.charAt(0) == ':') {
      return false;
    }
    while (index < length) {
      int groupStart = index;
      int value = 0;
      while (index < length && hexValue(text.charAt(index)) >= 0) {
        value = (value << 4) | hexValue(text.charAt(index));
        index++;
        if (index - groupStart > 4) {
          break;
        }
      }
      int groupLength = index - groupStart;
      boolean atEnd = index == length;
      if (!atEnd && text.charAt(index) == '.') {
        // trailing dotted quad, occupying the last two groups
        int[] ipv4Groups = new int[8];
        if (!ipv4(text, groupStart, length, ipv4Groups)) {
          return false;
        }
        int count = headCount + tailCount + 2;
        if (count > 8 || (!compressed && count != 8)) {
          return false;
        }
        if (compressed) {
          tail[tailCount++] = ipv4Groups[6];
          tail[tailCount++] = ipv4Groups[7];
        } else {
          head[headCount++] = ipv4Groups[6];
          head[headCount++] = ipv4Groups[7];
        }
        index = length;
        break;
      }
      if (groupLength == 0 || groupLength > 4) {
        return false;
      }
      if (headCount + tailCount == 8) {
        return false;
      }
      if (compressed) {
        tail[tailCount++] = value;
      } else {
        head[headCount++] = value;
      }
      if (atEnd) {
        break;
      }
      if (text.charAt(index) != ':') {
        return false;
      }
      index++;
      if (index < length && text.charAt(index) == ':') {
        if (compressed) {
          return false; // a second "::"
        }
        compressed = true;
        index++;
        if (index == length) {
          break;
        }
      } else if (index == length) {
        return false; // trailing single ':'
      }
    }
    int total = headCount + tailCount;
    if (compressed ? total > 7 : total != 8) {
      return false;
    }
    System.arraycopy(head, 0, groups, 0, headCount);
    System.arraycopy(tail, 0, groups, 8 - tailCount, tailCount);
    return true;
  }

  private static String formatIpv6(int[] groups) {
    boolean mapped =
        groups[0] == 0
            && groups[1] == 0
            && groups[2] == 0
            && groups[3] == 0
            && groups[4] == 0
            && groups[5] == 0xffff;
    if (mapped) {
      return "::ffff:"
          + (groups[6] >>> 8)
          + '.'
          + (groups[6] & 0xff)
          + '.'
          + (groups[7] >>> 8)
          + '.'
          + (groups[7] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int start = 0; start < 8; start++) {
      int end = start;
      while (end < 8 && groups[end] == 0) {
        end++;
      }
      if (end - start > bestLength) {
        bestStart = start;
        bestLength = end - start;
      }
      if (end > start) {
        start = end;
      }
    }
    StringBuilder builder = new StringBuilder(39);
    for (int index = 0; index < 8; index++) {
      if (index == bestStart) {
        builder.append("::");
        index += bestLength - 1;
        continue;
      }
      if (builder.length() > 0 && builder.charAt(builder.length() - 1) != ':') {
        builder.append(':');
      }
      builder.append(Integer.toHexString(groups[index]));
    }
    return builder.toString();
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    } else if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
