package org.courseport.server.net;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/**
 * A validated URL whose host was resolved once and whose every address passed the {@link
 * AddressPolicy}; connections go to these addresses only (the host is never resolved again).
 *
 * @param uri the URL
 * @param host the host as written (brackets removed from IPv6 literals)
 * @param port the explicit port or the scheme's default
 * @param tls whether the scheme is https
 * @param addresses the checked addresses, in the order to try them
 */
public record FetchTarget(
    URI uri, String host, int port, boolean tls, List<InetAddress> addresses) {
  public FetchTarget {
    addresses = List.copyOf(addresses);
  }

  /** The URL without query or fragment, for messages and logs (queries may carry secrets). */
  public String display() {
    return UrlGuard.display(uri);
  }

  /** The request target: raw path (or {@code /}) and raw query. */
  public String pathAndQuery() {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }
}
