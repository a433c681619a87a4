package org.courseport.server.net;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Validates an outbound URL and resolves its host exactly once, checking every resolved address
 * against the {@link AddressPolicy}. Accepts only absolute {@code http}/{@code https} URLs with a
 * host and without user info.
 */
public final class UrlGuard {
  private final AddressPolicy policy;
  private final HostResolver resolver;

  public UrlGuard(AddressPolicy policy, HostResolver resolver) {
    this.policy = policy;
    this.resolver = resolver;
  }

  /** A guard using the JDK resolver. */
  public UrlGuard(AddressPolicy policy) {
    this(policy, HostResolver.system());
  }

  /**
   * Validates and resolves the URL.
   *
   * @throws org.courseport.server.domain.DomainException FETCH_BAD_URL, FETCH_FORBIDDEN_ADDRESS or
   *     FETCH_UNREACHABLE (host not found)
   */
  public FetchTarget resolve(String url) {
    return resolve(parse(url));
  }

  /** Validates and resolves an already parsed URL; see {@link #resolve(String)}. */
  public FetchTarget resolve(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String shown = display(uri);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw FetchErrors.badUrl(shown, "only http and https URLs can be fetched");
    }
    if (uri.getRawUserInfo() != null) {
      throw FetchErrors.badUrl(shown, "URLs must not contain user info (credentials)");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw FetchErrors.badUrl(shown, "the URL has no valid host");
    }
    boolean tls = scheme.equals("https");
    int defaultPort = tls ? 443 : 80;
    int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
    String host = stripBrackets(uri.getHost());
    List<InetAddress> addresses = addresses(shown, host);
    for (InetAddress address : addresses) {
      policy.check(shown, host, address, port, defaultPort);
    }
    return new FetchTarget(uri, host, port, tls, addresses);
  }

  /** Parses a URL string; throws FETCH_BAD_URL when it is not a valid absolute URI. */
  public static URI parse(String url) {
    if (url == null || url.isBlank()) {
      throw FetchErrors.badUrl("(empty)", "a URL is required");
    }
    try {
      URI uri = new URI(url.trim());
      if (!uri.isAbsolute() || uri.isOpaque()) {
        throw FetchErrors.badUrl(url, "the URL must be absolute");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw FetchErrors.badUrl(url, "malformed URL (" + e.getReason() + ")");
    }
  }

  /** The URL without user info, query or fragment, for messages, logs and records. */
  public static String display(URI uri) {
    if (uri.getHost() == null) {
      return uri.getScheme() + ":" + Optional.ofNullable(uri.getRawPath()).orElse("");
    }
    String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return uri.getScheme() + "://" + uri.getHost() + port + path;
  }

  private List<InetAddress> addresses(String shown, String host) {
    Optional<InetAddress> literal = IpRange.parseLiteral(host);
    if (literal.isPresent()) {
      return List.of(literal.get());
    }
    try {
      List<InetAddress> resolved = resolver.resolve(host);
      if (resolved.isEmpty()) {
        throw new UnknownHostException(host);
      }
      return resolved.stream().map(IpRange::normalize).toList();
    } catch (UnknownHostException e) {
      throw FetchErrors.unreachable(shown, "host " + host + " could not be resolved");
    }
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
