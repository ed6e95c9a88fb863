package io.logpulse.analytics.detect;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What detection state is kept for: a service, a client IP address, or a client network. Encoded as
 * one string ({@code <kind letter>|<value>}) so the Spark adapter can group by it.
 */
public final class EntityKey {

  /** The kinds of entity, with the alert entity type each reports. */
  public enum Kind {
    SERVICE('s', "service.name"),
    CLIENT_IP('i', "source.ip"),
    /** A /24 (IPv4) or /48 (IPv6) network, reported as {@code source.ip} in CIDR notation. */
    CLIENT_NETWORK('n', "source.ip");

    final char letter;
    public final String entityType;

    Kind(char letter, String entityType) {
      this.letter = letter;
      this.entityType = entityType;
    }
  }

  private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  public final Kind kind;
  public final String value;

  private EntityKey(Kind kind, String value) {
    this.kind = kind;
    this.value = value;
  }

  /** @return the encoded key */
  public String encode() {
    return kind.letter + "|" + value;
  }

  /**
   * @throws IllegalArgumentException for a string {@link #encode} did not make
   */
  public static EntityKey decode(String key) {
    if (key.length() >= 2 && key.charAt(1) == '|') {
      for (Kind kind : Kind.values()) {
        if (kind.letter == key.charAt(0)) {
          return new EntityKey(kind, key.substring(2));
        }
      }
    }
    throw new IllegalArgumentException("not an entity key: " + key);
  }

  /**
   * @param serviceName the event's {@code service.name}; null when absent
   * @param sourceIp the event's {@code source.ip}; null when absent
   * @return the encoded keys the event counts for: its service, its client address and its
   *     client network (those that exist)
   */
  public static List<String> keysOf(String serviceName, String sourceIp) {
    List<String> keys = new ArrayList<>(3);
    if (serviceName != null) {
      keys.add(new EntityKey(Kind.SERVICE, serviceName).encode());
    }
    if (sourceIp != null) {
      keys.add(new EntityKey(Kind.CLIENT_IP, sourceIp).encode());
      String network = networkOf(sourceIp);
      if (network != null) {
        keys.add(new EntityKey(Kind.CLIENT_NETWORK, network).encode());
      }
    }
    return keys;
  }

  /**
   * @param ip an IPv4 or IPv6 address literal
   * @return its /24 (IPv4) or /48 (IPv6) network in CIDR notation, e.g. {@code 203.0.113.0/24},
   *     {@code 2001:db8:1::/48}; null when {@code ip} is not an address literal
   */
  public static String networkOf(String ip) {
    if (!IP_LITERAL.matcher(ip).matches()) {
      return null; // never let InetAddress resolve a host name
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(ip).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
    if (bytes.length == 4) {
      return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0/24";
    }
    StringBuilder network = new StringBuilder();
    for (int group = 0; group < 3; group++) {
      int value = ((bytes[2 * group] & 0xff) << 8) | (bytes[2 * group + 1] & 0xff);
      network.append(Integer.toHexString(value)).append(':');
    }
    return network.append(":/48").toString();
  }
}
