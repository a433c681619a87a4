package org.courseport.server.packaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.courseport.server.packaging.archive.PackageArchive;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;
import org.courseport.server.packaging.support.Findings;

/**
 * Finds the manifest that describes a package. When several kinds are present the choice is fixed:
 * cmi5.xml, then imsmanifest.xml, then tincan.xml, then AICC course files.
 */
final class ManifestLocator {
  /** The manifest kinds, in order of precedence. */
  enum Kind {
    CMI5("cmi5.xml"),
    IMS("imsmanifest.xml"),
    TINCAN("tincan.xml"),
    AICC("AICC course files (.crs, .au)");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** The chosen manifest: for AICC, the .crs file. */
  record Choice(Kind kind, ArchiveEntry entry) {}

  private ManifestLocator() {}

  static Optional<Choice> locate(PackageArchive archive, Findings findings) {
    List<Choice> found = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      Optional<ArchiveEntry> entry =
          kind == Kind.AICC ? rootFileWithExtension(archive, ".crs") : archive.find(kind.label);
      entry.ifPresent(e -> found.add(new Choice(kind, e)));
    }
    if (found.isEmpty()) {
      findings.error("manifest.missing", "", missingMessage(archive));
      return Optional.empty();
    }
    Choice chosen = found.get(0);
    if (found.size() > 1) {
      findings.warning(
          "manifest.multiple",
          chosen.entry().path(),
          "The package contains "
              + String.join(" and ", found.stream().map(c -> c.entry().path()).toList())
              + "; it was imported as "
              + chosen.kind().label
              + ", which takes precedence."
              + " Remove the other manifest if that is not what you meant");
    }
    return Optional.of(chosen);
  }

  private static Optional<ArchiveEntry> rootFileWithExtension(PackageArchive archive, String ext) {
    return archive.entries().stream()
        .filter(e -> !e.path().contains("/"))
        .filter(e -> e.path().toLowerCase(Locale.ROOT).endsWith(ext))
        .findFirst();
  }

  private static String missingMessage(PackageArchive archive) {
    Optional<String> nested =
        archive.entries().stream()
            .map(ArchiveEntry::path)
            .filter(
                p -> {
                  String lower = p.toLowerCase(Locale.ROOT);
                  return lower.endsWith("/imsmanifest.xml")
                      || lower.endsWith("/cmi5.xml")
                      || lower.endsWith("/tincan.xml");
                })
            .findFirst();
    String base =
        "No imsmanifest.xml, cmi5.xml, tincan.xml or AICC .crs file was found at the"
            + " root of the package";
    return nested
        .map(
            p ->
                base
                    + "; "
                    + p
                    + " is in a sub-folder. Zip the course so that the"
                    + " manifest is at the top level")
        .orElse(base + ". Is this an e-learning package (SCORM, cmi5, xAPI, AICC, IMS)?");
  }
}
