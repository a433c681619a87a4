package org.courseport.server.packaging.cmi5;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** AU URL rules of cmi5 (sections 8.1 and 13.1.4): syntax, schemes, reserved launch parameters. */
final class Cmi5Urls {
  /** Query parameters the LMS adds at launch; an AU URL must not carry them itself. */
  static final Set<String> RESERVED =
      Set.of("endpoint", "fetch", "actor", "activityid", "registration");

  private Cmi5Urls() {}

  /** Why {@code url} is not a usable AU URL, or empty when it is. */
  static Optional<String> problem(String url) {
    if (url.chars().anyMatch(Character::isWhitespace)) {
      return Optional.of("contains white space; percent-encode spaces as %20");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("is not a valid URL (" + e.getReason() + ")");
    }
    if (uri.isAbsolute()) {
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return Optional.of("uses the scheme '" + scheme + ":'; AUs must be http(s) or relative");
      }
    }
    return reservedParameter(uri.getRawQuery())
        .map(p -> "carries the launch parameter '" + p + "', which the LMS adds itself");
  }

  private static Optional<String> reservedParameter(String query) {
    if (query == null) {
      return Optional.empty();
    }
    for (String pair : query.split("&")) {
      String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
      if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code url} is relative, i.e. names a file of the package. */
  static boolean isRelative(String url) {
    try {
      return !new URI(url).isAbsolute();
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** Whether {@code id} is an absolute IRI, as cmi5 requires of every id. */
  static boolean isIri(String id) {
    try {
      return !id.isEmpty() && new URI(id).isAbsolute();
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
