package org.courseport.server.packaging.aicc;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.packaging.archive.PackageArchive;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.Hrefs;

/** Semantic checks of an AICC course: AUs exist and launch files that are in the package. */
final class AiccChecks {
  private final PackageArchive archive;
  private final String crsFile;
  private final String auFile;
  private final Findings findings;

  AiccChecks(PackageArchive archive, String crsFile, String auFile, Findings findings) {
    this.archive = archive;
    this.crsFile = crsFile;
    this.auFile = auFile;
    this.findings = findings;
  }

  void check(AiccCourseFile crs, Map<String, AiccTable.Row> aus, Activity root) {
    if (aus.isEmpty()) {
      findings.error(
          "manifest.launch.missing",
          auFile,
          auFile + " lists no assignable unit;" + " there is nothing to launch");
    }
    String declared = crs.get("Course", "Total_AUs");
    if (!declared.isEmpty() && !declared.equals(String.valueOf(aus.size()))) {
      findings.warning(
          "aicc.crs.count-mismatch",
          crsFile,
          "The course file declares Total_AUs="
              + declared
              + " but "
              + auFile
              + " lists "
              + aus.size()
              + " AUs");
    }
    for (AiccTable.Row au : aus.values()) {
      checkLaunch(au);
    }
  }

  private void checkLaunch(AiccTable.Row au) {
    String file = au.get("file_name");
    String id = au.get("system_id");
    if (file.isEmpty()) {
      error(
          "manifest.launch.missing",
          au,
          "The AU '%s' has no file_name, so it cannot be" + " launched",
          id);
    } else if (!Hrefs.isWebUrl(file) && Hrefs.hasScheme(file)) {
      error(
          "manifest.href.unsafe",
          au,
          "The AU '%s' launches '%s'; use a package path or an" + " http(s) URL",
          id,
          file);
    } else if (!Hrefs.isWebUrl(file)) {
      Optional<String> path = Hrefs.normalise(Hrefs.filePart(file));
      if (path.isEmpty()) {
        error(
            "manifest.href.outside-package",
            au,
            "The AU '%s' launches '%s', outside the" + " package",
            id,
            file);
      } else if (archive.find(path.get()).isEmpty()) {
        error(
            "manifest.launch.file-missing",
            au,
            "The launch file '%s' of AU '%s' is not in" + " the package",
            path.get(),
            id);
      }
    }
  }

  private void error(String rule, AiccTable.Row au, String format, Object... args) {
    findings.error(rule, auFile, au.line(), "file_name", String.format(format, args));
  }

  /** Columns of .pre and .ort files that name a single AU or block. */
  private static final Set<String> ID_COLUMNS =
      Set.of("structure_element", "course_element", "au_system_id", "pre_from", "post_to");

  /**
   * Warns for each AU or block named in a .pre or .ort file that the course does not have;
   * prerequisite expressions ({@code A1 & *A2}) are not parsed.
   */
  void checkReferences(AiccTable table, String file, Activity root) {
    Set<String> known = new HashSet<>();
    preorder(root).forEach(a -> known.add(a.itemIdentifier().toLowerCase(Locale.ROOT)));
    for (AiccTable.Row row : table.rows()) {
      for (String column : ID_COLUMNS) {
        String id = row.get(column);
        if (!id.isEmpty() && !known.contains(id.toLowerCase(Locale.ROOT))) {
          findings.warning(
              "aicc.reference.unresolved",
              file,
              row.line(),
              column,
              file
                  + " names '"
                  + id
                  + "' in "
                  + column
                  + ", but the course has no such AU or"
                  + " block; the line is ignored");
        }
      }
    }
  }

  static Stream<Activity> preorder(Activity a) {
    return Stream.concat(Stream.of(a), a.children().stream().flatMap(AiccChecks::preorder));
  }
}
