package org.courseport.server.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Classifies addresses that a server-side fetch must not reach by default: loopback, private,
 * link-local, multicast, reserved, documentation and benchmark blocks, and IPv6 forms that embed
 * such an IPv4 address (mapped, NAT64, 6to4). Every IPv6 address outside the global unicast block
 * 2000::/3 is refused too.
 */
public final class SpecialAddresses {
  private static final Map<IpRange, String> V4 = new LinkedHashMap<>();
  private static final Map<IpRange, String> V6 = new LinkedHashMap<>();
  private static final IpRange NAT64 = IpRange.parse("64:ff9b::/96");
  private static final IpRange SIX_TO_FOUR = IpRange.parse("2002::/16");
  private static final IpRange GLOBAL_UNICAST = IpRange.parse("2000::/3");

  static {
    v4("0.0.0.0/8", "this-network/unspecified");
    v4("10.0.0.0/8", "private");
    v4("100.64.0.0/10", "shared address space (CGNAT)");
    v4("127.0.0.0/8", "loopback");
    v4("169.254.0.0/16", "link-local (includes cloud metadata)");
    v4("172.16.0.0/12", "private");
    v4("192.0.0.0/24", "IETF protocol assignments");
    v4("192.0.2.0/24", "documentation");
    v4("192.88.99.0/24", "6to4 relay anycast");
    v4("192.168.0.0/16", "private");
    v4("198.18.0.0/15", "benchmarking");
    v4("198.51.100.0/24", "documentation");
    v4("203.0.113.0/24", "documentation");
    v4("224.0.0.0/4", "multicast");
    v4("240.0.0.0/4", "reserved/broadcast");
    v6("::/128", "unspecified");
    v6("::1/128", "loopback");
    v6("::/96", "IPv4-compatible (deprecated)");
    v6("64:ff9b:1::/48", "local-use NAT64");
    v6("100::/64", "discard-only");
    v6("2001::/32", "Teredo");
    v6("2001:2::/48", "benchmarking");
    v6("2001:10::/28", "ORCHID");
    v6("2001:20::/28", "ORCHIDv2");
    v6("2001:db8::/32", "documentation");
    v6("3fff::/20", "documentation");
    v6("fc00::/7", "unique-local");
    v6("fe80::/10", "link-local");
    v6("fec0::/10", "site-local (deprecated)");
    v6("ff00::/8", "multicast");
  }

  private SpecialAddresses() {}

  private static void v4(String cidr, String label) {
    V4.put(IpRange.parse(cidr), label);
  }

  private static void v6(String cidr, String label) {
    V6.put(IpRange.parse(cidr), label);
  }

  /**
   * Returns why the address is not publicly routable (for example {@code "loopback"}), or empty for
   * an ordinary public unicast address.
   */
  public static Optional<String> classify(InetAddress address) {
    InetAddress a = IpRange.normalize(address);
    if (a instanceof Inet4Address) {
      return lookup(V4, a);
    }
    byte[] b = a.getAddress();
    if (NAT64.contains(a)) {
      return embedded(Arrays.copyOfRange(b, 12, 16), "NAT64");
    }
    if (SIX_TO_FOUR.contains(a)) {
      return embedded(Arrays.copyOfRange(b, 2, 6), "6to4");
    }
    Optional<String> special = lookup(V6, a);
    if (special.isEmpty() && !GLOBAL_UNICAST.contains(a)) {
      return Optional.of("reserved (outside global unicast 2000::/3)");
    }
    return special;
  }

  /** Whether the address is an ordinary public unicast address. */
  public static boolean isPublic(InetAddress address) {
    return classify(address).isEmpty();
  }

  private static Optional<String> embedded(byte[] four, String form) {
    return lookup(V4, IpRange.v4(four)).map(label -> label + " (embedded in " + form + " address)");
  }

  private static Optional<String> lookup(Map<IpRange, String> table, InetAddress a) {
    return table.entrySet().stream()
        .filter(e -> e.getKey().contains(a))
        .map(Map.Entry::getValue)
        .findFirst();
  }
}
