package org.courseport.server.packaging.zip;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.courseport.server.domain.packaging.Finding;

/** Summarises the entry-name repairs made while scanning: one warning per kind of repair. */
final class NameFindings {
  private NameFindings() {}

  static void report(List<ScannedEntry> scanned, Consumer<Finding> findings) {
    summarise(
        scanned,
        e -> e.nameSource() == EntryNameDecoder.Source.GUESSED_UTF8,
        findings,
        "zip.name-encoding",
        "entry name(s) are not flagged as UTF-8 in the zip; they were " + "read as UTF-8");
    summarise(
        scanned,
        e -> e.nameSource() == EntryNameDecoder.Source.CP437,
        findings,
        "zip.name-encoding",
        "entry name(s) are neither flagged nor valid UTF-8; they were "
            + "read as CP437 (DOS), check that accented names look right");
    summarise(
        scanned,
        e -> e.normalized().backslashes(),
        findings,
        "zip.path.backslash",
        "entry name(s) use '\\' as separator; it was read as '/'");
    summarise(
        scanned,
        e -> e.normalized().dotSegments(),
        findings,
        "zip.path.normalized",
        "entry name(s) contain '.', '..' or empty segments; they were normalised");
  }

  private static void summarise(
      List<ScannedEntry> scanned,
      Predicate<ScannedEntry> affected,
      Consumer<Finding> findings,
      String rule,
      String message) {
    long count = scanned.stream().filter(affected).count();
    Optional<ScannedEntry> first = scanned.stream().filter(affected).findFirst();
    first.ifPresent(
        e ->
            findings.accept(
                Finding.warning(
                    rule,
                    e.path(),
                    count + " " + message + " (first: '" + EntryPaths.shorten(e.name()) + "')")));
  }
}
