package org.courseport.server.domain.media;

/**
 * Credit for a media item (Unsplash and similar sources require it), copied into lesson export
 * manifests. Each part may be null.
 */
public record Attribution(String text, String url, String portfolioUrl) {

  /** Whether no part is given. */
  public boolean isEmpty() {
    return blank(text) && blank(url) && blank(portfolioUrl);
  }

  /** The attribution with blank parts as null, or null when it is empty. */
  public static Attribution normalize(Attribution a) {
    if (a == null || a.isEmpty()) {
      return null;
    }
    return new Attribution(trimmed(a.text), trimmed(a.url), trimmed(a.portfolioUrl));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String trimmed(String s) {
    return blank(s) ? null : s.trim();
  }
}
