package org.courseport.server.packaging.zip;

import java.util.Map;
import org.courseport.server.domain.DomainException;

/**
 * The stable reasons with which a package zip is refused; every refusal is a {@link
 * DomainException} of kind {@code INVALID_ARGUMENT} whose metadata names the {@code rule} and the
 * {@code entry} concerned.
 */
public final class ZipRefusal {
  /** Not a zip, truncated or corrupt data (CRC, sizes), overlapping entries. */
  public static final String INVALID = "ZIP_INVALID";

  /** A {@link ZipLimits} limit was exceeded (entries, sizes, ratio, depth, name length). */
  public static final String LIMIT_EXCEEDED = "ZIP_LIMIT_EXCEEDED";

  /** An entry name escapes the package root, is absolute, has a NUL, or is a symlink. */
  public static final String UNSAFE_PATH = "ZIP_UNSAFE_PATH";

  /** An entry is encrypted. */
  public static final String ENCRYPTED = "ZIP_ENCRYPTED";

  /** An entry uses a compression method other than stored, deflated or deflate64. */
  public static final String UNSUPPORTED_METHOD = "ZIP_UNSUPPORTED_METHOD";

  /** Two entries have the same path but different content. */
  public static final String DUPLICATE_ENTRY = "ZIP_DUPLICATE_ENTRY";

  private ZipRefusal() {}

  static DomainException refuse(String reason, String rule, String entry, String message) {
    String text = entry.isEmpty() ? message : "Zip entry '" + entry + "': " + message;
    return new DomainException(
        DomainException.Kind.INVALID_ARGUMENT,
        reason,
        text + " [" + rule + "]",
        Map.of("rule", rule, "entry", entry));
  }
}
