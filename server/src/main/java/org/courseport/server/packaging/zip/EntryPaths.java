package org.courseport.server.packaging.zip;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.regex.Pattern;

/** Turns zip entry names and manifest references into safe, relative, '/'-separated paths. */
final class EntryPaths {
  /** A safe entry path and the repairs that produced it. */
  record Normalized(String path, boolean directory, boolean backslashes, boolean dotSegments) {
    int depth() {
      return path.isEmpty() ? 0 : (int) path.chars().filter(c -> c == '/').count() + 1;
    }
  }

  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*", Pattern.DOTALL);

  private EntryPaths() {}

  /** Normalises an entry name or refuses it with ZIP_UNSAFE_PATH or ZIP_LIMIT_EXCEEDED. */
  static Normalized normalizeEntry(String name, int rawLength, ZipLimits limits) {
    if (name.indexOf('\0') >= 0) {
      throw unsafe("zip.path.nul", name, "the name contains a NUL character");
    }
    if (rawLength > limits.maxNameBytes()) {
      throw ZipRefusal.refuse(
          ZipRefusal.LIMIT_EXCEEDED,
          "zip.limit.name-length",
          shorten(name),
          "the name has " + rawLength + " bytes, more than the limit of " + limits.maxNameBytes());
    }
    String slashed = name.replace('\\', '/');
    if (slashed.startsWith("/")) {
      throw unsafe("zip.path.absolute", name, "absolute paths are not allowed");
    }
    if (DRIVE.matcher(slashed).matches()) {
      throw unsafe("zip.path.drive-letter", name, "paths with a drive letter are not allowed");
    }
    String resolved = resolveSegments(slashed);
    if (resolved == null) {
      throw unsafe("zip.path.traversal", name, "'..' leads outside the package");
    }
    boolean directory = slashed.endsWith("/");
    Normalized result =
        new Normalized(
            resolved,
            directory,
            !slashed.equals(name),
            !resolved.equals(directory ? stripTrailingSlash(slashed) : slashed));
    if (result.depth() > limits.maxPathDepth()) {
      throw ZipRefusal.refuse(
          ZipRefusal.LIMIT_EXCEEDED,
          "zip.limit.path-depth",
          shorten(name),
          "the path is "
              + result.depth()
              + " levels deep, more than the limit of "
              + limits.maxPathDepth());
    }
    if (resolved.isEmpty() && !directory) {
      throw unsafe("zip.path.empty", name, "the name designates no file");
    }
    return result;
  }

  /**
   * Normalises a reference made by a manifest ('/'-separated); empty when it is absolute, has a
   * drive letter or NUL, or leads outside the root.
   */
  static Optional<String> normalizeReference(String reference) {
    if (reference.isEmpty()
        || reference.indexOf('\0') >= 0
        || reference.startsWith("/")
        || DRIVE.matcher(reference).matches()) {
      return Optional.empty();
    }
    String resolved = resolveSegments(reference);
    return resolved == null || resolved.isEmpty() ? Optional.empty() : Optional.of(resolved);
  }

  /** Removes empty and '.' segments and applies '..'; null when '..' climbs above the root. */
  static String resolveSegments(String slashed) {
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : slashed.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (segments.isEmpty()) {
          return null;
        }
        segments.removeLast();
      } else {
        segments.addLast(segment);
      }
    }
    return String.join("/", segments);
  }

  private static String stripTrailingSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static RuntimeException unsafe(String rule, String name, String message) {
    return ZipRefusal.refuse(ZipRefusal.UNSAFE_PATH, rule, shorten(name), message);
  }

  /** Keeps messages readable when a hostile name is megabytes long. */
  static String shorten(String name) {
    String printable = name.replace('\0', '\uFFFD');
    return printable.length() <= 200 ? printable : printable.substring(0, 200) + "...";
  }
}
