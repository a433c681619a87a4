package org.courseport.server.domain.media;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.courseport.server.domain.DomainException;

/**
 * Credit for a media item (Unsplash and similar sources require it), copied into lesson export
 * manifests. Each part may be null.
 */
public record Attribution(String text, String url, String portfolioUrl) {

  /** Whether no part is given. */
  public boolean isEmpty() {
    return blank(text) && blank(url) && blank(portfolioUrl);
  }

  /** Longest credit line. */
  public static final int MAX_TEXT = 1000;

  /** Longest URL. */
  public static final int MAX_URL = 2048;

  /**
   * The attribution with blank parts as null, or null when it is empty. The text is at most {@link
   * #MAX_TEXT} characters; the URLs must be absolute http(s) URLs (they end up as links in export
   * manifests), else INVALID_ARGUMENT ATTRIBUTION_INVALID naming the field.
   */
  public static Attribution normalize(Attribution a) {
    if (a == null || a.isEmpty()) {
      return null;
    }
    String text = trimmed(a.text);
    if (text != null && text.length() > MAX_TEXT) {
      throw invalid("attribution text is longer than " + MAX_TEXT + " characters");
    }
    return new Attribution(text, link("url", a.url), link("portfolioUrl", a.portfolioUrl));
  }

  private static String link(String field, String value) {
    String url = trimmed(value);
    if (url == null) {
      return null;
    }
    if (url.length() > MAX_URL) {
      throw invalid("attribution " + field + " is longer than " + MAX_URL + " characters");
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return url;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw invalid("attribution " + field + " '" + url + "' is not an absolute http(s) URL");
  }

  private static DomainException invalid(String why) {
    return DomainException.invalid("ATTRIBUTION_INVALID", "Invalid attribution: the " + why + ".");
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String trimmed(String s) {
    return blank(s) ? null : s.trim();
  }
}
