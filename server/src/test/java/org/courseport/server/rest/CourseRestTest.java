package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.rest.ScormCloudRest.dateTime;
import static org.courseport.server.rest.ScormCloudRest.message;
import static org.courseport.server.rest.ScormCloudRest.obj;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp.Response;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One course over REST: read, versions, delete, title, tags (single and batch), package zip, asset
 * list, assets and validation report.
 */
class CourseRestTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private final ScormCloudRest api = ScormCloudRest.basic(server, CourseportServerExtension.KEY);

  @Test
  void getCourse_returnsCourseSchema_withOptionalFieldsOnlyWhenAsked() {
    api.importCourse("c-get", TestPackages.scorm12("Get Me"));

    Response r = api.get("/courses/c-get");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonNode course = r.json();
    assertThat(course.get("id").asText()).isEqualTo("c-get");
    assertThat(course.get("title").asText()).isEqualTo("Get Me");
    assertThat(course.get("version").isInt()).isTrue();
    assertThat(course.get("version").asInt()).isZero();
    assertThat(course.get("courseLearningStandard").asText()).isEqualTo("SCORM12");
    assertThat(course.get("xapiActivityId").isTextual()).isTrue();
    assertThat(course.get("activityId").isTextual()).isTrue();
    assertThat(course.get("dispatched").isBoolean()).isTrue();
    assertThat(course.get("tags").isArray()).isTrue();
    dateTime(course.get("created"));
    dateTime(course.get("updated"));
    assertThat(course.has("registrationCount")).isFalse();
    assertThat(course.has("metadata")).isFalse();
    JsonNode sco = course.get("rootActivity").get("children").get(0);
    assertThat(sco.get("activityType").asText()).isEqualTo("SCO");
    assertThat(sco.get("href").asText()).isEqualTo("index.html");

    JsonNode full =
        api.get("/courses/c-get?includeRegistrationCount=true&includeCourseMetadata=true").json();
    assertThat(full.get("registrationCount").isInt()).isTrue();
    assertThat(full.get("metadata").isObject()).isTrue();
    assertThat(full.get("metadata").get("keywords").isArray()).isTrue();
    assertThat(full.get("metadata").get("title").isTextual()).isTrue();
  }

  @Test
  void unknownCourse_is404WithMessage_onEveryRoute() {
    for (String path :
        List.of(
            "/courses/nope",
            "/courses/nope/versions",
            "/courses/nope/versions/0",
            "/courses/nope/tags",
            "/courses/nope/configuration",
            "/courses/nope/versions/0/configuration",
            "/courses/nope/asset/list",
            "/courses/nope/versions/0/asset/list",
            "/courses/nope/zip",
            "/courses/nope/versions/0/zip",
            "/courses/nope/asset?relativePath=index.html",
            "/courses/nope/validationReport",
            "/courses/nope/versions/0/validationReport")) {
      assertThat(message(api.get(path), 404)).as(path).isNotBlank();
    }
    message(api.delete("/courses/nope"), 404);
    message(api.delete("/courses/nope/versions/0"), 404);
    message(api.put("/courses/nope/title", obj("title", "x")), 404);
    message(api.put("/courses/nope/tags", obj("tags", List.of("x"))), 404);
    message(api.delete("/courses/nope/tags", obj("tags", List.of("x"))), 404);
  }

  @Test
  void badBooleanOrVersion_is400NamingTheParameter() {
    api.importCourse("c-bad-params", TestPackages.scorm12("Params"));

    assertThat(message(api.get("/courses/c-bad-params?includeRegistrationCount=yes"), 400))
        .contains("includeRegistrationCount");
    assertThat(message(api.get("/courses/c-bad-params?includeCourseMetadata=2"), 400))
        .contains("includeCourseMetadata");
    assertThat(message(api.get("/courses/c-bad-params/versions/abc"), 400)).contains("versionId");
    assertThat(message(api.get("/courses/c-bad-params/versions/abc/zip"), 400))
        .contains("versionId");
  }

  @Test
  void versions_areListedOldestFirst_withoutMore_andReadableOneByOne() {
    api.importCourse("c-versions", TestPackages.scorm12("First"));
    api.importCourse("c-versions", "&mayCreateNewVersion=true", TestPackages.scorm2004("Second"));

    JsonNode list = api.get("/courses/c-versions/versions").json();

    assertThat(ImportUploadRestTest.fieldNames(list)).containsExactly("courses");
    assertThat(list.get("courses")).hasSize(2);
    assertThat(list.get("courses").get(0).get("version").asInt()).isZero();
    assertThat(list.get("courses").get(0).get("courseLearningStandard").asText())
        .isEqualTo("SCORM12");
    assertThat(list.get("courses").get(1).get("version").asInt()).isEqualTo(1);
    assertThat(list.get("courses").get(1).get("courseLearningStandard").asText())
        .isEqualTo("SCORM20044THEDITION");
    list.get("courses")
        .forEach(
            c -> {
              assertThat(c.get("id").asText()).isEqualTo("c-versions");
              dateTime(c.get("created"));
              dateTime(c.get("updated"));
            });

    JsonNode v0 = api.get("/courses/c-versions/versions/0").json();
    assertThat(v0.get("version").asInt()).isZero();
    assertThat(v0.get("courseLearningStandard").asText()).isEqualTo("SCORM12");
    JsonNode v1 = api.get("/courses/c-versions/versions/1?includeRegistrationCount=true").json();
    assertThat(v1.get("version").asInt()).isEqualTo(1);
    assertThat(v1.get("registrationCount").isInt()).isTrue();
    assertThat(api.get("/courses/c-versions").json().get("version").asInt()).isEqualTo(1);
    message(api.get("/courses/c-versions/versions/7"), 404);
  }

  @Test
  void versions_filterBySinceAndUntil_andIncludeFlags() {
    api.importCourse("c-versions-dates", TestPackages.scorm12("Dated"));

    assertThat(
            api.get("/courses/c-versions-dates/versions?since=2024-01-01T00:00Z")
                .json()
                .get("courses"))
        .hasSize(1);
    assertThat(
            api.get("/courses/c-versions-dates/versions?until=2024-01-01T00:00Z")
                .json()
                .get("courses"))
        .isEmpty();
    JsonNode withFlags =
        api.get(
                "/courses/c-versions-dates/versions?includeRegistrationCount=true"
                    + "&includeCourseMetadata=true")
            .json()
            .get("courses")
            .get(0);
    assertThat(withFlags.has("registrationCount")).isTrue();
    assertThat(withFlags.has("metadata")).isTrue();
    assertThat(message(api.get("/courses/c-versions-dates/versions?since=soon"), 400))
        .contains("since");
  }

  @Test
  void deleteVersion_removesOnlyIt_andDeletingTheLastVersionDeletesTheCourse() {
    api.importCourse("c-delete-version", TestPackages.scorm12("V0"));
    api.importCourse("c-delete-version", "&mayCreateNewVersion=true", TestPackages.scorm12("V1"));

    Response first = api.delete("/courses/c-delete-version/versions/1");

    assertNoContent(first);
    assertThat(api.get("/courses/c-delete-version").json().get("version").asInt()).isZero();
    message(api.get("/courses/c-delete-version/versions/1"), 404);
    assertThat(api.get("/courses/c-delete-version/versions").json().get("courses")).hasSize(1);

    assertNoContent(api.delete("/courses/c-delete-version/versions/0"));

    message(api.get("/courses/c-delete-version"), 404);
    message(api.get("/courses/c-delete-version/versions"), 404);
    assertThat(api.get("/courses?filter=c-delete-version").json().get("courses")).isEmpty();
  }

  @Test
  void deleteCourse_is204_thenTheCourseIsGone_andItsIdIsFreeAgain() {
    api.importCourse("c-delete", TestPackages.scorm12("Doomed"));
    api.importCourse("c-delete", "&mayCreateNewVersion=true", TestPackages.scorm12("Doomed 2"));

    assertNoContent(api.delete("/courses/c-delete"));

    message(api.get("/courses/c-delete"), 404);
    message(api.get("/courses/c-delete/versions/0"), 404);
    message(api.get("/courses/c-delete/zip"), 404);
    message(api.delete("/courses/c-delete"), 404);
    JsonNode again = api.importCourse("c-delete", TestPackages.scorm12("Reborn"));
    assertThat(again.get("importResult").get("course").get("version").asInt()).isZero();
  }

  @Test
  void setTitle_is204_andChangesTheTitle() {
    api.importCourse("c-title", TestPackages.scorm12("Old"));
    JsonNode before = api.get("/courses/c-title").json();

    assertNoContent(api.put("/courses/c-title/title", obj("title", "New Title")));

    JsonNode after = api.get("/courses/c-title").json();
    assertThat(after.get("title").asText()).isEqualTo("New Title");
    assertThat(dateTime(after.get("updated"))).isAfterOrEqualTo(dateTime(before.get("updated")));
    assertThat(
            api.get("/courses?filter=c-title").json().get("courses").get(0).get("title").asText())
        .isEqualTo("New Title");
    message(api.put("/courses/c-title/title", obj("title", "")), 400);
    message(api.put("/courses/c-title/title", "{\"title\": 5"), 400);
  }

  @Test
  void tags_getPutReplacesDeleteRemoves() {
    api.importCourse("c-tags", TestPackages.scorm12("Tagged"));

    JsonNode none = api.get("/courses/c-tags/tags").json();
    assertThat(none.get("tags").isArray()).isTrue();
    assertThat(none.get("tags")).isEmpty();

    assertNoContent(api.put("/courses/c-tags/tags", obj("tags", List.of("a", "b"))));
    assertThat(tags("c-tags")).containsExactlyInAnyOrder("a", "b");

    assertNoContent(api.put("/courses/c-tags/tags", obj("tags", List.of("c", "b"))));
    assertThat(tags("c-tags")).containsExactlyInAnyOrder("c", "b");
    assertThat(api.get("/courses/c-tags").json().get("tags"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("c", "b");

    assertNoContent(api.delete("/courses/c-tags/tags", obj("tags", List.of("c", "absent"))));
    assertThat(tags("c-tags")).containsExactly("b");
    assertNoContent(api.delete("/courses/c-tags/tags", obj("tags", List.of("absent"))));
    assertThat(tags("c-tags")).containsExactly("b");
  }

  @Test
  void batchTags_addToEveryCourse_andAnUnknownIdIs404ChangingNothing() {
    api.importCourse("c-batch-1", TestPackages.scorm12("One"));
    api.importCourse("c-batch-2", TestPackages.scorm12("Two"));
    api.put("/courses/c-batch-1/tags", obj("tags", List.of("kept")));

    assertNoContent(
        api.put(
            "/courses/tags",
            obj("ids", List.of("c-batch-1", "c-batch-2"), "tags", List.of("x", "y"))));

    assertThat(tags("c-batch-1")).containsExactlyInAnyOrder("kept", "x", "y");
    assertThat(tags("c-batch-2")).containsExactlyInAnyOrder("x", "y");

    message(
        api.put(
            "/courses/tags",
            obj("ids", List.of("c-batch-1", "c-batch-unknown"), "tags", List.of("z"))),
        404);
    assertThat(tags("c-batch-1")).containsExactlyInAnyOrder("kept", "x", "y");
    message(api.put("/courses/tags", obj("ids", List.of(), "tags", List.of("z"))), 400);
  }

  @Test
  void zip_returnsTheStoredPackagePerVersion_asAnAttachment() {
    byte[] v0 = TestPackages.scorm12("Zip V0");
    byte[] v1 = TestPackages.scorm12("Zip V1");
    api.importCourse("c-zip", v0);
    api.importCourse("c-zip", "&mayCreateNewVersion=true", v1);

    Response latest = api.get("/courses/c-zip/zip");

    assertThat(latest.status()).isEqualTo(200);
    assertThat(latest.header("Content-Type")).isEqualTo("application/zip");
    assertThat(latest.header("Content-Disposition"))
        .startsWith("attachment;")
        .containsPattern("filename=\"[^\"/]+\\.zip\"");
    assertThat(latest.header("Content-Length")).isEqualTo(Integer.toString(v1.length));
    assertThat(latest.body()).isEqualTo(v1);

    Response first = api.get("/courses/c-zip/versions/0/zip");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("Content-Type")).isEqualTo("application/zip");
    assertThat(first.header("Content-Disposition")).contains("filename=\"");
    assertThat(first.body()).isEqualTo(v0);
    message(api.get("/courses/c-zip/versions/5/zip"), 404);
  }

  @Test
  void assetList_isAFileListSchema() {
    api.importCourse("c-files", TestPackages.scorm12("Files"));

    JsonNode list = api.get("/courses/c-files/asset/list").json();

    assertThat(ImportUploadRestTest.fieldNames(list)).containsExactly("files");
    List<String> paths = new ArrayList<>();
    list.get("files")
        .forEach(
            f -> {
              paths.add(f.get("path").asText());
              assertThat(f.get("size").isIntegralNumber()).as("size is a number: %s", f).isTrue();
              dateTime(f.get("modified"));
            });
    assertThat(paths).containsExactlyInAnyOrder("imsmanifest.xml", "index.html");
    JsonNode index = find(list.get("files"), "index.html");
    assertThat(index.get("size").asLong())
        .isEqualTo("<html><body>Hi</body></html>".getBytes(StandardCharsets.UTF_8).length);
    assertThat(api.get("/courses/c-files/versions/0/asset/list").json()).isEqualTo(list);
  }

  @Test
  void asset_returnsTheFileBytesWithItsType() {
    api.importCourse("c-asset", TestPackages.scorm12("Asset"));
    api.importCourse(
        "c-asset",
        "&mayCreateNewVersion=true",
        TestPackages.zip(
            Map.of(
                "imsmanifest.xml",
                new String(manifestOf(TestPackages.scorm12("Asset 2")), StandardCharsets.UTF_8),
                "index.html",
                "<html>second</html>")));

    Response latest = api.get("/courses/c-asset/asset?relativePath=index.html");

    assertThat(latest.status()).isEqualTo(200);
    assertThat(latest.header("Content-Type")).startsWith("text/html");
    assertThat(latest.text()).isEqualTo("<html>second</html>");
    assertThat(latest.header("Content-Disposition")).contains("filename=\"index.html\"");
    Response first = api.get("/courses/c-asset/versions/0/asset?relativePath=index.html");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.text()).isEqualTo("<html><body>Hi</body></html>");
    Response manifest = api.get("/courses/c-asset/asset?relativePath=imsmanifest.xml");
    assertThat(manifest.header("Content-Type")).contains("xml");
  }

  @Test
  void asset_withoutRelativePath_is400_andUnknownOrEscapingPathIsNotServed() {
    api.importCourse("c-asset-errors", TestPackages.scorm12("Errors"));

    assertThat(message(api.get("/courses/c-asset-errors/asset"), 400)).contains("relativePath");
    assertThat(message(api.get("/courses/c-asset-errors/versions/0/asset"), 400))
        .contains("relativePath");
    message(api.get("/courses/c-asset-errors/asset?relativePath=missing.html"), 404);
    message(api.get("/courses/c-asset-errors/asset?relativePath=%2Fetc%2Fpasswd"), 404);
    // '..' resolves inside the package; leaving it is refused in the dialect's body.
    assertThat(
            message(
                api.get("/courses/c-asset-errors/asset?relativePath=..%2F..%2Fetc%2Fpasswd"), 400))
        .contains("must stay inside the package");
  }

  @Test
  void validationReport_describesTheImportedVersion() {
    api.importCourse("c-report", TestPackages.scorm12("Report"));
    api.importCourse("c-report", "&mayCreateNewVersion=true", TestPackages.scorm2004("Report"));

    JsonNode v0 = api.get("/courses/c-report/versions/0/validationReport").json();

    assertThat(v0.get("courseLearningStandard").asText()).isEqualTo("SCORM12");
    assertThat(v0.get("packageFormat").asText()).isNotBlank();
    assertThat(v0.get("valid").asBoolean()).isTrue();
    assertThat(v0.get("errorCount").isInt()).isTrue();
    assertThat(v0.get("errorCount").asInt()).isZero();
    assertThat(v0.get("warningCount").isInt()).isTrue();
    assertThat(v0.get("findings").isArray()).isTrue();
    assertThat(v0.get("schemas").isArray()).isTrue();
    JsonNode latest = api.get("/courses/c-report/validationReport").json();
    assertThat(latest.get("courseLearningStandard").asText()).isEqualTo("SCORM20044THEDITION");
    message(api.get("/courses/c-report/versions/3/validationReport"), 404);
  }

  @Test
  void courseIdWithSpacesAndUnicode_worksWhenPercentEncodedAsTheJavaClientDoes() {
    String id = "Intro 101 + \u00e9t\u00e9 (draft).v2";
    // The Java client escapes path segments with URLEncoder, then turns '+' into %20.
    String path = "/courses/" + ScormCloudRest.enc(id).replace("+", "%20");
    api.importCourse(id, TestPackages.scorm12("Special"));

    JsonNode course = api.get(path).json();

    assertThat(course.get("id").asText()).isEqualTo(id);
    assertNoContent(api.put(path + "/tags", obj("tags", List.of("special"))));
    assertThat(api.get(path + "/tags").json().get("tags").get(0).asText()).isEqualTo("special");
    assertThat(api.get(path + "/versions/0").json().get("id").asText()).isEqualTo(id);
    Response zip = api.get(path + "/zip");
    assertThat(zip.status()).isEqualTo(200);
    assertThat(zip.header("Content-Disposition")).startsWith("attachment;");
    assertThat(api.get(path + "/asset?relativePath=index.html").status()).isEqualTo(200);
    assertThat(
            api.get("/courses?filter=" + ScormCloudRest.enc("(draft)"))
                .json()
                .get("courses")
                .get(0)
                .get("id")
                .asText())
        .isEqualTo(id);
    assertNoContent(api.delete(path));
    message(api.get(path), 404);
  }

  @Test
  void anotherTenant_cannotReadOrChangeTheCourse() {
    api.importCourse("c-mine", TestPackages.scorm12("Mine"));
    api.put("/courses/c-mine/tags", obj("tags", List.of("private")));
    ScormCloudRest other = ScormCloudRest.basic(server, server.newTenant());

    for (String path :
        List.of(
            "/courses/c-mine",
            "/courses/c-mine/versions",
            "/courses/c-mine/versions/0",
            "/courses/c-mine/tags",
            "/courses/c-mine/configuration",
            "/courses/c-mine/zip",
            "/courses/c-mine/asset/list",
            "/courses/c-mine/asset?relativePath=index.html",
            "/courses/c-mine/validationReport")) {
      message(other.get(path), 404);
    }
    message(other.put("/courses/c-mine/title", obj("title", "Stolen")), 404);
    message(other.put("/courses/c-mine/tags", obj("tags", List.of("stolen"))), 404);
    message(other.delete("/courses/c-mine/tags", obj("tags", List.of("private"))), 404);
    message(other.put("/courses/tags", obj("ids", List.of("c-mine"), "tags", List.of("x"))), 404);
    message(
        other.post(
            "/courses/c-mine/configuration",
            obj("settings", List.of(obj("settingId", "PlayerLaunchType", "value", "NEW_WINDOW")))),
        404);
    message(other.delete("/courses/c-mine/versions/0"), 404);
    message(other.delete("/courses/c-mine"), 404);

    JsonNode mine = api.get("/courses/c-mine").json();
    assertThat(mine.get("title").asText()).isEqualTo("Mine");
    assertThat(tags("c-mine")).containsExactly("private");
    assertThat(other.get("/courses").json().get("courses")).isEmpty();
  }

  private List<String> tags(String courseId) {
    Response r = api.get("/courses/" + courseId + "/tags");
    assertThat(r.status()).isEqualTo(200);
    List<String> tags = new ArrayList<>();
    r.json().get("tags").forEach(t -> tags.add(t.asText()));
    return tags;
  }

  static void assertNoContent(Response r) {
    assertThat(r.status()).as("%s", r).isEqualTo(204);
    assertThat(r.body()).isEmpty();
  }

  private static JsonNode find(JsonNode files, String path) {
    for (JsonNode f : files) {
      if (f.get("path").asText().equals(path)) {
        return f;
      }
    }
    throw new AssertionError("no " + path + " in " + files);
  }

  private static byte[] manifestOf(byte[] zip) {
    try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.getName().equals("imsmanifest.xml")) {
          return in.readAllBytes();
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new AssertionError("no manifest");
  }
}
