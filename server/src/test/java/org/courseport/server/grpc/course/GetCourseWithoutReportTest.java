package org.courseport.server.grpc.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.grpc.GrpcFixtures.importCourse;
import static org.courseport.server.testing.CourseportServerExtension.KEY;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.bson.Document;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.GetCourseRequest;
import org.courseport.server.auth.Bootstrap;
import org.courseport.server.domain.course.CourseRepository.WithLatest;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.course.CourseView;
import org.courseport.server.domain.packaging.Severity;
import org.courseport.server.grpc.course.CourseProtoMapper.Include;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.storage.mongo.course.MongoCourseRepository;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GetCourse reads the course record without the validation report of its latest version's copy (the
 * course schema does not show it), through the real servers: the read GetCourse uses returns no
 * report while the whole read does, everything else of the version is the same, and the gRPC and
 * REST answers are those the whole read maps to.
 */
class GetCourseWithoutReportTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static MongoCourseRepository courses() {
    return server.server().services().store().courses();
  }

  /** Gives the stored latest copy (and the version) a report with two findings. */
  private static void addFindings(String courseId) {
    List<Document> findings =
        List.of(
            new Document("severity", "WARNING")
                .append("rule", "unused-file")
                .append("file", "extra.html")
                .append("line", 0)
                .append("element", "")
                .append("message", "extra.html is not listed in the manifest"),
            new Document("severity", "ERROR")
                .append("rule", "schema")
                .append("file", "imsmanifest.xml")
                .append("line", 3)
                .append("element", "manifest")
                .append("message", "x".repeat(4000)));
    var database = server.server().services().store().database();
    MongoCollection<Document> records = database.getCollection(MongoStore.COURSES);
    assertThat(
            records
                .updateOne(
                    Filters.and(
                        Filters.eq("tenantId", Bootstrap.DEFAULT_TENANT),
                        Filters.eq("courseId", courseId)),
                    Updates.set("latest.report.findings", findings))
                .getModifiedCount())
        .isEqualTo(1);
    database
        .getCollection(MongoStore.COURSE_VERSIONS)
        .updateMany(
            Filters.and(
                Filters.eq("tenantId", Bootstrap.DEFAULT_TENANT), Filters.eq("courseId", courseId)),
            Updates.set("report.findings", findings));
  }

  private static CourseVersion withoutReport(CourseVersion v) {
    return new CourseVersion(
        v.tenantId(),
        v.courseId(),
        v.version(),
        v.title(),
        v.blobId(),
        v.packageSize(),
        v.fileName(),
        v.description(),
        null,
        v.created(),
        v.updated());
  }

  @Test
  void theReadOfGetCourseLeavesOutTheReportOnly() {
    importCourse(server, KEY, "nr-course", TestPackages.scorm2004("Reported"));
    addFindings("nr-course");

    WithLatest whole =
        courses().findWithLatest(Bootstrap.DEFAULT_TENANT, "nr-course").orElseThrow();
    WithLatest lean =
        courses().findWithLatestWithoutReport(Bootstrap.DEFAULT_TENANT, "nr-course").orElseThrow();

    assertThat(whole.latest()).isNotNull();
    assertThat(whole.latest().report().findings())
        .extracting(f -> f.severity())
        .containsExactlyInAnyOrder(Severity.WARNING, Severity.ERROR);
    assertThat(lean.latest()).isNotNull();
    assertThat(lean.latest().report()).isNull();
    assertThat(lean.latest()).isEqualTo(withoutReport(whole.latest()));
    assertThat(lean.course()).isEqualTo(whole.course());
  }

  @Test
  void getCourseAnswersWhatTheWholeReadMapsTo() throws Exception {
    importCourse(server, KEY, "nr-answer", TestPackages.scorm12("First"));
    importCourse(server, KEY, "nr-answer", TestPackages.scorm2004("Second"), true);
    addFindings("nr-answer");
    WithLatest whole =
        courses().findWithLatest(Bootstrap.DEFAULT_TENANT, "nr-answer").orElseThrow();
    CourseView view = new CourseView(whole.course(), whole.latest());

    Course plain =
        server
            .blocking(KEY)
            .getCourse(GetCourseRequest.newBuilder().setCourseId("nr-answer").build());
    assertThat(plain).isEqualTo(CourseProtoMapper.toProto(view, Include.NONE, false));
    assertThat(plain.getVersion()).isEqualTo(1);
    assertThat(plain.getTitle()).isEqualTo("Second");
    assertThat(plain.getRootActivity().getChildrenCount()).isPositive();

    Course withMetadata =
        server
            .blocking(KEY)
            .getCourse(
                GetCourseRequest.newBuilder()
                    .setCourseId("nr-answer")
                    .setIncludeCourseMetadata(true)
                    .build());
    assertThat(withMetadata)
        .isEqualTo(CourseProtoMapper.toProto(view, new Include(true, false), false));
    assertThat(withMetadata.hasMetadata()).isTrue();

    // A pinned version is read whole from the versions, as before.
    Course first =
        server
            .blocking(KEY)
            .getCourse(
                GetCourseRequest.newBuilder().setCourseId("nr-answer").setVersionId(0).build());
    assertThat(first.getVersion()).isZero();
    assertThat(first.getTitle()).isEqualTo("First");

    HttpResponse<String> rest =
        HTTP.send(
            HttpRequest.newBuilder(server.http().resolve("/api/v2/courses/nr-answer"))
                .header("Authorization", CourseportServerExtension.basic(KEY))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(rest.statusCode()).isEqualTo(200);
    assertThat(rest.body()).contains("\"id\":\"nr-answer\"").contains("\"title\":\"Second\"");
  }
}
