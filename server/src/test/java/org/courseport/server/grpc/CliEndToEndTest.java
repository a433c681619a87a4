package org.courseport.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.grpc.GrpcFixtures.assertFails;

import io.grpc.Status;
import java.nio.file.Path;
import java.util.Map;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.GetCourseRequest;
import org.courseport.api.v1.GetCourseVersionsRequest;
import org.courseport.server.testing.CliRun;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code courseport} command line, run in-process against the real server over a plaintext gRPC
 * connection, as a user would run it from a shell. Each test works in a tenant of its own.
 */
class CliEndToEndTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  @TempDir Path dir;

  private final String key = server.newTenant();

  @Test
  void import_uploadsWaitsAndPrintsTheImportedCourse() {
    Path zip = TestPackages.write(dir, "intro.zip", TestPackages.scorm12("Intro from CLI"));

    CliRun run = cli("import", zip.toString(), "--course-id", "cli-intro");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "course:   cli-intro",
            "version:  0",
            "standard: SCORM12",
            "title:    Intro from CLI",
            "warnings: none");
    assertThat(run.err()).containsPattern("import job \\S+ started");
    Course stored =
        server
            .blocking(key)
            .getCourse(GetCourseRequest.newBuilder().setCourseId("cli-intro").build());
    assertThat(stored.getTitle()).isEqualTo("Intro from CLI");
  }

  @Test
  void import_existingCourse_failsInOneLineUnlessNewVersionIsAsked() {
    Path v0 = TestPackages.write(dir, "v0.zip", TestPackages.scorm12("Version zero"));
    Path v1 = TestPackages.write(dir, "v1.zip", TestPackages.scorm2004("Version one"));
    assertThat(cli("import", v0.toString(), "--course-id", "cli-versions").exitCode()).isZero();

    CliRun refused = cli("import", v1.toString(), "--course-id", "cli-versions");
    CliRun added = cli("import", v1.toString(), "--course-id", "cli-versions", "--new-version");

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.errorLines()).hasSize(1);
    assertThat(refused.errorLines().get(0))
        .contains("cli-versions")
        .contains("pass --new-version")
        .endsWith("(COURSE_EXISTS)");
    assertThat(added.exitCode()).as(added.err()).isZero();
    assertThat(added.out()).contains("version:  1", "standard: SCORM20044THEDITION");
  }

  @Test
  void import_refusedPackage_exitsOneNamingTheRule() {
    Path junk =
        TestPackages.write(
            dir, "junk.zip", TestPackages.zip(Map.of("readme.txt", "no manifest here")));

    CliRun run = cli("import", junk.toString(), "--course-id", "cli-junk");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errorLines()).hasSize(1);
    assertThat(run.errorLines().get(0))
        .startsWith("error: import job")
        .contains("[manifest.missing]");
    assertFails(
        () ->
            server
                .blocking(key)
                .getCourse(GetCourseRequest.newBuilder().setCourseId("cli-junk").build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
  }

  @Test
  void coursesList_showsEveryCourseOfTheTenant() {
    importWithCli("cli-list-a", TestPackages.scorm12("Alpha"));
    importWithCli("cli-list-b", TestPackages.scorm2004("Beta"));

    CliRun table = cli("courses", "list");
    CliRun json = cli("courses", "list", "--json", "--order-by", "title_desc");

    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.outLines().get(0)).contains("ID", "VERSION", "STANDARD", "TITLE");
    assertThat(table.outLines()).hasSize(3);
    assertThat(table.out()).contains("cli-list-a", "Alpha", "cli-list-b", "Beta");
    assertThat(json.exitCode()).isZero();
    assertThat(json.out().indexOf("\"cli-list-b\""))
        .isNotNegative()
        .isLessThan(json.out().indexOf("\"cli-list-a\""));
  }

  @Test
  void coursesGetAndVersions_showTheLatestOrTheAskedVersion() {
    importWithCli("cli-get", TestPackages.scorm12("First"));
    Path v1 = TestPackages.write(dir, "get-v1.zip", TestPackages.scorm2004("Second"));
    assertThat(cli("import", v1.toString(), "--course-id", "cli-get", "--new-version").exitCode())
        .isZero();

    CliRun latest = cli("courses", "get", "cli-get");
    CliRun first = cli("courses", "get", "cli-get", "--version", "0");
    CliRun versions = cli("courses", "versions", "cli-get");

    assertThat(latest.exitCode()).as(latest.err()).isZero();
    assertThat(latest.out())
        .contains(
            "id:       cli-get",
            "version:  1",
            "title:    Second",
            "launch:   one.html",
            "activities:");
    assertThat(first.out()).contains("version:  0", "standard: SCORM12");
    assertThat(versions.exitCode()).isZero();
    assertThat(versions.outLines()).hasSize(3);
    assertThat(versions.outLines().get(1)).startsWith("0").contains("SCORM12");
    assertThat(versions.outLines().get(2)).startsWith("1").contains("SCORM20044THEDITION");
  }

  @Test
  void coursesDelete_removesAVersionOrTheCourse() {
    importWithCli("cli-delete", TestPackages.scorm12("Delete 0"));
    Path v1 = TestPackages.write(dir, "delete-v1.zip", TestPackages.scorm12("Delete 1"));
    assertThat(
            cli("import", v1.toString(), "--course-id", "cli-delete", "--new-version").exitCode())
        .isZero();

    CliRun version = cli("courses", "delete", "cli-delete", "--version", "1");
    assertThat(version.exitCode()).as(version.err()).isZero();
    assertThat(version.out()).contains("deleted version 1 of course 'cli-delete'");
    assertThat(
            server
                .blocking(key)
                .getCourseVersions(
                    GetCourseVersionsRequest.newBuilder().setCourseId("cli-delete").build())
                .getCoursesList())
        .extracting(Course::getVersion)
        .containsExactly(0);

    CliRun course = cli("courses", "delete", "cli-delete");
    assertThat(course.exitCode()).isZero();
    assertThat(course.out()).contains("deleted course 'cli-delete'");
    assertFails(
        () ->
            server
                .blocking(key)
                .getCourse(GetCourseRequest.newBuilder().setCourseId("cli-delete").build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
  }

  @Test
  void unknownCourse_printsOneErrorLineAndExitsOne() {
    CliRun run = cli("courses", "get", "cli-nowhere");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .containsExactly("error: Course 'cli-nowhere' not found (COURSE_NOT_FOUND)");
  }

  @Test
  void wrongKey_printsOneErrorLineAndExitsOne() {
    CliRun run =
        CliRun.run(
            server, key.substring(0, key.indexOf(':')) + ":not-the-secret", "courses", "list");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0)).startsWith("error: ").contains("UNAUTHENTICATED");
  }

  @Test
  void validate_brokenPackage_printsFindingsAndExitsOne() {
    Path broken =
        TestPackages.write(
            dir, "broken.zip", TestPackages.zip(Map.of("imsmanifest.xml", "<manifest")));

    CliRun run = cli("validate", broken.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("ERROR").contains("invalid: ");
    assertThat(
            server
                .blocking(key)
                .getCourses(org.courseport.api.v1.GetCoursesRequest.getDefaultInstance())
                .getCoursesList())
        .isEmpty();
  }

  // --- helpers

  private void importWithCli(String courseId, byte[] zip) {
    Path file = TestPackages.write(dir, courseId + ".zip", zip);
    CliRun run = cli("import", file.toString(), "--course-id", courseId);
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  private CliRun cli(String... args) {
    return CliRun.run(server, key, args);
  }
}
