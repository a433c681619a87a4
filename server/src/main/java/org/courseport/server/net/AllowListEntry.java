package org.courseport.server.net;

import java.net.InetAddress;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One operator allow-list entry: a host name (optionally {@code *.suffix}), an IP address or a CIDR
 * block, each optionally with {@code :port}. IPv6 forms with a port use brackets: {@code
 * [::1]:8080}, {@code [fd00::/8]:443}.
 *
 * @param host lower-case host name without trailing dot, or null for address entries
 * @param range address block, or null for host entries
 * @param port the only port allowed, or -1 for any port
 */
record AllowListEntry(String host, IpRange range, int port) {
  private static final Pattern HOST =
      Pattern.compile(
          "(\\*\\.)?[a-z0-9]([a-z0-9_-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9_-]*[a-z0-9])?)*");

  /** Parses one entry; throws IllegalArgumentException naming the entry when malformed. */
  static AllowListEntry parse(String raw) {
    String text = raw.trim();
    try {
      if (text.startsWith("[")) {
        int close = text.indexOf(']');
        if (close < 0) {
          throw new IllegalArgumentException("missing ']'");
        }
        int port = portAfter(text.substring(close + 1));
        return new AllowListEntry(null, IpRange.parse(text.substring(1, close)), port);
      }
      int colons = text.length() - text.replace(":", "").length();
      if (colons > 1) {
        return new AllowListEntry(null, IpRange.parse(text), -1);
      }
      int colon = text.indexOf(':');
      String target = colon < 0 ? text : text.substring(0, colon);
      int port = colon < 0 ? -1 : portAfter(text.substring(colon));
      return target(target, port);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid fetch allow-list entry '" + raw + "': " + e.getMessage(), e);
    }
  }

  private static AllowListEntry target(String target, int port) {
    if (target.contains("/") || IpRange.parseLiteral(target).isPresent()) {
      return new AllowListEntry(null, IpRange.parse(target), port);
    }
    String host = normalizeHost(target);
    if (!HOST.matcher(host).matches()) {
      throw new IllegalArgumentException("not a host name, IP address or CIDR block");
    }
    return new AllowListEntry(host, null, port);
  }

  private static int portAfter(String rest) {
    if (rest.isEmpty()) {
      return -1;
    }
    if (!rest.startsWith(":")) {
      throw new IllegalArgumentException("unexpected text after address: " + rest);
    }
    try {
      int port = Integer.parseInt(rest.substring(1));
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid port: " + rest.substring(1), e);
    }
  }

  /** Lower-cases a host name and drops a trailing dot. */
  static String normalizeHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  /** Whether this entry names the (host, address, port) triple. */
  boolean matches(String requestHost, InetAddress address, int requestPort) {
    if (port != -1 && port != requestPort) {
      return false;
    }
    if (range != null) {
      return range.contains(address);
    }
    String h = normalizeHost(requestHost);
    return host.startsWith("*.") ? h.endsWith(host.substring(1)) : h.equals(host);
  }
}
