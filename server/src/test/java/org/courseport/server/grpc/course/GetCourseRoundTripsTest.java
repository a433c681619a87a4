package org.courseport.server.grpc.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.grpc.GrpcFixtures.importCourse;
import static org.courseport.server.testing.CourseportServerExtension.KEY;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.GetCourseRequest;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store commands of a GetCourse of the latest version, through the real servers (gRPC and the
 * SCORM Cloud REST route), counted by the MongoDB driver's command metrics: the course record is
 * read once and carries its latest version, so no {@code courseVersions} read happens, and while
 * the course is unchanged the next reads of the same key come from the replica's cache of latest
 * views (no course read at all; {@link CourseViewCacheTest}); a pinned version still reads it. The
 * answers stay those of the latest version after a new import, a title change and a version delete.
 */
class GetCourseRoundTripsTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private double finds(String collection) {
    return finds(server, collection);
  }

  /** The {@code find} commands the server's driver sent to {@code collection} so far. */
  static double finds(CourseportServerExtension server, String collection) {
    MeterRegistry registry = server.server().services().metrics().registry();
    return registry
        .find("mongodb.driver.commands")
        .tag("collection", collection)
        .tag("command", "find")
        .timers()
        .stream()
        .mapToDouble(Timer::count)
        .sum();
  }

  private Course latest(String courseId) {
    return server
        .blocking(KEY)
        .getCourse(GetCourseRequest.newBuilder().setCourseId(courseId).build());
  }

  @Test
  void latestGetCourseReadsTheCourseRecordOnly() throws Exception {
    importCourse(server, KEY, "rt-course", TestPackages.scorm12("First"));
    importCourse(server, KEY, "rt-course", TestPackages.scorm12("Second"), true);

    double versionsBefore = finds("courseVersions");
    double coursesBefore = finds("courses");
    for (int i = 0; i < 5; i++) {
      Course c = latest("rt-course");
      assertThat(c.getVersion()).isEqualTo(1);
      assertThat(c.getTitle()).isEqualTo("Second");
    }
    HttpResponse<String> rest =
        HTTP.send(
            HttpRequest.newBuilder(server.http().resolve("/api/v2/courses/rt-course"))
                .header("Authorization", CourseportServerExtension.basic(KEY))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(rest.statusCode()).isEqualTo(200);
    assertThat(rest.body()).contains("\"id\":\"rt-course\"").contains("\"title\":\"Second\"");

    assertThat(finds("courseVersions") - versionsBefore).isZero();
    // The first read after the import reads the record; the other five, gRPC and REST, are
    // answered from the cache (the key's course epoch did not move).
    assertThat(finds("courses") - coursesBefore).isEqualTo(1);

    double pinnedBefore = finds("courseVersions");
    Course v0 =
        server
            .blocking(KEY)
            .getCourse(
                GetCourseRequest.newBuilder().setCourseId("rt-course").setVersionId(0).build());
    assertThat(v0.getTitle()).isEqualTo("First");
    assertThat(finds("courseVersions") - pinnedBefore).isEqualTo(1);
  }

  @Test
  void latestStaysRightAfterTitleChangeAndVersionDelete() {
    importCourse(server, KEY, "rt-change", TestPackages.scorm12("One"));
    importCourse(server, KEY, "rt-change", TestPackages.scorm2004("Two"), true);
    assertThat(latest("rt-change").getCourseLearningStandard())
        .isEqualTo(Course.LearningStandard.SCORM20044THEDITION);

    server
        .blocking(KEY)
        .setCourseTitle(
            org.courseport.api.v1.SetCourseTitleRequest.newBuilder()
                .setCourseId("rt-change")
                .setTitle(org.courseport.api.v1.Title.newBuilder().setTitle("Renamed"))
                .build());
    Course renamed = latest("rt-change");
    assertThat(renamed.getTitle()).isEqualTo("Renamed");
    assertThat(renamed.getVersion()).isEqualTo(1);

    server
        .blocking(KEY)
        .deleteCourseVersion(
            org.courseport.api.v1.DeleteCourseVersionRequest.newBuilder()
                .setCourseId("rt-change")
                .setVersionId(1)
                .build());
    double versionsBefore = finds("courseVersions");
    Course after = latest("rt-change");
    assertThat(after.getVersion()).isZero();
    assertThat(after.getTitle()).isEqualTo("Renamed");
    assertThat(after.getCourseLearningStandard()).isEqualTo(Course.LearningStandard.SCORM12);
    assertThat(finds("courseVersions") - versionsBefore).isZero();
  }
}
