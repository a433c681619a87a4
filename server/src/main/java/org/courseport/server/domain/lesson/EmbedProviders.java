package org.courseport.server.domain.lesson;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The hosts embed blocks may point at. A URL is allowed when it is https, has no user info and its
 * host is a listed host or a subdomain of one ({@code youtube.com} allows {@code www.youtube.com}).
 */
public final class EmbedProviders {

  /** Environment variable with the comma-separated hosts that replace the defaults. */
  public static final String ENV = "COURSEPORT_EMBED_PROVIDERS";

  /** The default providers: YouTube (with its no-cookie domain) and the Vimeo player. */
  public static final List<String> DEFAULTS =
      List.of("youtube.com", "youtube-nocookie.com", "player.vimeo.com");

  private final List<String> hosts;

  public EmbedProviders(List<String> hosts) {
    this.hosts =
        hosts.stream()
            .map(h -> h.trim().toLowerCase(Locale.ROOT))
            .filter(h -> !h.isEmpty())
            .toList();
  }

  /** The providers named by {@value #ENV}, else {@link #DEFAULTS}. */
  public static EmbedProviders fromEnvironment(Map<String, String> env) {
    String value = env.get(ENV);
    if (value == null || value.isBlank()) {
      return new EmbedProviders(DEFAULTS);
    }
    return new EmbedProviders(Arrays.asList(value.split(",")));
  }

  public List<String> hosts() {
    return hosts;
  }

  /** Whether the URL may be embedded. */
  public boolean allows(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return false;
    }
    if (!"https".equalsIgnoreCase(uri.getScheme())
        || uri.getRawUserInfo() != null
        || uri.getHost() == null) {
      return false;
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return hosts.stream().anyMatch(h -> host.equals(h) || host.endsWith("." + h));
  }
}
