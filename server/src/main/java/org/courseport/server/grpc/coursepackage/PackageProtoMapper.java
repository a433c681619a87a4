package org.courseport.server.grpc.coursepackage;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.courseport.api.v1.CoursePackage;
import org.courseport.api.v1.ManifestSummary;
import org.courseport.api.v1.PackageFinding;
import org.courseport.api.v1.PackageMetadata;
import org.courseport.api.v1.PackageRevision;
import org.courseport.api.v1.PackageSummary;
import org.courseport.api.v1.ProcessPackageResponse;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.course.CourseView;
import org.courseport.server.domain.coursepackage.PackageView;
import org.courseport.server.domain.coursepackage.Processed;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.domain.packaging.PackageDescription;

/** Maps packages between the domain and the Allure API's messages. */
final class PackageProtoMapper {

  private PackageProtoMapper() {}

  static ProcessPackageResponse processed(Processed p, boolean validateOnly) {
    PackageDescription d = p.description();
    ProcessPackageResponse.Builder b =
        ProcessPackageResponse.newBuilder()
            .setUploadId(p.upload().uploadId())
            .setManifest(manifest(d))
            .setFileSizeBytes(p.upload().declaredSize())
            .setStoragePath(p.upload().storagePath());
    p.findings().forEach(f -> b.addFindings(finding(f)));
    if (validateOnly) {
      return b.setValidationOnly(true).build();
    }
    CourseView view = p.course();
    return b.setPackageSummary(
            PackageSummary.newBuilder()
                .setPackageId(view.course().courseId())
                .setTitle(view.version().title())
                .setLaunchUrl(d.launchUrl())
                .setVersion(version(d))
                .setCurrentRevision(view.version().version() + 1))
        .build();
  }

  static ManifestSummary manifest(PackageDescription d) {
    return ManifestSummary.newBuilder()
        .setTitle(d.title())
        .setVersion(version(d))
        .setLaunchUrl(d.launchUrl())
        .setScoCount(d.scoCount())
        .setDescription(d.description())
        .setDuration(duration(d))
        .setStandard(standard(d))
        .build();
  }

  static CoursePackage toProto(PackageView p) {
    CourseVersion v = p.course().version();
    PackageDescription d = v.description();
    String id = p.course().course().courseId();
    String description =
        p.extras().description() != null ? p.extras().description() : d.description();
    Instant updated = p.course().course().updated();
    if (p.extras().updated() != null && p.extras().updated().isAfter(updated)) {
      updated = p.extras().updated();
    }
    CoursePackage.Builder b =
        CoursePackage.newBuilder()
            .setId(id)
            .setTenantId(p.tenantUuid())
            .setTitle(p.course().course().title())
            .setVersion(version(d))
            .setScormVersion(version(d))
            .setLaunchUrl(d.launchUrl())
            .setManifestUrl(d.manifestFile())
            .setStoragePath("tenant-" + p.tenantUuid() + "/packages/" + id)
            .setFileSizeBytes(v.packageSize())
            .setMetadata(metadata(d))
            .setCreatedAt(timestamp(p.course().course().created()))
            .setUpdatedAt(timestamp(updated))
            .setCurrentRevision(p.currentRevision())
            .addAllTags(p.course().course().tags())
            .setDescription(description)
            .setDuration(p.extras().duration() != null ? p.extras().duration() : duration(d))
            .setStandard(standard(d));
    if (p.extras().customMetadataJson() != null) {
      b.setCustomMetadata(struct(p.extras().customMetadataJson()));
    }
    return b.build();
  }

  static PackageRevision revision(CourseView view, String tenantUuid) {
    CourseVersion v = view.version();
    return PackageRevision.newBuilder()
        .setRevision(v.version() + 1)
        .setTitle(v.title())
        .setVersion(version(v.description()))
        .setLaunchUrl(v.description().launchUrl())
        .setStoragePath(
            "tenant-"
                + tenantUuid
                + "/packages/"
                + view.course().courseId()
                + "/revisions/"
                + (v.version() + 1))
        .setFileSizeBytes(v.packageSize())
        .setCreatedAt(timestamp(v.created()))
        .build();
  }

  /** The tags of a PATCH: a JSON array of strings. */
  static List<String> tags(ListValue list) {
    List<String> tags = new ArrayList<>();
    for (Value value : list.getValuesList()) {
      if (value.getKindCase() != Value.KindCase.STRING_VALUE) {
        throw DomainException.invalid("TAGS_INVALID", "tags must be an array of strings");
      }
      tags.add(value.getStringValue());
    }
    return tags;
  }

  static String json(Struct struct) {
    try {
      return JsonFormat.printer().omittingInsignificantWhitespace().print(struct);
    } catch (InvalidProtocolBufferException e) {
      throw DomainException.invalid("CUSTOM_METADATA_INVALID", "custom_metadata is not JSON");
    }
  }

  private static Struct struct(String json) {
    Struct.Builder b = Struct.newBuilder();
    try {
      JsonFormat.parser().merge(json, b);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored custom_metadata is not a JSON object", e);
    }
    return b.build();
  }

  private static PackageFinding finding(Finding f) {
    return PackageFinding.newBuilder()
        .setSeverity(f.severity().name())
        .setRule(f.rule())
        .setFile(f.file())
        .setMessage(f.message())
        .build();
  }

  /**
   * The Allure {@code version}: "1.2" or "2004" for SCORM; for the other standards Courseport
   * imports, the value of {@code standard}.
   */
  static String version(PackageDescription d) {
    return switch (d.standard()) {
      case SCORM11, SCORM12 -> "1.2";
      case SCORM2004_2ND, SCORM2004_3RD, SCORM2004_4TH -> "2004";
      default -> standard(d);
    };
  }

  /** The standard's name, or for IMS packages without one the detailed format. */
  static String standard(PackageDescription d) {
    return d.standard() == LearningStandard.UNKNOWN && !d.packageFormat().isEmpty()
        ? d.packageFormat()
        : d.standard().name();
  }

  /**
   * Manifest metadata: the manifest's own identifier, schema and schemaversion; where the manifest
   * has no schema strings, the values SCORM requires for the edition detected.
   */
  private static PackageMetadata metadata(PackageDescription d) {
    String editionVersion =
        switch (d.standard()) {
          case SCORM12 -> "1.2";
          case SCORM2004_2ND -> "CAM 1.3";
          case SCORM2004_3RD -> "2004 3rd Edition";
          case SCORM2004_4TH -> "2004 4th Edition";
          default -> "";
        };
    PackageDescription.ManifestIdentity identity = d.identity();
    boolean own = !identity.schema().isEmpty() || !identity.schemaVersion().isEmpty();
    return PackageMetadata.newBuilder()
        .setIdentifier(identity.identifier())
        .setSchema(own ? identity.schema() : editionVersion.isEmpty() ? "" : "ADL SCORM")
        .setSchemaversion(own ? identity.schemaVersion() : editionVersion)
        .setDescription(d.description())
        .setScoCount(d.scoCount())
        .build();
  }

  private static String duration(PackageDescription d) {
    String typical = d.metadata().typicalTime();
    return typical.isEmpty() ? d.metadata().duration() : typical;
  }

  private static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  /**
   * A launch session's progress: score in percent (raw, else scaled x 100), total time as an ISO
   * 8601 duration, revision = version + 1.
   */
  static org.courseport.api.v1.LaunchSessionProgress progress(
      org.courseport.server.domain.launch.LaunchSession s) {
    org.courseport.api.v1.LaunchSessionProgress.Builder b =
        org.courseport.api.v1.LaunchSessionProgress.newBuilder()
            .setSessionId(s.sessionId())
            .setPackageId(s.courseId())
            .setUserId(s.userId() == null ? "" : s.userId())
            .setRevision(s.version() + 1)
            .setCompletionStatus(orUnknown(s.completionStatus()))
            .setSuccessStatus(orUnknown(s.successStatus()))
            .setLocation(s.location() == null ? "" : s.location())
            .setTotalTime(
                (s.totalTime() == null ? java.time.Duration.ZERO : s.totalTime()).toString())
            .setLaunchCount(s.launchCount());
    if (s.scoreRaw() != null) {
      b.setScore(s.scoreRaw());
    } else if (s.scoreScaled() != null) {
      b.setScore(s.scoreScaled() * 100);
    }
    if (s.updated() != null) {
      b.setUpdatedAt(stamp(s.updated()));
    }
    if (s.created() != null) {
      b.setCreatedAt(stamp(s.created()));
    }
    return b.build();
  }

  private static String orUnknown(String status) {
    return status == null || status.isEmpty() ? "unknown" : status;
  }

  private static com.google.protobuf.Timestamp stamp(java.time.Instant t) {
    return com.google.protobuf.Timestamp.newBuilder()
        .setSeconds(t.getEpochSecond())
        .setNanos(t.getNano())
        .build();
  }
}
