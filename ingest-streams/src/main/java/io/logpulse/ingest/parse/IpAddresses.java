package io.logpulse.ingest.parse;

/**
 * Recognises IP address literals by hand, without DNS and without {@link java.net.InetAddress}, and
 * writes them in canonical text form.
 */
public final class IpAddresses {

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
  public static String canonicalOrNull(String text) {
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
   * Returns the address bytes of an IP literal accepted by {@link #canonicalOrNull}.
   *
   * @param text candidate text, may be null
   * @return 4 bytes for IPv4, 16 for IPv6 (IPv4-mapped addresses included), network byte order;
   *     null when {@code text} is not an IP literal
   */
  public static byte[] toBytes(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return null;
    }
    int[] groups = new int[8];
    if (text.indexOf(':') < 0) {
      if (!ipv4(text, 0, text.length(), groups)) {
        return null;
      }
      return new byte[] {
        (byte) (groups[6] >>> 8), (byte) groups[6], (byte) (groups[7] >>> 8), (byte) groups[7]
      };
    }
    if (!ipv6(text, groups)) {
      return null;
    }
    byte[] address = new byte[16];
    for (int group = 0; group < 8; group++) {
      address[2 * group] = (byte) (groups[group] >>> 8);
      address[2 * group + 1] = (byte) groups[group];
    }
    return address;
  }

  /**
   * Writes address bytes in the canonical text form of {@link #canonicalOrNull}.
   *
   * @param address 4 bytes (IPv4) or 16 bytes (IPv6), network byte order
   * @return dotted quad or RFC 5952 text
   * @throws IllegalArgumentException when {@code address} is neither 4 nor 16 bytes long
   */
  public static String format(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xff)
          + "."
          + (address[1] & 0xff)
          + "."
          + (address[2] & 0xff)
          + "."
          + (address[3] & 0xff);
    }
    if (address.length != 16) {
      throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + address.length);
    }
    int[] groups = new int[8];
    for (int group = 0; group < 8; group++) {
      groups[group] = ((address[2 * group] & 0xff) << 8) | (address[2 * group + 1] & 0xff);
    }
    return formatIpv6(groups);
  }

  /**
   * Returns the canonical IP of a client field that may carry a port: an IP literal, {@code
   * a.b.c.d:port}, {@code [v6]:port} or {@code [v6]}.
   *
   * @param address the client field as logged; may be null
   * @return the canonical IP without port (see {@link #canonicalOrNull}), or null
   */
  public static String withoutPortOrNull(String address) {
    String canonical = canonicalOrNull(address);
    if (canonical != null || address == null || address.length() < 3) {
      return canonical;
    }
    if (address.charAt(0) == '[') {
      int close = address.indexOf(']');
      if (close < 0 || (close + 1 < address.length() && !isPort(address, close + 1))) {
        return null;
      }
      return canonicalOrNull(address.substring(1, close));
    }
    int colon = address.indexOf(':');
    if (colon > 0 && address.indexOf(':', colon + 1) < 0 && isPort(address, colon)) {
      return canonicalOrNull(address.substring(0, colon));
    }
    return null;
  }

  /** {@code :} followed by 1 to 5 digits up to the end of {@code text}. */
  private static boolean isPort(String text, int colon) {
    int digits = text.length() - colon - 1;
    if (text.charAt(colon) != ':' || digits < 1 || digits > 5) {
      return false;
    }
    for (int index = colon + 1; index < text.length(); index++) {
      if (!Timestamps.isDigit(text.charAt(index))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns ECS {@code client.ip}: the first entry of an X-Forwarded-For list ({@code ,}-separated,
   * entries may carry a port) that is a globally routable IP address (see {@link #isGlobal}), else
   * {@code sourceIp}.
   *
   * @param forwardedFor the header as logged; may be null
   * @param sourceIp the canonical source IP; may be null
   * @return a canonical IP, or null when neither gives one
   */
  static String clientIp(String forwardedFor, String sourceIp) {
    if (forwardedFor == null) {
      return sourceIp;
    }
    int length = forwardedFor.length();
    int start = 0;
    while (start < length) {
      int comma = forwardedFor.indexOf(',', start);
      int end = comma < 0 ? length : comma;
      String entry = forwardedFor.substring(start, end).trim();
      String ip = withoutPortOrNull(entry);
      if (ip != null && isGlobal(ip)) {
        return ip;
      }
      start = end + 1;
    }
    return sourceIp;
  }

  /**
   * True when {@code text} is an IP literal outside every special-purpose block that is not
   * globally reachable, per the IANA IPv4 and IPv6 Special-Purpose Address Registries
   * (https://www.iana.org/assignments/iana-ipv4-special-registry/, RFC 6890) and RFC 6598 (CGNAT):
   * IPv4 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.0.0/24, 192.0.2/24, 192.88.99/24,
   * 192.168/16, 198.18/15, 198.51.100/24, 203.0.113/24, 224/4 (multicast), 240/4; IPv6 everything
   * outside 2000::/3 (loopback, unspecified, unique-local fc00::/7, link-local fe80::/10,
   * multicast, discard 100::/64) except IPv4-mapped ::ffff:0:0/96 and NAT64 64:ff9b::/96, which
   * are judged by their IPv4 address, plus 2001::/23 (IETF protocol assignments, Teredo),
   * documentation 2001:db8::/32 and 3fff::/20, and 6to4 2002::/16.
   *
   * @param text an IP literal in any accepted form; may be null
   * @return false for null, non-IP text and special-purpose addresses
   */
  static boolean isGlobal(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return false;
    }
    int[] groups = new int[8];
    if (text.indexOf(':') < 0) {
      return ipv4(text, 0, text.length(), groups) && isGlobalIpv4((groups[6] << 16) | groups[7]);
    }
    if (!ipv6(text, groups)) {
      return false;
    }
    boolean zeroMiddle = groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0;
    if ((groups[0] == 0 && zeroMiddle && groups[5] == 0xffff)
        || (groups[0] == 0x64
            && groups[1] == 0xff9b
            && groups[2] == 0
            && groups[3] == 0
            && groups[4] == 0
            && groups[5] == 0)) {
      return isGlobalIpv4((groups[6] << 16) | groups[7]);
    }
    if ((groups[0] & 0xe000) != 0x2000) {
      return false;
    }
    boolean ietf = groups[0] == 0x2001 && groups[1] < 0x200;
    boolean documentation =
        (groups[0] == 0x2001 && groups[1] == 0xdb8) || (groups[0] == 0x3fff && groups[1] < 0x1000);
    return !ietf && !documentation && groups[0] != 0x2002;
  }

  private static final int[][] NON_GLOBAL_IPV4 = {
    {0x00000000, 8}, {0x0a000000, 8}, {0x64400000, 10}, {0x7f000000, 8}, {0xa9fe0000, 16},
    {0xac100000, 12}, {0xc0000000, 24}, {0xc0000200, 24}, {0xc0586300, 24}, {0xc0a80000, 16},
    {0xc6120000, 15}, {0xc6336400, 24}, {0xcb007100, 24}, {0xe0000000, 4}, {0xf0000000, 4},
  };

  private static boolean isGlobalIpv4(int address) {
    for (int[] block : NON_GLOBAL_IPV4) {
      int mask = -1 << (32 - block[1]);
      if ((address & mask) == block[0]) {
        return false;
      }
    }
    return true;
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
