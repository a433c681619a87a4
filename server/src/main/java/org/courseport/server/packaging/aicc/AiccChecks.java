package org.courseport.server.packaging.aicc;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.courseport.server.domain.course.Activity;
import org.courseport.server.packaging.PackageArchive;
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
    if (file.isEmpty()) {
      findings.error(
          "manifest.launch.missing",
          auFile,
          au.line(),
          "file_name",
          "The AU '" + au.get("system_id") + "' has no file_name, so it cannot be launched");
      return;
    }
    if (Hrefs.isWebUrl(file)) {
      return;
    }
    if (Hrefs.hasScheme(file)) {
      findings.error(
          "manifest.href.unsafe",
          auFile,
          au.line(),
          "file_name",
          "The AU '"
              + au.get("system_id")
              + "' launches '"
              + file
              + "'; use a package path or http(s) URL");
      return;
    }
    Optional<String> path = Hrefs.normalise(Hrefs.filePart(file));
    if (path.isEmpty()) {
      findings.error(
          "manifest.href.outside-package",
          auFile,
          au.line(),
          "file_name",
          "The AU '" + au.get("system_id") + "' launches '" + file + "', outside the package");
    } else if (archive.find(path.get()).isEmpty()) {
      findings.error(
          "manifest.launch.file-missing",
          auFile,
          au.line(),
          "file_name",
          "The launch file '"
              + path.get()
              + "' of AU '"
              + au.get("system_id")
              + "' is not in the package");
    }
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
