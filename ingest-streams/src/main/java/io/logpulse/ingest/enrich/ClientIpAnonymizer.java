package io.logpulse.ingest.enrich;

import io.logpulse.ingest.parse.IpAddresses;
import io.logpulse.schemas.AccessEvent;

/**
 * Truncates client addresses: IPv4 to its /24 network ({@code 203.0.113.77} becomes {@code
 * 203.0.113.0}), IPv6 to its /48 ({@code 2001:db8:1:2::5} becomes {@code 2001:db8:1::}), written
 * in canonical form (see {@code source_ip}). An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d})
 * is truncated as IPv4, to {@code ::ffff:a.b.c.0}. These are the prefixes of Google Analytics' IP
 * anonymisation (last IPv4 octet and last 80 IPv6 bits set to zero).
 *
 * <ul>
 *   <li>{@code source_ip} and {@code client_ip}: truncated; null stays null.
 *   <li>{@code source_address}: truncated when it is an IP literal, {@code ip:port} or {@code
 *       [v6]:port} (port dropped) or an address list (each IP entry); anything else (a host name
 *       from Apache {@code HostnameLookups}, {@code unix:}, {@code -}) is left as logged. A host
 *       name can still identify a client: turn reverse look-ups off on the web server.
 *   <li>{@code http_request_header_x_forwarded_for}: rewritten to the truncated addresses of its
 *       entries that are IP literals (an entry may carry a port, {@code 1.2.3.4:80} or {@code
 *       [2001:db8::1]:443}; the port is dropped), joined by {@code ", "}, in order; other entries
 *       ({@code unknown}, RFC 7239 obfuscated identifiers) are dropped, since they carry nothing
 *       useful once addresses are truncated. Null when no entry is an IP literal. The field is then
 *       no longer "exactly as logged"; the tag below says so.
 *   <li>the tag {@value #TAG} is added to every event this step sees.
 * </ul>
 *
 * <p><b>Order:</b> run it after {@link GeoIpEnricher} (which needs the full address) and after
 * anything else that reads addresses. {@code event_original}, when kept, still holds the raw line:
 * configure the ingest service not to keep it when anonymising. Immutable and thread-safe.
 */
public final class ClientIpAnonymizer implements EventEnricher {

  /** The ECS tag added to every event this step has processed. */
  public static final String TAG = "client_ip_anonymized";

  /** Prefix kept of an IPv4 address, in bits. */
  public static final int IPV4_PREFIX_BITS = 24;

  /** Prefix kept of an IPv6 address, in bits. */
  public static final int IPV6_PREFIX_BITS = 48;

  private static final int MAX_FORWARDED_ENTRIES = 32;

  /** Creates the step; it has no settings. */
  public ClientIpAnonymizer() {}

  @Override
  public void enrich(AccessEvent event) {
    event.setSourceIp(truncateOrNull(event.getSourceIp()));
    event.setClientIp(truncateOrNull(event.getClientIp()));
    event.setSourceAddress(truncateAddress(event.getSourceAddress()));
    event.setHttpRequestHeaderXForwardedFor(
        truncateForwardedFor(event.getHttpRequestHeaderXForwardedFor()));
    Tags.add(event, TAG);
  }

  /**
   * Truncates a client field as logged: an IP literal, {@code ip:port} or {@code [v6]:port} (the
   * port is dropped with the host bits) or an address list (each entry, as for X-Forwarded-For).
   * Anything else (a host name, {@code unix:}, {@code -}) is returned unchanged: it holds no IP.
   */
  static String truncateAddress(String sourceAddress) {
    if (sourceAddress == null) {
      return null;
    }
    String truncated = truncateOrNull(IpAddresses.withoutPortOrNull(sourceAddress));
    if (truncated != null) {
      return truncated;
    }
    if (sourceAddress.indexOf(',') > 0) {
      String list = truncateForwardedFor(sourceAddress);
      return list != null ? list : sourceAddress;
    }
    return sourceAddress;
  }

  /**
   * The truncated canonical form of an IP literal.
   *
   * @param text an address text, may be null
   * @return the truncated address, or null when {@code text} is null or not an IP literal
   */
  public static String truncateOrNull(String text) {
    byte[] address = IpAddresses.toBytes(text);
    if (address == null) {
      return null;
    }
    int bits;
    if (address.length == 4) {
      bits = IPV4_PREFIX_BITS;
    } else if (isIpv4Mapped(address)) {
      bits = 96 + IPV4_PREFIX_BITS;
    } else {
      bits = IPV6_PREFIX_BITS;
    }
    return IpAddresses.format(truncate(address, bits));
  }

  /** Keeps the first {@code prefixBits} bits of a copy of {@code address}, zeroing the rest. */
  private static byte[] truncate(byte[] address, int prefixBits) {
    byte[] result = address.clone();
    for (int bit = prefixBits; bit < result.length * 8; bit++) {
      result[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return result;
  }

  /** Truncated X-Forwarded-For list, or null; at most {@value #MAX_FORWARDED_ENTRIES} entries. */
  static String truncateForwardedFor(String header) {
    if (header == null) {
      return null;
    }
    StringBuilder out = null;
    int entries = 0;
    int start = 0;
    while (start <= header.length() && entries < MAX_FORWARDED_ENTRIES) {
      int comma = header.indexOf(',', start);
      int end = comma < 0 ? header.length() : comma;
      String truncated = truncateOrNull(withoutPort(header.substring(start, end).trim()));
      if (truncated != null) {
        if (out == null) {
          out = new StringBuilder(header.length());
        } else {
          out.append(", ");
        }
        out.append(truncated);
        entries++;
      }
      if (comma < 0) {
        break;
      }
      start = comma + 1;
    }
    return out == null ? null : out.toString();
  }

  /** {@code [v6]:port} and {@code [v6]} to {@code v6}; {@code a.b.c.d:port} to {@code a.b.c.d}. */
  private static String withoutPort(String entry) {
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      return close < 0 ? entry : entry.substring(1, close);
    }
    int colon = entry.indexOf(':');
    if (colon > 0 && entry.indexOf(':', colon + 1) < 0 && entry.indexOf('.') > 0) {
      return entry.substring(0, colon);
    }
    return entry;
  }

  private static boolean isIpv4Mapped(byte[] address) {
    for (int index = 0; index < 10; index++) {
      if (address[index] != 0) {
        return false;
      }
    }
    return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
  }
}
