package org.courseport.server.packaging.aicc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.domain.packaging.CourseMetadata;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.packaging.archive.PackageArchive;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.FormatResult;
import org.courseport.server.packaging.support.PackageFormat;

/**
 * Inspects AICC CMI001 courses: the .crs course file with its .au, .des and .cst companions that
 * describe the course, and the .pre and .ort files whose references are checked. AICC publishes no
 * XML schema.
 */
public final class AiccInspector {
  private final long maxBytes;

  public AiccInspector(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Inspects the course whose .crs file is {@code courseFile}. */
  public FormatResult inspect(PackageArchive archive, ArchiveEntry courseFile, Findings findings) {
    AiccFiles files = new AiccFiles(archive, courseFile, maxBytes);
    Optional<AiccCourseFile> crs = files.read(courseFile, findings).map(AiccCourseFile::parse);
    Optional<ArchiveEntry> auEntry = files.companion(".au");
    if (crs.isPresent() && auEntry.isEmpty()) {
      findings.error(
          "aicc.au.missing",
          courseFile.path(),
          "The AICC course has no .au file listing its assignable units; add "
              + courseFile.path().replaceAll("(?i)\\.crs$", ".au"));
    }
    if (crs.isEmpty() || auEntry.isEmpty()) {
      return FormatResult.unrecognised();
    }
    Map<String, AiccTable.Row> aus =
        assignableUnits(table(files, auEntry, findings), auEntry.get().path(), findings);
    Activity root = tree(files, crs.get(), courseFile.path(), aus, findings);
    AiccChecks checks = new AiccChecks(archive, courseFile.path(), auEntry.get().path(), findings);
    checks.check(crs.get(), aus, root);
    for (String ext : List.of(".pre", ".ort")) {
      Optional<ArchiveEntry> entry = files.companion(ext);
      entry.ifPresent(e -> checks.checkReferences(table(files, entry, findings), e.path(), root));
    }
    return new FormatResult(
        PackageFormat.AICC, describe(root, crs.get().description(), courseFile.path()), List.of());
  }

  private static Activity tree(
      AiccFiles files,
      AiccCourseFile crs,
      String crsFile,
      Map<String, AiccTable.Row> aus,
      Findings findings) {
    Optional<ArchiveEntry> cst = files.companion(".cst");
    AiccTree tree =
        new AiccTree(
            aus,
            table(files, files.companion(".des"), findings),
            table(files, cst, findings),
            cst.map(ArchiveEntry::path).orElse(""),
            findings);
    String id = crs.get("Course", "Course_ID");
    String title = crs.get("Course", "Course_Title");
    if (title.isEmpty()) {
      findings.warning(
          "aicc.title.missing",
          crsFile,
          "The course file has no Course_Title; the course id is used as its title");
      title = id.isEmpty() ? crsFile : id;
    }
    return tree.build(id.isEmpty() ? crsFile : id, title);
  }

  private static AiccTable table(AiccFiles files, Optional<ArchiveEntry> entry, Findings f) {
    return entry.flatMap(e -> files.read(e, f)).map(AiccTable::parse).orElse(AiccTable.parse(""));
  }

  private static Map<String, AiccTable.Row> assignableUnits(
      AiccTable au, String file, Findings findings) {
    Map<String, AiccTable.Row> aus = new LinkedHashMap<>();
    for (AiccTable.Row row : au.rows()) {
      String id = row.get("system_id");
      if (id.isEmpty()) {
        findings.error(
            "aicc.au.id.missing",
            file,
            row.line(),
            "system_id",
            "The AU on line " + row.line() + " has no system_id");
      } else if (aus.putIfAbsent(id.toLowerCase(Locale.ROOT), row) != null) {
        findings.error(
            "aicc.au.duplicate",
            file,
            row.line(),
            "system_id",
            "The AU system_id '" + id + "' is listed twice; system ids must be unique");
      }
    }
    return aus;
  }

  private static PackageDescription describe(Activity root, String description, String file) {
    int aus = root.countOf(ActivityType.SCO);
    String launch =
        AiccChecks.preorder(root)
            .filter(a -> a.type() == ActivityType.SCO)
            .map(Activity::href)
            .findFirst()
            .orElse("");
    return new PackageDescription(
        PackageFormat.AICC.standard(),
        PackageFormat.AICC.id(),
        root.title(),
        description,
        launch,
        aus,
        aus,
        root,
        new CourseMetadata(root.title(), "", description, "", "", "", List.of()),
        List.of(),
        file);
  }
}
