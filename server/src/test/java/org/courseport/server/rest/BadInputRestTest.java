package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.rest.ScormCloudRest.message;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp.Response;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input against the real server over REST: every answer is the SCORM Cloud error body with a
 * message naming the problem, and nothing is stored.
 */
class BadInputRestTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private final ScormCloudRest api = ScormCloudRest.basic(server, CourseportServerExtension.KEY);

  @Test
  void setTitle_nonStringJson_is400NamingTheField_andTitleUnchanged() {
    api.importCourse("c-title-type", TestPackages.scorm12("Original"));

    Response r =
        api.send(
            api.request("/courses/c-title-type/title")
                .header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString("{\"title\": 5}"))
                .build());

    assertThat(message(r, 400)).contains("'title'").contains("expected a string");
    assertThat(api.get("/courses/c-title-type").json().get("title").asText()).isEqualTo("Original");
  }

  @Test
  void setTitle_controlCharactersOrTooLong_is400NamingTheField() {
    api.importCourse("c-title-text", TestPackages.scorm12("Original"));

    assertThat(
            message(
                api.put(
                    "/courses/c-title-text/title", ScormCloudRest.obj("title", "bad\u0007bell")),
                400))
        .contains("title must not contain control characters");
    assertThat(
            message(
                api.put(
                    "/courses/c-title-text/title", ScormCloudRest.obj("title", "x".repeat(1001))),
                400))
        .contains("title must be at most 1000 characters");
    assertThat(api.get("/courses/c-title-text").json().get("title").asText()).isEqualTo("Original");
  }

  @Test
  void setTitle_withEqualsAmpersandAndAngles_isPrintedUnescaped() {
    api.importCourse("c-title-chars", TestPackages.scorm12("Original"));
    assertThat(
            api.put("/courses/c-title-chars/title", ScormCloudRest.obj("title", "Q&A <1> = 'x'"))
                .status())
        .isEqualTo(204);

    Response r = api.get("/courses/c-title-chars");

    assertThat(r.text()).contains("\"title\":\"Q&A <1> = 'x'\"").doesNotContain("\\u00");
  }

  @Test
  void versionMinusOne_getAndDeleteAgree() {
    api.importCourse("c-minus", TestPackages.scorm12("Minus"));

    String get = message(api.get("/courses/c-minus/versions/-1"), 400);
    String delete = message(api.delete("/courses/c-minus/versions/-1"), 400);

    assertThat(delete).isEqualTo(get).contains("versionId must be 0 or more");
    assertThat(api.get("/courses/c-minus/versions/0").status()).isEqualTo(200);
  }

  @Test
  void getOfTheUploadRoute_is405_notAnUnknownImportJob() {
    Response r = api.get("/courses/importJobs/upload");

    assertThat(message(r, 405)).contains("GET").doesNotContain("not found");
    assertThat(r.header("Allow")).isEqualTo("POST");
  }

  @Test
  void asset_dotDotInsideThePackage_isServed() {
    api.importCourse("c-dots", TestPackages.scorm12("Dots"));

    Response r = api.get("/courses/c-dots/asset?relativePath=shared/../imsmanifest.xml");

    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.text()).contains("<manifest");
  }

  @Test
  void restResponses_carryNoGrpcHeaders() {
    api.importCourse("c-headers", TestPackages.scorm12("Headers"));

    for (Response r :
        new Response[] {
          api.get("/courses/c-headers"),
          api.get("/courses/nope"),
          api.put("/courses/c-headers/title", ScormCloudRest.obj("title", "New"))
        }) {
      assertThat(r.headers().map().keySet())
          .as("%s", r)
          .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith("grpc-"));
    }
  }

  @Test
  void uploadWithoutBoundary_is400() {
    Response r =
        api.send(
            api.request("/courses/importJobs/upload?courseId=c-nob")
                .header("Content-Type", "multipart/form-data")
                .POST(BodyPublishers.ofByteArray("x".getBytes(StandardCharsets.US_ASCII)))
                .build());

    assertThat(message(r, 400)).contains("boundary");
    message(api.get("/courses/c-nob"), 404);
  }
}
