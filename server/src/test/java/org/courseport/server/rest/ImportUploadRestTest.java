package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.rest.ScormCloudRest.dateTime;
import static org.courseport.server.rest.ScormCloudRest.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp.Response;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /courses/importJobs/upload} and {@code GET /courses/importJobs/{id}} over REST. */
class ImportUploadRestTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private final ScormCloudRest api = ScormCloudRest.basic(server, CourseportServerExtension.KEY);

  @Test
  void upload_asTheJavaClientSendsIt_answersResultWithJobId() {
    Response r =
        api.upload("up-result", "", "up-result.zip", TestPackages.scorm12("Result"), Map.of());

    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonNode body = r.json();
    assertThat(fieldNames(body)).containsExactly("result");
    assertThat(body.get("result").isTextual()).isTrue();
    assertThat(body.get("result").asText()).isNotBlank();
  }

  @Test
  void completedJob_hasTheDocumentedCompleteShape() {
    String jobId = api.startUpload("up-complete", "", TestPackages.scorm12("Complete Title"));

    JsonNode job = api.awaitJob(jobId);

    assertThat(fieldNames(job)).containsExactlyInAnyOrder("jobId", "status", "importResult");
    assertThat(job.get("jobId").asText()).isEqualTo(jobId);
    assertThat(job.get("status").asText()).isEqualTo("COMPLETE");
    JsonNode result = job.get("importResult");
    assertThat(result.get("webPathToCourse").isTextual()).isTrue();
    assertThat(result.get("parserWarnings").isArray()).isTrue();
    assertThat(result.get("courseLanguages").isArray()).isTrue();
    JsonNode course = result.get("course");
    assertThat(course.get("id").asText()).isEqualTo("up-complete");
    assertThat(course.get("title").asText()).isEqualTo("Complete Title");
    assertThat(course.get("version").isInt()).as("version 0 must be printed").isTrue();
    assertThat(course.get("version").asInt()).isZero();
    assertThat(course.get("courseLearningStandard").asText()).isEqualTo("SCORM12");
    assertThat(course.get("tags").isArray()).isTrue();
    assertThat(course.get("dispatched").asBoolean(true)).isFalse();
    dateTime(course.get("created"));
    dateTime(course.get("updated"));
    assertThat(course.has("registrationCount")).as("only when requested").isFalse();
    assertThat(course.has("metadata")).as("only when requested").isFalse();
    JsonNode root = course.get("rootActivity");
    assertThat(root.get("activityType").asText()).isIn("AGGREGATION", "SCO");
  }

  @Test
  void scorm2004Upload_reportsEditionAndActivityTree() {
    JsonNode course =
        api.importCourse("up-2004", TestPackages.scorm2004("Twenty"))
            .get("importResult")
            .get("course");

    assertThat(course.get("courseLearningStandard").asText()).isEqualTo("SCORM20044THEDITION");
    JsonNode root = course.get("rootActivity");
    assertThat(root.get("activityType").asText()).isEqualTo("AGGREGATION");
    JsonNode chapter = root.get("children").get(0);
    assertThat(chapter.get("itemIdentifier").asText()).isEqualTo("CHAPTER");
    assertThat(chapter.get("activityType").asText()).isEqualTo("AGGREGATION");
    JsonNode two = chapter.get("children").get(1);
    assertThat(two.get("itemIdentifier").asText()).isEqualTo("I2");
    assertThat(two.get("resourceIdentifier").asText()).isEqualTo("R2");
    assertThat(two.get("activityType").asText()).isEqualTo("SCO");
    assertThat(two.get("href").asText()).startsWith("two.html").contains("page=2");
    assertThat(two.get("title").asText()).isEqualTo("Two");
    assertThat(two.get("children").isArray()).isTrue();
    assertThat(two.get("scaledPassingScore").isTextual()).as("a string, not a number").isTrue();
  }

  @Test
  void uploadIntoExistingCourse_is409_unlessMayCreateNewVersion() {
    api.importCourse("up-again", TestPackages.scorm12("First"));

    Response conflict =
        api.upload("up-again", "", "again.zip", TestPackages.scorm12("Second"), Map.of());
    assertThat(message(conflict, 409)).contains("up-again");
    Response explicitFalse =
        api.upload(
            "up-again",
            "&mayCreateNewVersion=false",
            "again.zip",
            TestPackages.scorm12("Second"),
            Map.of());
    message(explicitFalse, 409);

    JsonNode job =
        api.importCourse("up-again", "&mayCreateNewVersion=true", TestPackages.scorm12("Second"));
    assertThat(job.get("importResult").get("course").get("version").asInt()).isEqualTo(1);
    assertThat(api.get("/courses/up-again").json().get("version").asInt()).isEqualTo(1);
  }

  @Test
  void mayCreateNewVersion_forANewCourse_hasNoEffect() {
    JsonNode job =
        api.importCourse(
            "up-new-with-flag", "&mayCreateNewVersion=true", TestPackages.scorm12("New"));

    assertThat(job.get("importResult").get("course").get("version").asInt()).isZero();
  }

  @Test
  void uploadedContentTypeHeader_ofAZip_isAccepted() {
    Response r =
        api.upload(
            "up-typed",
            "",
            "typed.zip",
            TestPackages.scorm12("Typed"),
            Map.of("uploadedContentType", "application/zip"));

    assertThat(r.status()).as("%s", r).isEqualTo(200);
    JsonNode job = api.awaitJob(r.json().get("result").asText());
    assertThat(job.get("status").asText()).as("%s", job).isEqualTo("COMPLETE");
  }

  @Test
  void pdfWithUploadedContentTypeAndTrailingContentMetadata_becomesAOneFileCourse() {
    byte[] pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    String metadata =
        "{\"title\":\"Handbook\",\"description\":\"All rules\","
            + "\"contentLanguage\":\"fr\",\"estimatedDuration\":60}";

    Response r =
        api.upload(
            "up-pdf",
            "",
            "handbook.pdf",
            pdf,
            metadata,
            Map.of("uploadedContentType", "application/pdf"));

    assertThat(r.status()).as("%s", r).isEqualTo(200);
    JsonNode job = api.awaitJob(r.json().get("result").asText());
    assertThat(job.get("status").asText()).as("%s", job).isEqualTo("COMPLETE");
    JsonNode course = job.get("importResult").get("course");
    assertThat(course.get("title").asText()).isEqualTo("Handbook");
    assertThat(course.get("courseLearningStandard").asText()).isEqualTo("UNKNOWN");
    assertThat(job.get("importResult").get("courseLanguages"))
        .extracting(JsonNode::asText)
        .containsExactly("fr");
    Response asset = api.get("/courses/up-pdf/asset?relativePath=handbook.pdf");
    assertThat(asset.status()).isEqualTo(200);
    assertThat(asset.header("Content-Type")).startsWith("application/pdf");
    assertThat(asset.body()).isEqualTo(pdf);
  }

  @Test
  void uploadedContentTypeThatTheBytesContradict_endsInError() {
    Response r =
        api.upload(
            "up-fake-pdf",
            "",
            "fake.pdf",
            TestPackages.scorm12("Zip"),
            Map.of("uploadedContentType", "application/pdf"));

    assertThat(r.status()).as("%s", r).isEqualTo(200);
    JsonNode job = api.awaitJob(r.json().get("result").asText());
    assertThat(job.get("status").asText()).isEqualTo("ERROR");
    assertThat(job.get("message").asText()).contains("application/pdf");
  }

  @Test
  void uploadOfTwelveMebibytes_isStoredWhole_andDownloadsIdentically() throws Exception {
    byte[] media = new byte[12 * 1024 * 1024];
    new java.util.Random(7).nextBytes(media);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
      byte[] small = TestPackages.scorm12("Big");
      for (String name : List.of("imsmanifest.xml", "index.html")) {
        zip.putNextEntry(new java.util.zip.ZipEntry(name));
        zip.write(entry(small, name));
        zip.closeEntry();
      }
      zip.putNextEntry(new java.util.zip.ZipEntry("media/noise.bin"));
      zip.write(media);
      zip.closeEntry();
    }
    byte[] big = bytes.toByteArray();

    JsonNode job = api.importCourse("up-big", big);

    assertThat(job.get("importResult").get("course").get("title").asText()).isEqualTo("Big");
    Response zip = api.get("/courses/up-big/zip");
    assertThat(zip.status()).isEqualTo(200);
    assertThat(zip.body()).isEqualTo(big);
    assertThat(api.get("/courses/up-big/asset?relativePath=media/noise.bin").body())
        .isEqualTo(media);
  }

  @Test
  void concurrentUploadsOfOneNewCourse_createItOnce() {
    String first = api.startUpload("up-race", "", TestPackages.scorm12("One"));
    Response second = api.upload("up-race", "", "race.zip", TestPackages.scorm12("Two"), Map.of());

    List<String> outcomes = new ArrayList<>();
    outcomes.add(api.awaitJob(first).get("status").asText());
    if (second.status() == 409) {
      outcomes.add("409");
    } else {
      assertThat(second.status()).as("%s", second).isEqualTo(200);
      outcomes.add(api.awaitJob(second.json().get("result").asText()).get("status").asText());
    }
    assertThat(outcomes).containsOnlyOnce("COMPLETE").hasSize(2).containsAnyOf("ERROR", "409");
    assertThat(api.get("/courses/up-race/versions").json().get("courses")).hasSize(1);
  }

  @Test
  void concurrentNewVersions_getDistinctVersionNumbers() {
    api.importCourse("up-race-versions", TestPackages.scorm12("Base"));
    List<String> jobs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      jobs.add(
          api.startUpload(
              "up-race-versions", "&mayCreateNewVersion=true", TestPackages.scorm12("V" + i)));
    }

    List<Integer> versions = new ArrayList<>();
    for (String job : jobs) {
      JsonNode done = api.awaitJob(job);
      assertThat(done.get("status").asText()).as("%s", done).isEqualTo("COMPLETE");
      versions.add(done.get("importResult").get("course").get("version").asInt());
    }
    assertThat(versions).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(api.get("/courses/up-race-versions/versions").json().get("courses")).hasSize(4);
  }

  @Test
  void packageWithoutManifest_endsInErrorWithTheDocumentedShape() {
    byte[] zip = TestPackages.zip(Map.of("index.html", "<html></html>"));
    String jobId = api.startUpload("up-no-manifest", "", zip);

    JsonNode job = api.awaitJob(jobId);

    assertThat(fieldNames(job)).containsExactlyInAnyOrder("jobId", "status", "message");
    assertThat(job.get("jobId").asText()).isEqualTo(jobId);
    assertThat(job.get("status").asText()).isEqualTo("ERROR");
    assertThat(job.get("message").asText()).containsIgnoringCase("manifest");
    message(api.get("/courses/up-no-manifest"), 404);
  }

  @Test
  void bytesThatAreNoZip_endInError() {
    String jobId = api.startUpload("up-not-zip", "", "just text".getBytes());

    JsonNode job = api.awaitJob(jobId);

    assertThat(job.get("status").asText()).isEqualTo("ERROR");
    assertThat(job.get("message").asText()).isNotBlank();
  }

  @Test
  void uploadWithoutCourseId_is400NamingIt() {
    Response r =
        api.send(
            api.request("/courses/importJobs/upload")
                .header("Content-Type", "multipart/form-data;boundary=Boundary_x")
                .POST(BodyPublishers.ofString("--Boundary_x--\r\n"))
                .build());

    assertThat(message(r, 400)).contains("courseId");
  }

  @Test
  void uploadWithoutFilePart_is400() {
    String form =
        "--Boundary_y\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n"
            + "--Boundary_y--\r\n";
    Response r =
        api.send(
            api.request("/courses/importJobs/upload?courseId=up-nofile")
                .header("Content-Type", "multipart/form-data;boundary=Boundary_y")
                .POST(BodyPublishers.ofString(form))
                .build());

    assertThat(message(r, 400)).contains("file");
  }

  @Test
  void uploadWithUnusableCourseId_is400NamingIt() {
    assertThat(message(api.upload("a/b", "", "x.zip", TestPackages.scorm12("X"), Map.of()), 400))
        .contains("courseId");
    assertThat(
            message(
                api.upload("y".repeat(256), "", "x.zip", TestPackages.scorm12("X"), Map.of()), 400))
        .contains("courseId");
  }

  @Test
  void uploadWithBadMayCreateNewVersion_is400NamingIt() {
    Response r =
        api.upload(
            "up-badflag", "&mayCreateNewVersion=yes", "x.zip", TestPackages.scorm12("X"), Map.of());

    assertThat(message(r, 400)).contains("mayCreateNewVersion");
  }

  @Test
  void uploadWithNonHttpPostbackUrl_is400() {
    Response r =
        api.upload(
            "up-badpostback",
            "&postbackUrl=" + ScormCloudRest.enc("ftp://x/y"),
            "x.zip",
            TestPackages.scorm12("X"),
            Map.of());

    assertThat(message(r, 400)).contains("postbackUrl");
  }

  @Test
  void unknownImportJob_is404WithMessage() {
    message(api.get("/courses/importJobs/no-such-job"), 404);
  }

  @Test
  void importJobOfAnotherTenant_is404() {
    String jobId = api.startUpload("up-private", "", TestPackages.scorm12("Private"));
    api.awaitJob(jobId);

    ScormCloudRest other = ScormCloudRest.basic(server, server.newTenant());

    message(other.get("/courses/importJobs/" + jobId), 404);
    message(other.get("/courses/up-private"), 404);
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static byte[] entry(byte[] zip, String name) {
    try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.getName().equals(name)) {
          return in.readAllBytes();
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new AssertionError("no " + name);
  }
}
