package org.courseport.server.packaging.zip;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;

/**
 * Decides which entries a package shows and under which paths: hides operating-system junk, strips
 * a single top-level folder holding the manifest, and refuses duplicates with different content.
 */
final class PackageLayout {
  /** A visible file: its public entry and the scanned zip entry behind it. */
  record File(ArchiveEntry entry, ScannedEntry scanned) {}

  private static final Set<String> MANIFESTS = Set.of("imsmanifest.xml", "cmi5.xml", "tincan.xml");
  private static final Set<String> JUNK_FILES = Set.of(".ds_store", "thumbs.db");

  private final Map<String, File> byPath = new LinkedHashMap<>();

  private PackageLayout() {}

  /** The visible files by path, in zip order. */
  Map<String, File> files() {
    return byPath;
  }

  static PackageLayout of(List<ScannedEntry> scanned, Consumer<Finding> findings) {
    List<ScannedEntry> visible = new ArrayList<>();
    List<ScannedEntry> junk = new ArrayList<>();
    for (ScannedEntry entry : scanned) {
      if (!entry.isDirectory()) {
        (isJunk(entry.path()) ? junk : visible).add(entry);
      }
    }
    if (!junk.isEmpty()) {
      findings.accept(
          Finding.warning(
              "zip.junk",
              junk.get(0).path(),
              "Ignored "
                  + junk.size()
                  + " operating-system file(s) such as __MACOSX/, .DS_Store or Thumbs.db"));
    }
    String prefix = strippedFolder(visible).map(folder -> folder + "/").orElse("");
    if (!prefix.isEmpty()) {
      findings.accept(
          Finding.warning(
              "zip.root-folder",
              prefix,
              "The package files are inside "
                  + "the folder '"
                  + prefix
                  + "' instead of at the root of the zip; they are read from it"));
    }
    PackageLayout layout = new PackageLayout();
    for (ScannedEntry entry : visible) {
      layout.add(entry, entry.path().substring(prefix.length()), findings);
    }
    return layout;
  }

  private void add(ScannedEntry entry, String path, Consumer<Finding> findings) {
    File existing = byPath.get(path);
    if (existing == null) {
      byPath.put(
          path,
          new File(
              new ArchiveEntry(path, entry.name(), entry.size(), entry.modifiedMillis()), entry));
    } else if (existing.scanned().sameContentAs(entry)) {
      findings.accept(
          Finding.warning(
              "zip.path.duplicate",
              path,
              "The zip holds this file twice with the same content; the first copy is used"));
    } else {
      throw ZipRefusal.refuse(
          ZipRefusal.DUPLICATE_ENTRY,
          "zip.path.duplicate",
          EntryPaths.shorten(path),
          "the zip holds several files with this path and different "
              + "content ('"
              + EntryPaths.shorten(existing.scanned().name())
              + "' and '"
              + EntryPaths.shorten(entry.name())
              + "')");
    }
  }

  static boolean isManifestName(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    return MANIFESTS.contains(lower) || lower.endsWith(".crs");
  }

  private static boolean isJunk(String path) {
    int slash = path.indexOf('/');
    String first = slash < 0 ? path : path.substring(0, slash);
    String last = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    return first.equalsIgnoreCase("__MACOSX") || JUNK_FILES.contains(last);
  }

  /** The single top-level folder that holds every file and a manifest, if the root has none. */
  private static Optional<String> strippedFolder(List<ScannedEntry> visible) {
    String folder = null;
    boolean manifestInFolder = false;
    for (ScannedEntry entry : visible) {
      String path = entry.path();
      int slash = path.indexOf('/');
      if (slash < 0) {
        return Optional.empty();
      }
      String first = path.substring(0, slash);
      if (folder != null && !folder.equals(first)) {
        return Optional.empty();
      }
      folder = first;
      String rest = path.substring(slash + 1);
      manifestInFolder |= rest.indexOf('/') < 0 && isManifestName(rest);
    }
    return manifestInFolder ? Optional.of(folder) : Optional.empty();
  }
}
