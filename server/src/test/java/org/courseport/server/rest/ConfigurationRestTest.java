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
 * Configuration at application, course and version level over REST: SettingListSchema shape,
 * effective values and their source, {@code explicitValue} only where set, metadata on request.
 * Each test runs in a tenant of its own, since application values are tenant-wide.
 */
class ConfigurationRestTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private static final String LAUNCH = "PlayerLaunchType";
  private static final String SCO_LAUNCH = "PlayerScoLaunchType";
  private static final String AUTO_COMMIT = "PlayerAutoCommitSeconds";

  private final ScormCloudRest api = ScormCloudRest.basic(server, server.newTenant());

  @Test
  void courseConfiguration_listsEveryEffectiveSetting_fromDefaults() {
    api.importCourse("cfg-defaults", TestPackages.scorm12("Defaults"));

    Response r = api.get("/courses/cfg-defaults/configuration");

    assertThat(r.status()).isEqualTo(200);
    JsonNode list = r.json();
    assertThat(ImportUploadRestTest.fieldNames(list)).containsExactly("settingItems");
    assertThat(list.get("settingItems").isArray()).isTrue();
    assertThat(list.get("settingItems").size()).isGreaterThan(3);
    for (JsonNode item : list.get("settingItems")) {
      assertThat(item.get("id").isTextual()).isTrue();
      assertThat(item.get("effectiveValue").isTextual()).as("%s", item).isTrue();
      assertThat(item.get("effectiveValueSource").asText()).isEqualTo("default");
      assertThat(item.has("explicitValue")).as("%s", item).isFalse();
      assertThat(item.has("metadata")).as("%s", item).isFalse();
    }
    assertThat(item(list, LAUNCH).get("effectiveValue").asText()).isEqualTo("FRAMESET");
  }

  @Test
  void courseValue_isExplicitAtCourseLevel_andInheritedByItsVersions() {
    api.importCourse("cfg-course", TestPackages.scorm12("Course"));

    assertNoContent(
        api.post(
            "/courses/cfg-course/configuration",
            obj(
                "settings",
                List.of(obj("settingId", LAUNCH, "value", "NEW_WINDOW", "explicit", false)))));

    JsonNode course = item(api.get("/courses/cfg-course/configuration").json(), LAUNCH);
    assertThat(course.get("effectiveValue").asText()).isEqualTo("NEW_WINDOW");
    assertThat(course.get("effectiveValueSource").asText()).isEqualTo("course");
    assertThat(course.get("explicitValue").asText()).isEqualTo("NEW_WINDOW");
    JsonNode version = item(api.get("/courses/cfg-course/versions/0/configuration").json(), LAUNCH);
    assertThat(version.get("effectiveValue").asText()).isEqualTo("NEW_WINDOW");
    assertThat(version.get("effectiveValueSource").asText()).isEqualTo("course");
    assertThat(version.has("explicitValue")).as("not set at version level").isFalse();
  }

  @Test
  void applicationValue_isInherited_andCourseValueOverridesIt_untilCleared() {
    api.importCourse("cfg-app", TestPackages.scorm12("App"));

    assertNoContent(
        api.post(
            "/appManagement/configuration",
            obj("settings", List.of(obj("settingId", SCO_LAUNCH, "value", "NEW_WINDOW")))));

    JsonNode app = item(api.get("/appManagement/configuration").json(), SCO_LAUNCH);
    assertThat(app.get("effectiveValue").asText()).isEqualTo("NEW_WINDOW");
    assertThat(app.get("effectiveValueSource").asText()).isEqualTo("application");
    assertThat(app.get("explicitValue").asText()).isEqualTo("NEW_WINDOW");
    JsonNode inherited = item(api.get("/courses/cfg-app/configuration").json(), SCO_LAUNCH);
    assertThat(inherited.get("effectiveValue").asText()).isEqualTo("NEW_WINDOW");
    assertThat(inherited.get("effectiveValueSource").asText()).isEqualTo("application");
    assertThat(inherited.has("explicitValue")).isFalse();

    api.post(
        "/courses/cfg-app/configuration",
        obj("settings", List.of(obj("settingId", SCO_LAUNCH, "value", "FRAMESET"))));
    JsonNode overridden = item(api.get("/courses/cfg-app/configuration").json(), SCO_LAUNCH);
    assertThat(overridden.get("effectiveValue").asText()).isEqualTo("FRAMESET");
    assertThat(overridden.get("effectiveValueSource").asText()).isEqualTo("course");

    assertNoContent(api.delete("/courses/cfg-app/configuration/" + SCO_LAUNCH));
    JsonNode cleared = item(api.get("/courses/cfg-app/configuration").json(), SCO_LAUNCH);
    assertThat(cleared.get("effectiveValue").asText())
        .as("application value stays")
        .isEqualTo("NEW_WINDOW");
    assertThat(cleared.get("effectiveValueSource").asText()).isEqualTo("application");
    assertThat(cleared.has("explicitValue")).isFalse();

    assertNoContent(api.delete("/appManagement/configuration/" + SCO_LAUNCH));
    JsonNode back = item(api.get("/courses/cfg-app/configuration").json(), SCO_LAUNCH);
    assertThat(back.get("effectiveValue").asText()).isEqualTo("FRAMESET");
    assertThat(back.get("effectiveValueSource").asText()).isEqualTo("default");
  }

  @Test
  void versionValue_isExplicitOnlyAtThatVersion_andClearedWithItsDelete() {
    api.importCourse("cfg-version", TestPackages.scorm12("V0"));
    api.importCourse("cfg-version", "&mayCreateNewVersion=true", TestPackages.scorm12("V1"));

    assertNoContent(
        api.post(
            "/courses/cfg-version/versions/1/configuration",
            obj(
                "settings",
                List.of(obj("settingId", AUTO_COMMIT, "value", "30", "explicit", true)))));

    JsonNode v1 =
        item(api.get("/courses/cfg-version/versions/1/configuration").json(), AUTO_COMMIT);
    assertThat(v1.get("effectiveValue").asText()).isEqualTo("30");
    assertThat(v1.get("explicitValue").asText()).isEqualTo("30");
    assertThat(v1.get("effectiveValueSource").asText()).isIn("course", "registration");
    JsonNode v0 =
        item(api.get("/courses/cfg-version/versions/0/configuration").json(), AUTO_COMMIT);
    assertThat(v0.get("effectiveValue").asText()).isEqualTo("0");
    assertThat(v0.has("explicitValue")).isFalse();
    JsonNode course = item(api.get("/courses/cfg-version/configuration").json(), AUTO_COMMIT);
    assertThat(course.get("effectiveValueSource").asText()).isEqualTo("default");
    assertThat(course.has("explicitValue")).isFalse();

    assertNoContent(api.delete("/courses/cfg-version/versions/1/configuration/" + AUTO_COMMIT));
    JsonNode cleared =
        item(api.get("/courses/cfg-version/versions/1/configuration").json(), AUTO_COMMIT);
    assertThat(cleared.get("effectiveValue").asText()).isEqualTo("0");
    assertThat(cleared.has("explicitValue")).isFalse();
    message(api.get("/courses/cfg-version/versions/9/configuration"), 404);
  }

  @Test
  void includeMetadata_describesEachSetting() {
    api.importCourse("cfg-metadata", TestPackages.scorm12("Metadata"));

    JsonNode list = api.get("/courses/cfg-metadata/configuration?includeMetadata=true").json();

    for (JsonNode item : list.get("settingItems")) {
      JsonNode m = item.get("metadata");
      assertThat(m).as("%s", item).isNotNull();
      assertThat(m.get("default").isTextual()).isTrue();
      assertThat(m.get("dataType").asText()).isNotBlank();
      assertThat(m.get("settingDescription").asText()).isNotBlank();
      assertThat(m.get("level").asText()).isNotBlank();
      assertThat(m.get("learningStandardVariant").asText())
          .isIn("singleScoOnly", "multiScoOnly", "either");
    }
    JsonNode launch = item(list, LAUNCH).get("metadata");
    assertThat(launch.get("default").asText()).isEqualTo("FRAMESET");
    assertThat(launch.get("validValues"))
        .extracting(v -> v.get("value").asText())
        .contains("FRAMESET", "NEW_WINDOW");
    assertThat(
            item(api.get("/appManagement/configuration?includeMetadata=true").json(), LAUNCH)
                .get("metadata")
                .isObject())
        .isTrue();
    assertThat(
            item(
                    api.get("/courses/cfg-metadata/versions/0/configuration?includeMetadata=true")
                        .json(),
                    LAUNCH)
                .get("metadata")
                .isObject())
        .isTrue();
    assertThat(
            item(
                    api.get("/courses/cfg-metadata/configuration?includeMetadata=false").json(),
                    LAUNCH)
                .has("metadata"))
        .isFalse();
    assertThat(message(api.get("/courses/cfg-metadata/configuration?includeMetadata=yes"), 400))
        .contains("includeMetadata");
  }

  @Test
  void invalidSettings_are400_andNothingIsStored() {
    api.importCourse("cfg-invalid", TestPackages.scorm12("Invalid"));

    message(
        api.post(
            "/courses/cfg-invalid/configuration",
            obj("settings", List.of(obj("settingId", "NoSuchSetting", "value", "x")))),
        400);
    message(
        api.post(
            "/courses/cfg-invalid/configuration",
            obj("settings", List.of(obj("settingId", LAUNCH, "value", "SIDEWAYS")))),
        400);
    message(
        api.post(
            "/courses/cfg-invalid/configuration",
            obj(
                "settings",
                List.of(
                    obj("settingId", SCO_LAUNCH, "value", "NEW_WINDOW"),
                    obj("settingId", AUTO_COMMIT, "value", "not a number")))),
        400);
    message(api.post("/courses/cfg-invalid/configuration", "{\"settings\": {}}"), 400);

    JsonNode list = api.get("/courses/cfg-invalid/configuration").json();
    assertThat(item(list, LAUNCH).get("effectiveValueSource").asText()).isEqualTo("default");
    assertThat(item(list, SCO_LAUNCH).get("effectiveValueSource").asText()).isEqualTo("default");
    assertThat(item(list, AUTO_COMMIT).get("effectiveValueSource").asText()).isEqualTo("default");
  }

  @Test
  void unknownJsonFieldsInSettings_areIgnored() {
    api.importCourse("cfg-unknown-fields", TestPackages.scorm12("Unknown"));

    Response r =
        api.post(
            "/courses/cfg-unknown-fields/configuration",
            Map.of(
                "settings",
                List.of(
                    obj(
                        "settingId",
                        LAUNCH,
                        "value",
                        "NEW_WINDOW",
                        "explicit",
                        false,
                        "comment",
                        "ignored",
                        "nested",
                        obj("a", List.of(1, 2)))),
                "futureField",
                true));

    assertNoContent(r);
    assertThat(
            item(api.get("/courses/cfg-unknown-fields/configuration").json(), LAUNCH)
                .get("effectiveValue")
                .asText())
        .isEqualTo("NEW_WINDOW");
  }

  private static JsonNode item(JsonNode list, String id) {
    for (JsonNode item : list.get("settingItems")) {
      if (item.get("id").asText().equals(id)) {
        return item;
      }
    }
    throw new AssertionError("no setting " + id + " in " + list);
  }
}
