package org.courseport.server.packaging.support;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Launch-path arithmetic for manifests: xml:base, item parameters, normalisation. */
public final class Hrefs {
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:");

  private Hrefs() {}

  /**
   * Whether {@code href} has a URL scheme ({@code http:}, {@code javascript:}); a drive letter does
   * not count.
   */
  public static boolean hasScheme(String href) {
    return SCHEME.matcher(href).find();
  }

  /**
   * Whether {@code href} is an absolute http(s) URL, the only absolute URLs a course may launch.
   */
  public static boolean isWebUrl(String href) {
    String lower = href.toLowerCase(Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://");
  }

  /** {@code href} resolved against {@code base} the way LMSs treat xml:base: as a folder. */
  public static String withBase(String base, String href) {
    if (base.isEmpty() || hasScheme(href)) {
      return href;
    }
    return base.endsWith("/") ? base + href : base + "/" + href;
  }

  /**
   * Joins item parameters to a launch href as SCORM CAM describes: leading {@code ?}/{@code &}
   * dropped, {@code ?} or {@code &} chosen by whether the href already has a query, the query kept
   * in front of any fragment, a {@code #fragment} parameter appended only when none exists.
   */
  public static String withParameters(String href, String parameters) {
    String p = parameters.trim();
    if (p.isEmpty()) {
      return href;
    }
    int hash = href.indexOf('#');
    String path = hash < 0 ? href : href.substring(0, hash);
    String fragment = hash < 0 ? "" : href.substring(hash);
    if (p.startsWith("#")) {
      return fragment.isEmpty() ? href + p : href;
    }
    while (p.startsWith("?") || p.startsWith("&")) {
      p = p.substring(1);
    }
    if (p.isEmpty()) {
      return href;
    }
    return path + (path.contains("?") ? "&" : "?") + p + fragment;
  }

  /** The file part of an href: without query and fragment. */
  public static String filePart(String href) {
    int end = href.length();
    int q = href.indexOf('?');
    int h = href.indexOf('#');
    if (q >= 0) {
      end = q;
    }
    if (h >= 0 && h < end) {
      end = h;
    }
    return href.substring(0, end);
  }

  /**
   * A package-relative path with {@code .} and {@code ..} segments resolved and backslashes kept
   * for the archive to repair; empty when the path is absolute or climbs out of the package.
   */
  public static Optional<String> normalise(String path) {
    if (path.startsWith("/") || path.startsWith("\\") || path.matches("^[A-Za-z]:.*")) {
      return Optional.empty();
    }
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : path.split("/", -1)) {
      if (segment.equals(".") || (segment.isEmpty() && !segments.isEmpty())) {
        continue;
      }
      if (segment.equals("..") || segment.equals("%2e%2e") || segment.equalsIgnoreCase("%2E%2E")) {
        if (segments.isEmpty()) {
          return Optional.empty();
        }
        segments.removeLast();
      } else {
        segments.addLast(segment);
      }
    }
    return Optional.of(String.join("/", segments));
  }
}
