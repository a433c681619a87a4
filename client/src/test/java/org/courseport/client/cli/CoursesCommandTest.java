package org.courseport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.CourseList;
import org.courseport.api.v1.DeleteCourseRequest;
import org.courseport.api.v1.DeleteCourseVersionRequest;
import org.courseport.api.v1.GetCourseRequest;
import org.courseport.api.v1.GetCourseZipRequest;
import org.courseport.api.v1.GetCoursesRequest;
import org.courseport.api.v1.SetCourseTitleRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoursesCommandTest {
  private static final Timestamp UPDATED = Timestamp.newBuilder().setSeconds(1_767_225_600).build();

  @TempDir Path dir;
  private CliHarness cli;

  @BeforeEach
  void start() throws Exception {
    cli = new CliHarness();
  }

  @AfterEach
  void stop() {
    cli.close();
  }

  @Test
  void list_printsATableAndPassesTheFilters() {
    cli.service.pages.add(CourseList.newBuilder().addCourses(golf()).build());

    CliHarness.Run run =
        cli.run(
            "courses",
            "list",
            "--filter",
            "gol",
            "--filter-by",
            "title",
            "--tags",
            "a,b",
            "--order-by",
            "title_asc",
            "--since",
            "2026-01-01T00:00:00Z",
            "--until",
            "2026-12-31");

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines())
        .containsExactly(
            "ID    VERSION  STANDARD  UPDATED               TAGS         TITLE",
            "golf  2        SCORM12   2026-01-01T00:00:00Z  sport,intro  Golf Explained");
    GetCoursesRequest sent = cli.service.last(GetCoursesRequest.class);
    assertThat(sent.getFilter()).isEqualTo("gol");
    assertThat(sent.getFilterBy()).isEqualTo("title");
    assertThat(sent.getTags()).isEqualTo("a,b");
    assertThat(sent.getOrderBy()).isEqualTo("title_asc");
    assertThat(sent.getSince()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(sent.getUntil()).isEqualTo("2026-12-31");
  }

  @Test
  void list_withMorePages_showsFirstPageAndHintsAtAll() {
    cli.service.pages.add(CourseList.newBuilder().addCourses(golf()).setMore("1").build());

    CliHarness.Run run = cli.run("courses", "list");

    assertThat(run.outLines()).hasSize(2);
    assertThat(run.err()).contains("add --all");
  }

  @Test
  void list_all_walksEveryPage() {
    cli.service.pages.add(CourseList.newBuilder().addCourses(golf()).setMore("1").build());
    cli.service.pages.add(
        CourseList.newBuilder().addCourses(golf().toBuilder().setId("tennis")).build());

    CliHarness.Run run = cli.run("courses", "list", "--all", "--json");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("\"id\": \"golf\"").contains("\"id\": \"tennis\"");
    assertThat(run.out()).doesNotContain("\"more\"");
    assertThat(cli.service.requests).hasSize(2);
  }

  @Test
  void get_json_printsTheCourseWithVersionZero() {
    cli.service.courses.put("golf", golf().toBuilder().setVersion(0).build());

    CliHarness.Run run = cli.run("courses", "get", "golf", "--version", "0", "--json");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("\"id\": \"golf\"").contains("\"version\": 0");
    assertThat(cli.service.last(GetCourseRequest.class).getVersionId()).isZero();
    assertThat(cli.service.last(GetCourseRequest.class).hasVersionId()).isTrue();
  }

  @Test
  void get_text_printsTheMainFields() {
    cli.service.courses.put("golf", golf());

    CliHarness.Run run = cli.run("courses", "get", "golf");

    assertThat(run.outLines())
        .contains("id:       golf", "title:    Golf Explained", "standard: SCORM12");
  }

  @Test
  void get_unknownCourse_printsOneErrorLineAndExitsOne() {
    CliHarness.Run run = cli.run("courses", "get", "nope");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).containsExactly("error: course 'nope' not found (COURSE_NOT_FOUND)");
  }

  @Test
  void negativeVersion_isAUsageErrorNamingTheFlag() {
    // The server's answer names its own parameter ("versionId must be 0 or more").
    for (String command : List.of("get", "delete", "download")) {
      CliHarness.Run run =
          CliHarness.execute(
              CourseportCli.commandLine(
                  new CourseportCli((t, k) -> cli.courseport.client(k), false)),
              "courses",
              command,
              "golf",
              "--version",
              "-1",
              "--key=app:s3cret");

      assertThat(run.exitCode()).as(command).isEqualTo(2);
      assertThat(run.errLines()).first().asString().contains("--version must be 0 or more, got -1");
      assertThat(run.err()).doesNotContain("versionId");
    }
    assertThat(cli.service.requests).isEmpty();
  }

  @Test
  void delete_withAndWithoutVersion_callsTheMatchingRpc() {
    CliHarness.Run course = cli.run("courses", "delete", "golf");
    CliHarness.Run version = cli.run("courses", "delete", "golf", "--version", "3");

    assertThat(course.out()).isEqualTo("deleted course 'golf'\n");
    assertThat(version.out()).isEqualTo("deleted version 3 of course 'golf'\n");
    assertThat(cli.service.last(DeleteCourseRequest.class).getCourseId()).isEqualTo("golf");
    assertThat(cli.service.last(DeleteCourseVersionRequest.class).getVersionId()).isEqualTo(3);
  }

  @Test
  void versions_printsOneRowPerVersion() {
    cli.service.versions =
        List.of(golf().toBuilder().setVersion(0).build(), golf().toBuilder().setVersion(1).build());

    CliHarness.Run run = cli.run("courses", "versions", "golf");

    assertThat(run.outLines()).hasSize(3);
    assertThat(run.outLines().get(1)).startsWith("0  ");
    assertThat(run.outLines().get(2)).startsWith("1  ");
  }

  @Test
  void title_setsTheTitle() {
    CliHarness.Run run = cli.run("courses", "title", "golf", "Golf, Explained Again");

    assertThat(run.exitCode()).isZero();
    assertThat(cli.service.last(SetCourseTitleRequest.class).getTitle().getTitle())
        .isEqualTo("Golf, Explained Again");
  }

  @Test
  void download_writesTheZipToTheOutputFile() throws Exception {
    byte[] content = "PK\3\4 fake zip bytes".getBytes(StandardCharsets.UTF_8);
    cli.service.file = content;
    Path target = dir.resolve("golf-v1.zip");

    CliHarness.Run run =
        cli.run("courses", "download", "golf", "--version", "1", "-o", target.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(Files.readAllBytes(target)).isEqualTo(content);
    assertThat(run.out()).startsWith("saved " + target);
    assertThat(cli.service.last(GetCourseZipRequest.class).getVersionId()).isEqualTo(1);
  }

  private static Course golf() {
    return Course.newBuilder()
        .setId("golf")
        .setVersion(2)
        .setTitle("Golf Explained")
        .setCourseLearningStandard(Course.LearningStandard.SCORM12)
        .setUpdated(UPDATED)
        .addTags("sport")
        .addTags("intro")
        .build();
  }
}
