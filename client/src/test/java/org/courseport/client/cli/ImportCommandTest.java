package org.courseport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.CreateFetchAndImportCourseJobRequest;
import org.courseport.api.v1.ImportJobResult;
import org.courseport.api.v1.ImportResult;
import org.courseport.api.v1.UploadMetadata;
import org.courseport.client.testing.FakeCourseService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest {
  @TempDir Path dir;
  private CliHarness cli;
  private Path zip;

  @BeforeEach
  void start() throws Exception {
    cli = new CliHarness();
    zip = Files.write(dir.resolve("golf.zip"), new byte[300_000]);
  }

  @AfterEach
  void stop() {
    cli.close();
  }

  @Test
  void importZip_uploadsWaitsForTheJobAndPrintsTheResult() {
    cli.service.jobStates.add(running());
    cli.service.jobStates.add(complete("manifest found in folder 'golf/'"));

    CliHarness.Run run =
        cli.run(
            "import",
            zip.toString(),
            "--course-id",
            "golf",
            "--new-version",
            "--postback-url",
            "https://hook.example/done");

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines())
        .containsExactly(
            "course:   golf",
            "version:  0",
            "standard: SCORM12",
            "title:    Golf Explained",
            "warnings: 1",
            "  - manifest found in folder 'golf/'");
    UploadMetadata metadata = cli.service.uploadMessages.get(0).getMetadata();
    assertThat(metadata.getCourseId()).isEqualTo("golf");
    assertThat(metadata.getMayCreateNewVersion()).isTrue();
    assertThat(metadata.getPostbackUrl()).isEqualTo("https://hook.example/done");
    assertThat(cli.service.uploadMessages).hasSize(1 + 5);
  }

  @Test
  void importZip_stderrNotATerminal_reportsProgressInPlainLines() {
    cli.service.jobStates.add(complete());

    CliHarness.Run run = cli.run("import", zip.toString(), "--course-id", "golf");

    assertThat(run.err()).doesNotContain("\r");
    assertThat(run.errLines())
        .anySatisfy(line -> assertThat(line).startsWith("uploading golf.zip:  21% 64.0 KiB / "))
        .anySatisfy(
            line -> assertThat(line).startsWith("uploading golf.zip: 100% 293.0 KiB / 293.0 KiB"))
        .contains("import job job-1 started, waiting for it to finish");
  }

  @Test
  void importZip_jobEndsInError_printsItsMessageAndExitsOne() {
    cli.service.jobStates.add(
        ImportJobResult.newBuilder()
            .setJobId("job-1")
            .setStatus(ImportJobResult.Status.ERROR)
            .setMessage("no manifest found (imsmanifest.xml, cmi5.xml, tincan.xml)")
            .build());

    CliHarness.Run run = cli.run("import", zip.toString(), "--course-id", "golf");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .last()
        .isEqualTo(
            "error: import job job-1 failed: no manifest found (imsmanifest.xml, cmi5.xml,"
                + " tincan.xml)");
  }

  @Test
  void importZip_courseExists_namesTheCliFlagInOneErrorLine() {
    cli.service.uploadFailure =
        FakeCourseService.error(
            Status.Code.ALREADY_EXISTS,
            "COURSE_EXISTS",
            "Course 'golf' already exists; set mayCreateNewVersion=true to import a new version");

    CliHarness.Run run = cli.run("import", zip.toString(), "--course-id", "golf");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines())
        .last()
        .isEqualTo(
            "error: course 'golf' already exists; pass --new-version to import the package as a"
                + " new version of it (COURSE_EXISTS)");
    assertThat(run.err())
        .doesNotContain("mayCreateNewVersion")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void importZip_invalidParameters_areNamedByTheCliFlags() {
    cli.service.uploadFailure =
        FakeCourseService.error(
            Status.Code.INVALID_ARGUMENT,
            "COURSE_ID_INVALID",
            "courseId must be at most 255 characters");
    CliHarness.Run courseId = cli.run("import", zip.toString(), "--course-id", "g");
    cli.service.uploadFailure =
        FakeCourseService.error(
            Status.Code.INVALID_ARGUMENT,
            "URL_INVALID",
            "postbackUrl must be an absolute http or https URL: ftp://x/postbackUrl");
    CliHarness.Run postback =
        cli.run("import", zip.toString(), "--course-id", "g", "--postback-url", "ftp://x");

    assertThat(courseId.errLines())
        .last()
        .isEqualTo("error: --course-id must be at most 255 characters (COURSE_ID_INVALID)");
    assertThat(postback.errLines())
        .last()
        .isEqualTo(
            "error: --postback-url must be an absolute http or https URL: ftp://x/postbackUrl"
                + " (URL_INVALID)");
  }

  @Test
  void importZip_jobEndsBecauseTheCourseExists_namesTheCliFlag() {
    cli.service.jobStates.add(
        ImportJobResult.newBuilder()
            .setJobId("job-1")
            .setStatus(ImportJobResult.Status.ERROR)
            .setMessage(
                "Course 'golf' already exists; set mayCreateNewVersion=true to import a new"
                    + " version")
            .build());

    CliHarness.Run run = cli.run("import", zip.toString(), "--course-id", "golf");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines())
        .last()
        .isEqualTo(
            "error: import job job-1 failed: Course 'golf' already exists; pass --new-version to"
                + " import a new version");
  }

  @Test
  void importUrl_createsAFetchJobThenWaits() {
    cli.service.jobStates.add(complete());

    CliHarness.Run run =
        cli.run("import", "--url", "https://cdn.example/golf.zip", "--course-id", "golf");

    assertThat(run.exitCode()).isZero();
    CreateFetchAndImportCourseJobRequest sent =
        cli.service.last(CreateFetchAndImportCourseJobRequest.class);
    assertThat(sent.getImportRequest().getUrl()).isEqualTo("https://cdn.example/golf.zip");
    assertThat(sent.getCourseId()).isEqualTo("golf");
    assertThat(sent.getMayCreateNewVersion()).isFalse();
    assertThat(cli.service.uploadMessages).isEmpty();
  }

  @Test
  void import_zipAndUrlTogetherOrNeither_isAUsageError() {
    CliHarness.Run both =
        cli.run("import", zip.toString(), "--url", "https://x", "--course-id", "g");
    CliHarness.Run neither = cli.run("import", "--course-id", "g");

    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(neither.exitCode()).isEqualTo(2);
    assertThat(neither.err()).contains("give either a <zip> file or --url URL");
    assertThat(cli.courseport.headers).isEmpty();
  }

  @Test
  void importZip_missingFile_printsOneLine() {
    CliHarness.Run run =
        cli.run("import", dir.resolve("absent.zip").toString(), "--course-id", "g");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("error: no such file: " + dir.resolve("absent.zip"));
  }

  private static ImportJobResult running() {
    return ImportJobResult.newBuilder()
        .setJobId("job-1")
        .setStatus(ImportJobResult.Status.RUNNING)
        .build();
  }

  private static ImportJobResult complete(String... warnings) {
    Course course =
        Course.newBuilder()
            .setId("golf")
            .setVersion(0)
            .setTitle("Golf Explained")
            .setCourseLearningStandard(Course.LearningStandard.SCORM12)
            .build();
    return ImportJobResult.newBuilder()
        .setJobId("job-1")
        .setStatus(ImportJobResult.Status.COMPLETE)
        .setImportResult(
            ImportResult.newBuilder().setCourse(course).addAllParserWarnings(List.of(warnings)))
        .build();
  }
}
