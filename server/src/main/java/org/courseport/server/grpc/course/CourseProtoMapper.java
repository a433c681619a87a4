package org.courseport.server.grpc.course;

import com.google.protobuf.Timestamp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.CourseActivity;
import org.courseport.api.v1.Metadata;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.course.CourseView;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.CourseMetadata;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.domain.packaging.PackageDescription;

/** Maps courses, versions and activity trees to their protobuf (CourseSchema) shapes. */
public final class CourseProtoMapper {
  private CourseProtoMapper() {}

  /** What a course response includes beyond the default fields. */
  public record Include(boolean metadata, boolean registrationCount) {
    public static final Include NONE = new Include(false, false);
  }

  /**
   * A course in one version. Course-level dates for the latest view ({@code versionDates} false),
   * the version's own dates for version listings.
   */
  public static Course toProto(CourseView view, Include include, boolean versionDates) {
    CourseVersion v = view.version();
    PackageDescription d = v.description();
    Course.Builder b =
        Course.newBuilder()
            .setId(view.course().courseId())
            .setTitle(v.title())
            .setXapiActivityId(xapiActivityId(view))
            .setCreated(timestamp(versionDates ? v.created() : view.course().created()))
            .setUpdated(timestamp(versionDates ? v.updated() : view.course().updated()))
            .setVersion(v.version())
            .setActivityId(d.rootActivity().itemIdentifier())
            .setCourseLearningStandard(standard(d.standard()))
            .addAllTags(view.course().tags())
            .setDispatched(false)
            .setRootActivity(activity(d.rootActivity()))
            .setPackageFormat(d.packageFormat())
            .setLaunchUrl(d.launchUrl());
    if (include.metadata()) {
      b.setMetadata(metadata(d.metadata()));
    }
    if (include.registrationCount()) {
      // Courseport has no registrations yet: the count is truthfully zero.
      b.setRegistrationCount(0);
    }
    return b.build();
  }

  static String xapiActivityId(CourseView view) {
    LearningStandard s = view.version().description().standard();
    String root = view.version().description().rootActivity().itemIdentifier();
    if ((s == LearningStandard.CMI5 || s == LearningStandard.XAPI) && root.contains(":")) {
      return root;
    }
    return "urn:courseport:course:"
        + URLEncoder.encode(view.course().courseId(), StandardCharsets.UTF_8);
  }

  public static CourseActivity activity(Activity a) {
    CourseActivity.Builder b =
        CourseActivity.newBuilder()
            .setExternalIdentifier(a.itemIdentifier())
            .setItemIdentifier(a.itemIdentifier())
            .setResourceIdentifier(a.resourceIdentifier())
            .setActivityType(CourseActivity.ActivityType.valueOf(a.type().name()))
            .setHref(a.href())
            .setScaledPassingScore(a.scaledPassingScore())
            .setTitle(a.title());
    for (Activity child : a.children()) {
      b.addChildren(activity(child));
    }
    return b.build();
  }

  static Metadata metadata(CourseMetadata m) {
    return Metadata.newBuilder()
        .setTitle(m.title())
        .setTitleLanguage(m.titleLanguage())
        .setDescription(m.description())
        .setDescriptionLanguage(m.descriptionLanguage())
        .setDuration(m.duration())
        .setTypicalTime(m.typicalTime())
        .addAllKeywords(m.keywords())
        .build();
  }

  public static Course.LearningStandard standard(LearningStandard s) {
    return switch (s) {
      case UNKNOWN -> Course.LearningStandard.UNKNOWN;
      case SCORM11 -> Course.LearningStandard.SCORM11;
      case SCORM12 -> Course.LearningStandard.SCORM12;
      case SCORM2004_2ND -> Course.LearningStandard.SCORM20042NDEDITION;
      case SCORM2004_3RD -> Course.LearningStandard.SCORM20043RDEDITION;
      case SCORM2004_4TH -> Course.LearningStandard.SCORM20044THEDITION;
      case AICC -> Course.LearningStandard.AICC;
      case XAPI -> Course.LearningStandard.XAPI;
      case CMI5 -> Course.LearningStandard.CMI5;
      case LTI13 -> Course.LearningStandard.LTI13;
    };
  }

  public static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }
}
