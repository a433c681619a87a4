package org.courseport.server.packaging.zip;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.courseport.server.domain.packaging.Finding;

/**
 * Resolves the paths manifests use to files: exact, then without {@code ./}, query and fragment and
 * with '/' for '\', then percent-decoded, then ignoring case and Unicode normalisation. Each repair
 * other than the first is reported; nothing resolves outside the package root.
 */
final class PathResolver {
  private static final PackageLayout.File AMBIGUOUS = new PackageLayout.File(null, null);

  private final Map<String, PackageLayout.File> exact;
  private final Consumer<Finding> findings;
  private Map<String, PackageLayout.File> folded; // guarded by this; built at the first need

  PathResolver(Map<String, PackageLayout.File> exact, Consumer<Finding> findings) {
    this.exact = exact;
    this.findings = findings;
  }

  /**
   * The files by case- and normalisation-folded path. Built only when a reference misses every
   * exact form: most packages never need it, and it would cost an entry per file.
   */
  private synchronized Map<String, PackageLayout.File> folded() {
    if (folded == null) {
      folded = new HashMap<>();
      exact.forEach((path, file) -> folded.merge(fold(path), file, (a, b) -> AMBIGUOUS));
    }
    return folded;
  }

  Optional<PackageLayout.File> resolve(String reference) {
    if (reference == null || reference.isEmpty()) {
      return Optional.empty();
    }
    PackageLayout.File hit = exact.get(reference);
    if (hit != null) {
      return Optional.of(hit);
    }
    String slashed = stripQueryAndFragment(reference).replace('\\', '/');
    Optional<String> cleaned = EntryPaths.normalizeReference(slashed);
    if (cleaned.isEmpty()) {
      return Optional.empty();
    }
    hit = exact.get(cleaned.get());
    if (hit != null) {
      return found(
          hit,
          reference,
          slashed.equals(stripQueryAndFragment(reference)) ? null : "zip.path.backslash",
          "uses '\\' as separator");
    }
    Optional<String> decoded = percentDecode(cleaned.get()).flatMap(EntryPaths::normalizeReference);
    hit = decoded.map(exact::get).orElse(null);
    if (hit != null) {
      return found(hit, reference, "zip.path.percent-encoded", "is percent-encoded");
    }
    hit = folded().get(fold(decoded.orElse(cleaned.get())));
    if (hit != null && hit != AMBIGUOUS) {
      return found(hit, reference, "zip.path.case", "differs in letter case from the file name");
    }
    return Optional.empty();
  }

  private Optional<PackageLayout.File> found(
      PackageLayout.File hit, String reference, String rule, String what) {
    if (rule != null) {
      findings.accept(
          Finding.warning(
              rule,
              hit.entry().path(),
              "The reference '"
                  + EntryPaths.shorten(reference)
                  + "' "
                  + what
                  + "; it was resolved to '"
                  + hit.entry().path()
                  + "'"));
    }
    return Optional.of(hit);
  }

  private static String stripQueryAndFragment(String reference) {
    int cut = reference.length();
    int query = reference.indexOf('?');
    int fragment = reference.indexOf('#');
    if (query >= 0) {
      cut = query;
    }
    if (fragment >= 0 && fragment < cut) {
      cut = fragment;
    }
    return reference.substring(0, cut);
  }

  private static String fold(String path) {
    return Normalizer.normalize(path, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
  }

  /** Decodes %XX escapes as UTF-8 ('+' stays '+'); empty when absent or malformed. */
  static Optional<String> percentDecode(String text) {
    if (text.indexOf('%') < 0) {
      return Optional.empty();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < utf8.length; i++) {
      if (utf8[i] == '%') {
        if (i + 2 >= utf8.length) {
          return Optional.empty();
        }
        int high = Character.digit(utf8[i + 1], 16);
        int low = Character.digit(utf8[i + 2], 16);
        if (high < 0 || low < 0) {
          return Optional.empty();
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else {
        bytes.write(utf8[i]);
      }
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
