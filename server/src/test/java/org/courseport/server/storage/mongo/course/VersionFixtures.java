package org.courseport.server.storage.mongo.course;

import java.time.Instant;
import java.util.List;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.domain.packaging.CourseMetadata;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.domain.packaging.Severity;
import org.courseport.server.domain.packaging.ValidationReport;

/** Course versions with every field filled, for round-trip tests. */
final class VersionFixtures {
  static final Instant T0 = Instant.parse("2024-05-01T10:00:00.456Z");

  private VersionFixtures() {}

  static CourseVersion version(String tenantId, String courseId, int version, String blobId) {
    return new CourseVersion(
        tenantId,
        courseId,
        version,
        "Golf Explained v" + version,
        blobId,
        5_000_000_000L + version,
        "golf.zip",
        description(),
        report(),
        T0,
        T0.plusSeconds(version));
  }

  static PackageDescription description() {
    return description(tree(3));
  }

  static PackageDescription description(Activity root) {
    CourseMetadata metadata =
        new CourseMetadata(
            "Golf", "en", "All about golf", "en-GB", "PT1H", "PT45M", List.of("golf", "sport"));
    return new PackageDescription(
        LearningStandard.SCORM2004_4TH,
        "scorm-2004-4th",
        "Golf Explained",
        "",
        "shared/launchpage.html?content=playing",
        4,
        7,
        root,
        metadata,
        List.of("en-US", "fr"),
        "imsmanifest.xml",
        new PackageDescription.ManifestIdentity(
            "com.example.golf", "ADL SCORM", "2004 4th Edition"));
  }

  /** A tree {@code depth} levels deep: each aggregation has a SCO and a nested aggregation. */
  static Activity tree(int depth) {
    List<Activity> children =
        depth <= 1
            ? List.of()
            : List.of(
                new Activity(
                    "sco_" + depth,
                    "res_" + depth,
                    ActivityType.SCO,
                    "sco" + depth + "/index.html?x=1&y=2",
                    "Lesson " + depth,
                    "0.8",
                    List.of()),
                tree(depth - 1));
    return new Activity(
        "agg_" + depth, "", ActivityType.AGGREGATION, "", "Module " + depth, "", children);
  }

  static ValidationReport report() {
    return new ValidationReport(
        "scorm-2004-4th",
        LearningStandard.SCORM2004_4TH,
        List.of(
            Finding.warning("manifest.bom", "imsmanifest.xml", "byte order mark removed"),
            new Finding(Severity.ERROR, "xsd", "imsmanifest.xml", 42, "item", "bad item"),
            new Finding(Severity.WARNING, "case", "Shared/a.js", 0, "", "case mismatch")),
        List.of("imscp_v1p1.xsd", "adlcp_v1p3.xsd"));
  }
}
