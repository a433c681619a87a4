package org.courseport.server.packaging.aicc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.courseport.server.domain.course.Activity;
import org.courseport.server.domain.course.ActivityType;
import org.courseport.server.domain.course.CourseMetadata;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.packaging.PackageArchive;
import org.courseport.server.packaging.PackageArchive.ArchiveEntry;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.FormatResult;
import org.courseport.server.packaging.support.PackageFormat;

/**
 * Inspects AICC CMI001 courses: the .crs course file with its .au, .des and .cst companions (.ort
 * and .pre are not needed to describe the course). AICC publishes no XML schema.
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
    if (crs.isEmpty() || auEntry.isEmpty()) {
      if (crs.isPresent()) {
        findings.error(
            "aicc.au.missing",
            courseFile.path(),
            "The AICC course has no .au file"
                + " listing its assignable units; add "
                + courseFile.path().replaceAll("(?i)\\.crs$", ".au"));
      }
      return FormatResult.unrecognised();
    }
    AiccTable au = table(files, auEntry, findings);
    Map<String, AiccTable.Row> aus = assignableUnits(au, auEntry.get().path(), findings);
    Optional<ArchiveEntry> cstEntry = files.companion(".cst");
    AiccTree tree =
        new AiccTree(
            aus,
            table(files, files.companion(".des"), findings),
            table(files, cstEntry, findings),
            cstEntry.map(ArchiveEntry::path).orElse(""),
            findings);
    String id = crs.get().get("Course", "Course_ID");
    String title = crs.get().get("Course", "Course_Title");
    if (title.isEmpty()) {
      findings.warning(
          "aicc.title.missing",
          courseFile.path(),
          "The course file has no" + " Course_Title; the course id is used as its title");
      title = id.isEmpty() ? courseFile.path() : id;
    }
    Activity root = tree.build(id.isEmpty() ? courseFile.path() : id, title);
    new AiccChecks(archive, courseFile.path(), auEntry.get().path(), findings)
        .check(crs.get(), aus, root);
    return new FormatResult(
        PackageFormat.AICC, describe(root, crs.get().description(), courseFile.path()), List.of());
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
