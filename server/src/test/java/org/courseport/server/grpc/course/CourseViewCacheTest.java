package org.courseport.server.grpc.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.courseport.server.grpc.GrpcFixtures.importCourse;
import static org.courseport.server.testing.CourseportServerExtension.KEY;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.CourseServiceGrpc.CourseServiceBlockingStub;
import org.courseport.api.v1.DeleteCourseRequest;
import org.courseport.api.v1.DeleteCourseTagsRequest;
import org.courseport.api.v1.DeleteCourseVersionRequest;
import org.courseport.api.v1.GetCourseRequest;
import org.courseport.api.v1.PutCourseTagsRequest;
import org.courseport.api.v1.SetCourseTitleRequest;
import org.courseport.api.v1.TagList;
import org.courseport.api.v1.Title;
import org.courseport.server.auth.Bootstrap;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The replica's cache of latest course views, through the real server: a read of an unchanged
 * course costs no course read of its own, and every kind of write is seen by the very next read, of
 * the writing key and of another key of the tenant, with views cached before the write. With {@code
 * COURSEPORT_COURSE_VIEW_CACHE_ENTRIES=0} every read reads the store.
 */
class CourseViewCacheTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  @RegisterExtension
  static final CourseportServerExtension uncached =
      new CourseportServerExtension().with("COURSEPORT_COURSE_VIEW_CACHE_ENTRIES", "0");

  private static double courseFinds(CourseportServerExtension s) {
    return GetCourseRoundTripsTest.finds(s, "courses");
  }

  private static double views(CourseportServerExtension s, String result) {
    return s.server()
        .services()
        .metrics()
        .registry()
        .get("courseport.course.view.cache")
        .tag("result", result)
        .functionCounter()
        .count();
  }

  private static Course latest(CourseServiceBlockingStub stub, String courseId) {
    return stub.getCourse(GetCourseRequest.newBuilder().setCourseId(courseId).build());
  }

  /** Reads twice, so that the second read is answered from the cache when it can be. */
  private static Course warm(CourseServiceBlockingStub stub, String courseId) {
    latest(stub, courseId);
    return latest(stub, courseId);
  }

  @Test
  void readsOfAnUnchangedCourseReadItOnce() {
    importCourse(server, KEY, "vc-once", TestPackages.scorm12("Once"));
    CourseServiceBlockingStub stub = server.blocking(KEY);
    double hits = views(server, "hit");
    double misses = views(server, "miss");
    double finds = courseFinds(server);
    for (int i = 0; i < 5; i++) {
      assertThat(latest(stub, "vc-once").getTitle()).isEqualTo("Once");
    }
    assertThat(views(server, "miss") - misses).as("the first read after the import").isEqualTo(1);
    assertThat(views(server, "hit") - hits).isEqualTo(4);
    // The store saw at most the one course read (a background job may add one of its own).
    assertThat(courseFinds(server) - finds).isBetween(1.0, 2.0);
  }

  @Test
  void withTheCacheOffEveryReadReadsTheCourse() {
    importCourse(uncached, KEY, "vc-off", TestPackages.scorm12("Off"));
    CourseServiceBlockingStub stub = uncached.blocking(KEY);
    double before = courseFinds(uncached);
    for (int i = 0; i < 5; i++) {
      assertThat(latest(stub, "vc-off").getTitle()).isEqualTo("Off");
    }
    assertThat(courseFinds(uncached) - before).isGreaterThanOrEqualTo(5);
    assertThat(views(uncached, "hit") + views(uncached, "miss")).isZero();
  }

  @Test
  void everyWriteIsSeenByTheNextReadOfEveryKeyOfTheTenant() {
    String other =
        server
            .server()
            .services()
            .tenantAdmin()
            .createKey(Bootstrap.DEFAULT_TENANT, "second reader", List.of())
            .credentials();
    CourseServiceBlockingStub writer = server.blocking(KEY);
    CourseServiceBlockingStub reader = server.blocking(other);
    importCourse(server, KEY, "vc-writes", TestPackages.scorm12("First"));
    for (CourseServiceBlockingStub s : List.of(writer, reader)) {
      assertThat(warm(s, "vc-writes").getTitle()).isEqualTo("First");
    }

    writer.putCourseTags(
        PutCourseTagsRequest.newBuilder()
            .setCourseId("vc-writes")
            .setTags(TagList.newBuilder().addTags("alpha").addTags("beta"))
            .build());
    for (CourseServiceBlockingStub s : List.of(writer, reader)) {
      assertThat(latest(s, "vc-writes").getTagsList()).containsExactlyInAnyOrder("alpha", "beta");
      warm(s, "vc-writes");
    }

    writer.deleteCourseTags(
        DeleteCourseTagsRequest.newBuilder()
            .setCourseId("vc-writes")
            .setTags(TagList.newBuilder().addTags("alpha"))
            .build());
    for (CourseServiceBlockingStub s : List.of(writer, reader)) {
      assertThat(latest(s, "vc-writes").getTagsList()).containsExactly("beta");
      warm(s, "vc-writes");
    }

    writer.setCourseTitle(
        SetCourseTitleRequest.newBuilder()
            .setCourseId("vc-writes")
            .setTitle(Title.newBuilder().setTitle("Renamed"))
            .build());
    for (CourseServiceBlockingStub s : List.of(writer, reader)) {
      assertThat(latest(s, "vc-writes").getTitle()).isEqualTo("Renamed");
      warm(s, "vc-writes");
    }

    importCourse(server, KEY, "vc-writes", TestPackages.scorm2004("Second"), true);
    for (CourseServiceBlockingStub s : List.of(writer, reader)) {
      Course c = latest(s, "vc-writes");
      assertThat(c.getVersion()).isEqualTo(1);
      assertThat(c.getTitle()).isEqualTo("Second");
      warm(s, "vc-writes");
    }

    writer.deleteCourseVersion(
        DeleteCourseVersionRequest.newBuilder().setCourseId("vc-writes").setVersionId(1).build());
    for (CourseServiceBlockingStub s : List.of(writer, reader)) {
      assertThat(latest(s, "vc-writes").getVersion()).isZero();
      warm(s, "vc-writes");
    }

    writer.deleteCourse(DeleteCourseRequest.newBuilder().setCourseId("vc-writes").build());
    for (CourseServiceBlockingStub s : List.of(writer, reader)) {
      assertThatThrownBy(() -> latest(s, "vc-writes"))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }
  }

  @Test
  void anotherTenantsKeyNeverSeesTheView() {
    importCourse(server, KEY, "vc-private", TestPackages.scorm12("Private"));
    warm(server.blocking(KEY), "vc-private");
    CourseServiceBlockingStub stranger = server.blocking(server.newTenant());
    assertThatThrownBy(() -> latest(stranger, "vc-private"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }
}
