package io.logpulse.ingest.enrich;

/**
 * IP address literals as bytes and back, by hand: no DNS, no {@link java.net.InetAddress} parsing.
 *
 * <p>Accepted: IPv4 dotted quads of decimal octets without leading zeros (RFC 3986 {@code
 * dec-octet}); IPv6 text forms of RFC 4291 section 2.2 including {@code ::} and a trailing dotted
 * quad, without zone index or brackets. Written: IPv4 dotted quad; IPv6 in RFC 5952 section 4 form
 * (lower case, no leading zeros, the longest run of two or more zero groups, the first on ties,
 * as {@code ::}; IPv4-mapped {@code ::ffff:0:0/96} with a dotted quad).
 */
final class IpLiterals {

  private IpLiterals() {}

  /**
   * The address bytes of a literal.
   *
   * @param text candidate text, may be null
   * @return 4 bytes for IPv4, 16 for IPv6, or null when {@code text} is not a literal
   */
  static byte[] parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return null;
    }
    if (text.indexOf(':') < 0) {
      byte[] address = new byte[4];
      return ipv4(text, 0, text.length(), address, 0) ? address : null;
    }
    return ipv6(text);
  }

  /**
   * Keeps the first {@code prefixBits} bits of an address and zeroes the rest.
   *
   * @param address 4 or 16 bytes, not modified
   * @param prefixBits 0 to {@code 8 * address.length}
   * @return a new array
   */
  static byte[] truncate(byte[] address, int prefixBits) {
    byte[] result = address.clone();
    for (int bit = prefixBits; bit < result.length * 8; bit++) {
      result[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return result;
  }

  /**
   * The canonical text of an address.
   *
   * @param address 4 or 16 bytes
   * @return dotted quad or RFC 5952 text
   */
  static String format(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "."
          + (address[3] & 0xff);
    }
    int[] groups = new int[8];
    for (int index = 0; index < 8; index++) {
      groups[index] = ((address[2 * index] & 0xff) << 8) | (address[2 * index + 1] & 0xff);
    }
    boolean mapped = true;
    for (int index = 0; index < 5; index++) {
      mapped &= groups[index] == 0;
    }
    if (mapped && groups[5] == 0xffff) {
      return "::ffff:" + (address[12] & 0xff) + "." + (address[13] & 0xff) + "."
          + (address[14] & 0xff) + "." + (address[15] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int index = 0; index < 8; ) {
      int end = index;
      while (end < 8 && groups[end] == 0) {
        end++;
      }
      if (end - index > bestLength) {
        bestStart = index;
        bestLength = end - index;
      }
      index = end == index ? index + 1 : end;
    }
    StringBuilder out = new StringBuilder(39);
    for (int index = 0; index < 8; index++) {
      if (index == bestStart) {
        out.append("::");
        index += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[index]));
    }
    return out.toString();
  }

  private static boolean ipv4(String text, int from, int to, byte[] out, int offset) {
    int octets = 0;
    int value = 0;
    int digits = 0;
    for (int index = from; index <= to; index++) {
      char c = index < to ? text.charAt(index) : '.';
      if (c == '.') {
        if (digits == 0 || octets == 4) {
          return false;
        }
        out[offset + octets++] = (byte) value;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) {
          return false; // leading zero
        }
        value = value * 10 + (c - '0');
        digits++;
        if (value > 255) {
          return false;
        }
      } else {
        return false;
      }
    }
    return octets == 4;
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  private static byte[] ipv6(String text) {
    byte[] address = new byte[16];
    int[] groups = new int[8];
    int count = 0;
    int gap = -1; // index in groups where '::' stands
    int length = text.length();
    int index = 0;
    if (text.startsWith("::")) {
      gap = 0;
      index = 2;
      if (length == 2) {
        return address;
      }
    } else if (text.charAt(0) == ':') {
      return null;
    }
    boolean ipv4Tail = false;
    while (index < length) {
      int end = index;
      while (end < length && text.charAt(end) != ':') {
        end++;
      }
      if (end == index) {
        return null; // ':::' or a single ':' at the end
      }
      if (end == length && text.lastIndexOf('.', end) > index) {
        if (count > 6 || !ipv4(text, index, end, address, 12)) {
          return null;
        }
        ipv4Tail = true;
        index = end;
        break;
      }
      if (end - index > 4 || count == 8) {
        return null;
      }
      int value = 0;
      for (int position = index; position < end; position++) {
        int digit = hexDigit(text.charAt(position));
        if (digit < 0) {
          return null;
        }
        value = (value << 4) | digit;
      }
      groups[count++] = value;
      if (end == length) {
        index = end;
        break;
      }
      if (end + 1 < length && text.charAt(end + 1) == ':') {
        if (gap >= 0) {
          return null; // a second '::'
        }
        gap = count;
        index = end + 2;
      } else if (end + 1 == length) {
        return null; // trailing single ':'
      } else {
        index = end + 1;
      }
    }
    int total = count + (ipv4Tail ? 2 : 0);
    if (gap < 0 ? total != 8 : total > 7) {
      return null;
    }
    int tailGroups = count - Math.max(gap, 0);
    for (int group = 0; group < count; group++) {
      int target = gap >= 0 && group >= gap ? 8 - (ipv4Tail ? 2 : 0) - tailGroups + (group - gap) : group;
      address[2 * target] = (byte) (groups[group] >>> 8);
      address[2 * target + 1] = (byte) groups[group];
    }
    return address;
  }
}
