package org.courseport.server.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A block of IPv4 or IPv6 addresses in CIDR form, such as {@code 10.0.0.0/8} or {@code fc00::/7}.
 */
public final class IpRange {
  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final byte[] network;
  private final int prefixLength;

  private IpRange(byte[] network, int prefixLength) {
    this.network = network;
    this.prefixLength = prefixLength;
  }

  /**
   * Parses {@code address/prefix} or a single address (a /32 or /128 block). Never consults DNS.
   *
   * @throws IllegalArgumentException when the text is not an IP literal or the prefix is invalid
   */
  public static IpRange parse(String text) {
    int slash = text.indexOf('/');
    String addressPart = slash < 0 ? text : text.substring(0, slash);
    InetAddress address =
        parseLiteral(addressPart)
            .orElseThrow(() -> new IllegalArgumentException("not an IP address: " + addressPart));
    byte[] bytes = address.getAddress();
    int max = bytes.length * 8;
    int prefix = slash < 0 ? max : parsePrefix(text.substring(slash + 1), max);
    return new IpRange(mask(bytes, prefix), prefix);
  }

  /**
   * Parses an IPv4 dotted-quad or an IPv6 literal (brackets allowed) without any DNS lookup;
   * IPv4-mapped IPv6 literals come back as IPv4 addresses.
   */
  public static Optional<InetAddress> parseLiteral(String text) {
    String s =
        text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (IPV4_LITERAL.matcher(s).matches()) {
      return parseV4(s);
    }
    if (s.indexOf(':') < 0 || !s.matches("[0-9A-Fa-f:.]+")) {
      return Optional.empty();
    }
    try {
      // A string with a colon is parsed by the JDK as an IPv6 literal, never looked up in DNS.
      return Optional.of(normalize(InetAddress.getByName(s)));
    } catch (java.net.UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static Optional<InetAddress> parseV4(String s) {
    String[] parts = s.split("\\.");
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int octet = Integer.parseInt(parts[i]);
      if (octet > 255) {
        return Optional.empty();
      }
      bytes[i] = (byte) octet;
    }
    return Optional.of(v4(bytes));
  }

  /** Turns an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) into its IPv4 address. */
  public static InetAddress normalize(InetAddress address) {
    if (address instanceof Inet6Address) {
      byte[] b = address.getAddress();
      boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
      for (int i = 0; i < 10 && mapped; i++) {
        mapped = b[i] == 0;
      }
      if (mapped) {
        return v4(Arrays.copyOfRange(b, 12, 16));
      }
    }
    return address;
  }

  /** Builds an IPv4 address from four bytes. */
  static InetAddress v4(byte[] four) {
    try {
      return InetAddress.getByAddress(four);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException("four bytes are always a valid IPv4 address", e);
    }
  }

  /** Whether the address (normalized) lies in this block; IPv4 never matches IPv6 blocks. */
  public boolean contains(InetAddress address) {
    byte[] bytes = normalize(address).getAddress();
    return bytes.length == network.length && Arrays.equals(mask(bytes, prefixLength), network);
  }

  public int prefixLength() {
    return prefixLength;
  }

  private static int parsePrefix(String text, int max) {
    try {
      int prefix = Integer.parseInt(text);
      if (prefix < 0 || prefix > max) {
        throw new IllegalArgumentException("prefix length out of range 0.." + max + ": " + text);
      }
      return prefix;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid prefix length: " + text, e);
    }
  }

  private static byte[] mask(byte[] bytes, int prefix) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      int bits = Math.max(0, Math.min(8, prefix - i * 8));
      int m = bits == 0 ? 0 : (0xff << (8 - bits)) & 0xff;
      out[i] = (byte) (bytes[i] & m);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpRange r
        && r.prefixLength == prefixLength
        && Arrays.equals(r.network, network);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(network) * 31 + prefixLength;
  }

  @Override
  public String toString() {
    InetAddress a = network.length == 4 ? v4(network) : v6(network);
    return a.getHostAddress() + "/" + prefixLength;
  }

  private static InetAddress v6(byte[] sixteen) {
    try {
      return Inet6Address.getByAddress(null, sixteen, -1);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
