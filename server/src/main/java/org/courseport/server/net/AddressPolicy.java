package org.courseport.server.net;

import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.courseport.server.config.ServerConfig;
import org.courseport.server.domain.DomainException;

/**
 * Decides whether a server-side request (package fetch, postback) may connect to an address.
 *
 * <p>Refused by default: every address that {@link SpecialAddresses} classifies (loopback, private,
 * link-local, CGNAT, multicast, reserved, documentation, ...) and every port other than the
 * scheme's default. An operator allow-list entry ({@code COURSEPORT_FETCH_ALLOW}) that names the
 * host, or an IP/CIDR containing the address, and either no port or exactly the port, allows the
 * connection anyway.
 */
public final class AddressPolicy {
  /** Stable reason of every refusal. */
  public static final String FORBIDDEN = "FETCH_FORBIDDEN_ADDRESS";

  private final List<AllowListEntry> allowList;

  private AddressPolicy(List<AllowListEntry> allowList) {
    this.allowList = List.copyOf(allowList);
  }

  /** A policy with an empty allow-list: only public addresses on default ports. */
  public static AddressPolicy strict() {
    return new AddressPolicy(List.of());
  }

  /**
   * A policy with the given allow-list entries (blank entries are skipped).
   *
   * @throws IllegalArgumentException naming the first malformed entry
   */
  public static AddressPolicy withAllowList(Collection<String> entries) {
    return new AddressPolicy(
        entries.stream().filter(e -> !e.isBlank()).map(AllowListEntry::parse).toList());
  }

  /** The policy configured by {@link ServerConfig#fetchAllowList()}. */
  public static AddressPolicy fromConfig(ServerConfig config) {
    return withAllowList(config.fetchAllowList());
  }

  /**
   * Why a connection to {@code address:port} for {@code host} is refused, or empty when allowed.
   *
   * @param host the host as written in the URL (name or literal)
   * @param defaultPort the default port of the URL's scheme
   */
  public Optional<String> refusal(String host, InetAddress address, int port, int defaultPort) {
    if (isAllowListed(host, address, port)) {
      return Optional.empty();
    }
    Optional<String> special = SpecialAddresses.classify(address);
    if (special.isPresent()) {
      return Optional.of(address.getHostAddress() + " is " + special.get());
    }
    if (port != defaultPort) {
      return Optional.of("port " + port + " is not the scheme's default port");
    }
    return Optional.empty();
  }

  /** Whether the connection is allowed; see {@link #refusal}. */
  public boolean isAllowed(String host, InetAddress address, int port, int defaultPort) {
    return refusal(host, address, port, defaultPort).isEmpty();
  }

  /**
   * Throws {@code FETCH_FORBIDDEN_ADDRESS} (PERMISSION_DENIED) naming the URL and host when the
   * connection is refused.
   */
  public void check(String url, String host, InetAddress address, int port, int defaultPort) {
    Optional<String> why = refusal(host, address, port, defaultPort);
    if (why.isPresent()) {
      throw new DomainException(
          DomainException.Kind.PERMISSION_DENIED,
          FORBIDDEN,
          "Refusing to connect to "
              + url
              + ": host "
              + host
              + " resolves to a forbidden target ("
              + why.get()
              + "); an operator can allow it with COURSEPORT_FETCH_ALLOW",
          Map.of("url", url, "host", host, "address", address.getHostAddress()));
    }
  }

  /** Whether an allow-list entry names the host or address together with the port. */
  public boolean isAllowListed(String host, InetAddress address, int port) {
    return allowList.stream().anyMatch(e -> e.matches(host, address, port));
  }
}
