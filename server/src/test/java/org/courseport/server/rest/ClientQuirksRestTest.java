package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.rest.CourseRestTest.assertNoContent;
import static org.courseport.server.rest.ScormCloudRest.message;
import static org.courseport.server.rest.ScormCloudRest.obj;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp.Response;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the official clients do that a server must put up with (reference section 1): the double
 * slash of the default base path, JSON content type on body-less DELETEs, Basic and Bearer auth,
 * unknown JSON fields; and SCORM Cloud's exact 401 body.
 */
class ClientQuirksRestTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private final ScormCloudRest api = ScormCloudRest.basic(server, CourseportServerExtension.KEY);

  @Test
  void doubleSlashOfTheDefaultBasePath_reachesTheSameRoutes() {
    api.importCourse("q-slash", TestPackages.scorm12("Slash"));

    Response list = api.get("//courses?filter=q-slash");
    assertThat(list.status()).as("%s", list).isEqualTo(200);
    assertThat(list.json().get("courses").get(0).get("id").asText()).isEqualTo("q-slash");
    assertThat(api.get("//courses/q-slash").json().get("title").asText()).isEqualTo("Slash");
    assertThat(api.get("//courses/q-slash/zip").status()).isEqualTo(200);
    assertThat(api.get("//courses/q-slash/asset?relativePath=index.html").status()).isEqualTo(200);
    assertNoContent(api.put("//courses/q-slash/title", obj("title", "Slashed")));
    Response upload =
        api.upload("q-slash-upload", "", "s.zip", TestPackages.scorm12("S"), Map.of());
    assertThat(upload.status()).isEqualTo(200);
    Response viaDoubleSlash =
        api.send(
            api.request("//courses/importJobs/" + upload.json().get("result").asText())
                .GET()
                .build());
    assertThat(viaDoubleSlash.status()).isEqualTo(200);
    assertNoContent(api.delete("//courses/q-slash"));
    message(api.get("//courses/q-slash"), 404);
  }

  @Test
  void javaClientDefaultBasePath_worksForAWholeCourseLifecycle() {
    ScormCloudRest slashed = ScormCloudRest.defaultBasePath(server, CourseportServerExtension.KEY);

    JsonNode job = slashed.importCourse("q-default-base", TestPackages.scorm12("Base"));
    assertThat(job.get("importResult").get("course").get("id").asText())
        .isEqualTo("q-default-base");
    assertThat(slashed.get("/courses/q-default-base/versions").json().get("courses")).hasSize(1);
    assertNoContent(slashed.put("/courses/q-default-base/tags", obj("tags", List.of("t"))));
    assertNoContent(slashed.delete("/courses/q-default-base/tags", obj("tags", List.of("t"))));
    assertNoContent(
        slashed.post(
            "/courses/q-default-base/configuration",
            obj("settings", List.of(obj("settingId", "PlayerLaunchType", "value", "NEW_WINDOW")))));
    assertNoContent(slashed.delete("/courses/q-default-base/configuration/PlayerLaunchType"));
    assertThat(slashed.get("/courses/q-default-base/asset/list").status()).isEqualTo(200);
    assertThat(slashed.get("/courses/q-default-base/versions/0/zip").status()).isEqualTo(200);
    assertThat(slashed.get("/appManagement/configuration").status()).isEqualTo(200);
    assertNoContent(slashed.delete("/courses/q-default-base/versions/0"));
    message(slashed.get("/courses/q-default-base"), 404);
  }

  @Test
  void bodylessDelete_withJsonContentType_isAccepted() {
    api.importCourse("q-delete", TestPackages.scorm12("Delete"));

    Response r =
        api.send(
            api.request("/courses/q-delete")
                .header("Content-Type", "application/json")
                .DELETE()
                .build());

    assertNoContent(r);
  }

  @Test
  void basicAndBearer_bothAuthenticateTheSameKey() {
    api.importCourse("q-auth", TestPackages.scorm12("Auth"));
    ScormCloudRest bearer = ScormCloudRest.bearer(server, CourseportServerExtension.KEY);

    Response r = bearer.get("/courses/q-auth");

    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.json().get("id").asText()).isEqualTo("q-auth");
    assertNoContent(bearer.put("/courses/q-auth/tags", obj("tags", List.of("via-bearer"))));
    assertThat(api.get("/courses/q-auth/tags").json().get("tags").get(0).asText())
        .isEqualTo("via-bearer");
  }

  @Test
  void missingOrWrongCredentials_are401WithScormCloudsErrorBody() {
    List<ScormCloudRest> strangers =
        List.of(
            ScormCloudRest.withAuthorization(server, null),
            ScormCloudRest.basic(server, "test-app:wrong-secret"),
            ScormCloudRest.basic(server, "nobody:secret"),
            ScormCloudRest.bearer(server, "not-a-token"),
            ScormCloudRest.withAuthorization(server, "Digest abc"));

    for (ScormCloudRest stranger : strangers) {
      assertUnauthorized(stranger.get("/courses"));
      assertUnauthorized(stranger.get("/courses/anything"));
      assertUnauthorized(stranger.delete("/courses/anything"));
      assertUnauthorized(stranger.put("/courses/anything/title", obj("title", "x")));
      assertUnauthorized(stranger.get("/courses/importJobs/some-job"));
      assertUnauthorized(stranger.get("/courses/anything/zip"));
      assertUnauthorized(stranger.get("/courses/anything/asset?relativePath=index.html"));
      assertUnauthorized(
          stranger.upload("q-unauth", "", "x.zip", TestPackages.scorm12("X"), Map.of()));
    }
    message(api.get("/courses/q-unauth"), 404);
  }

  @Test
  void unknownJsonFields_inRequestBodies_areIgnored() {
    api.importCourse("q-unknown", TestPackages.scorm12("Unknown"));

    assertNoContent(
        api.put(
            "/courses/q-unknown/title",
            obj("title", "Known", "subtitle", "ignored", "extra", obj("deep", List.of(1)))));
    assertNoContent(
        api.put("/courses/q-unknown/tags", obj("tags", List.of("t1"), "color", "blue")));
    assertNoContent(
        api.delete("/courses/q-unknown/tags", obj("tags", List.of("none"), "reason", 42)));
    assertNoContent(
        api.put(
            "/courses/tags",
            obj("ids", List.of("q-unknown"), "tags", List.of("t2"), "dryRun", false)));

    JsonNode course = api.get("/courses/q-unknown").json();
    assertThat(course.get("title").asText()).isEqualTo("Known");
    assertThat(course.get("tags"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("t1", "t2");
  }

  @Test
  void responses_areJson_forAcceptApplicationJson() {
    Response r = api.get("/courses");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
  }

  @Test
  void unknownRouteUnderApiV2_is404WithMessage() {
    message(api.get("/nothing/here"), 404);
  }

  private static void assertUnauthorized(Response r) {
    assertThat(r.status()).as("%s", r).isEqualTo(401);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonNode body = r.json();
    assertThat(ImportUploadRestTest.fieldNames(body)).containsExactly("error");
    assertThat(body.get("error").asText()).isEqualTo("Authorization Required.");
  }
}
