package org.courseport.server.webhooks;

import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.delivery.EndpointUrlPolicy;
import org.courseport.server.net.FetchErrors;
import org.courseport.server.net.UrlGuard;

/**
 * Webhook URLs must be HTTPS, unless the operator allows plain HTTP for the URL's host ({@code
 * COURSEPORT_WEBHOOK_PLAIN_HTTP_HOSTS}: host names or IP literals, optionally {@code host:port}).
 * The SSRF guard still applies to every URL at send time.
 */
public final class PlainHttpRule implements EndpointUrlPolicy {
  /** Reason of a refused plain-HTTP URL. */
  public static final String HTTPS_REQUIRED = "WEBHOOK_HTTPS_REQUIRED";

  private final Set<String> plainHttpHosts;

  public PlainHttpRule(Collection<String> plainHttpHosts) {
    this.plainHttpHosts =
        plainHttpHosts.stream()
            .map(h -> h.trim().toLowerCase(Locale.ROOT))
            .filter(h -> !h.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public String check(String url) {
    URI uri = UrlGuard.parse(url);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw badUrl(uri, "must be https://host/…");
    }
    if (uri.getRawUserInfo() != null) {
      throw badUrl(uri, "cannot carry credentials");
    }
    if (scheme.equals("http") && !plainAllowed(uri)) {
      throw DomainException.invalid(
          HTTPS_REQUIRED,
          "Webhook URL '"
              + UrlGuard.display(uri)
              + "' must use https; plain http is allowed only for hosts the operator lists in"
              + " COURSEPORT_WEBHOOK_PLAIN_HTTP_HOSTS.");
    }
    return uri.toString();
  }

  private static DomainException badUrl(URI uri, String problem) {
    return DomainException.invalid(
        FetchErrors.BAD_URL, "Webhook URL '" + UrlGuard.display(uri) + "' " + problem + ".");
  }

  private boolean plainAllowed(URI uri) {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() == -1 ? 80 : uri.getPort();
    return plainHttpHosts.contains(host) || plainHttpHosts.contains(host + ":" + port);
  }
}
