package org.courseport.server.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.courseport.api.v1.BatchTags;
import org.courseport.api.v1.PackageServiceGrpc;
import org.courseport.api.v1.PutCourseTagsBatchRequest;
import org.courseport.api.v1.SetCourseConfigurationRequest;
import org.courseport.api.v1.SettingsIndividual;
import org.courseport.api.v1.SettingsPost;
import org.courseport.api.v1.UpdatePackageRequest;
import org.courseport.server.domain.settings.SettingScope;
import org.courseport.server.grpc.GrpcFixtures;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp.Response;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12's proof that parallel tag, setting and PATCH updates lose no write: many writers at once
 * (held behind a start latch, over REST on the real Armeria server and over gRPC in process), then
 * the final state read back through the API and from the store.
 */
class ParallelUpdatesTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private static final String KEY = CourseportServerExtension.KEY;
  private static String tenantId;
  private static String tenantUuid;
  private static Http http;

  @BeforeAll
  static void setUp() throws Exception {
    tenantId = GrpcFixtures.tenantId(server, KEY);
    tenantUuid = server.server().services().tenantDirectory().uuidOf(tenantId);
    http = new Http(server, KEY);
    for (String course : List.of("tags-a", "tags-b", "cfg")) {
      GrpcFixtures.importCourse(server, KEY, course, TestPackages.scorm12(course));
    }
  }

  @Test
  void parallelTagAdditionsAndRemovals_loseNoWrite() throws Exception {
    List<String> keep = numbered("keep-", 10);
    List<String> drop = numbered("drop-", 20);
    List<String> initial = new ArrayList<>(keep);
    initial.addAll(drop);
    for (String course : List.of("tags-a", "tags-b")) {
      assertThat(http.json("PUT", "/api/v2/courses/" + course + "/tags", Map.of("tags", initial)))
          .extracting(Response::status)
          .isEqualTo(204);
    }
    var grpc = server.blocking(KEY);
    int adds = 40;
    // 40 batch additions of one new tag each to both courses (REST PUT /courses/tags and gRPC
    // PutCourseTagsBatch, alternating), and at the same time 20 removals of one tag each from
    // tags-a only.
    Together.run(
        24,
        adds + drop.size(),
        i -> {
          if (i >= adds) {
            String tag = drop.get(i - adds);
            Response a =
                http.json("DELETE", "/api/v2/courses/tags-a/tags", Map.of("tags", List.of(tag)));
            assertThat(a.status()).as("remove %s: %s", tag, a).isEqualTo(204);
            return null;
          }
          String tag = "add-" + i;
          if (i % 2 == 0) {
            Response a =
                http.json(
                    "PUT",
                    "/api/v2/courses/tags",
                    Map.of("ids", List.of("tags-a", "tags-b"), "tags", List.of(tag)));
            assertThat(a.status()).as("add %s: %s", tag, a).isEqualTo(204);
          } else {
            grpc.putCourseTagsBatch(
                PutCourseTagsBatchRequest.newBuilder()
                    .setBatch(BatchTags.newBuilder().addIds("tags-a").addIds("tags-b").addTags(tag))
                    .build());
          }
          return null;
        });

    List<String> added = numbered("add-", adds);
    Set<String> expectA = new HashSet<>(keep);
    expectA.addAll(added);
    Set<String> expectB = new HashSet<>(initial);
    expectB.addAll(added);
    assertThat(tags("tags-a")).containsExactlyInAnyOrderElementsOf(expectA);
    assertThat(tags("tags-b")).containsExactlyInAnyOrderElementsOf(expectB);
    // Stored state: the course records hold exactly these tags, once each.
    assertThat(storedTags("tags-a")).containsExactlyInAnyOrderElementsOf(expectA);
    assertThat(storedTags("tags-b")).containsExactlyInAnyOrderElementsOf(expectB);
  }

  @Test
  void parallelSettingsOfOneCourseAndVersion_loseNoWrite() throws Exception {
    // Every writable setting, each set by its own request, at course level and (for the version
    // settings) at version 0, all at once; REST and gRPC alternate.
    Map<String, String> courseLevel = new LinkedHashMap<>();
    courseLevel.put("ImportPostbackUrl", "https://hooks.example.com/imports");
    courseLevel.put("ImportPostbackAuthType", "none");
    courseLevel.put("ImportPostbackAuthUser", "postback-user");
    courseLevel.put("ImportPostbackAuthPassword", "postback-password");
    courseLevel.put("PlayerLaunchType", "NEW_WINDOW");
    courseLevel.put("PlayerScoLaunchType", "NEW_WINDOW");
    courseLevel.put("PlayerScorm12MasteryOverride", "true");
    courseLevel.put("PlayerAutoCommitSeconds", "17");
    courseLevel.put("ApiRollupRegistrationPostBackUrl", "https://rollup.example.com/course");
    courseLevel.put("ApiRollupRegistrationAuthType", "httpbasic");
    courseLevel.put("ApiRollupRegistrationAuthUser", "rollup-user");
    courseLevel.put("ApiRollupRegistrationAuthPassword", "rollup-password");
    courseLevel.put("PreviewExpirySeconds", "77");
    courseLevel.put("PreviewRedirectOnExitUrl", "closer");
    Map<String, String> versionLevel = new LinkedHashMap<>();
    versionLevel.put("PlayerLaunchType", "FRAMESET");
    versionLevel.put("PlayerScoLaunchType", "FRAMESET");
    versionLevel.put("PlayerScorm12MasteryOverride", "false");
    versionLevel.put("PlayerAutoCommitSeconds", "23");
    versionLevel.put("ApiRollupRegistrationPostBackUrl", "https://rollup.example.com/version");
    versionLevel.put("ApiRollupRegistrationAuthType", "form");
    versionLevel.put("ApiRollupRegistrationAuthUser", "version-user");
    versionLevel.put("ApiRollupRegistrationAuthPassword", "version-password");
    versionLevel.put("PreviewExpirySeconds", "99");
    versionLevel.put("PreviewRedirectOnExitUrl", "blank");
    List<Map.Entry<String, String>> course = new ArrayList<>(courseLevel.entrySet());
    List<Map.Entry<String, String>> version = new ArrayList<>(versionLevel.entrySet());
    var grpc = server.blocking(KEY);
    Together.run(
        24,
        course.size() + version.size(),
        i -> {
          boolean atVersion = i >= course.size();
          Map.Entry<String, String> s = atVersion ? version.get(i - course.size()) : course.get(i);
          if (i % 2 == 0) {
            String path =
                "/api/v2/courses/cfg" + (atVersion ? "/versions/0" : "") + "/configuration";
            Response a =
                http.json(
                    "POST",
                    path,
                    Map.of(
                        "settings",
                        List.of(Map.of("settingId", s.getKey(), "value", s.getValue()))));
            assertThat(a.status()).as("%s: %s", s, a).isEqualTo(204);
          } else {
            SetCourseConfigurationRequest.Builder r =
                SetCourseConfigurationRequest.newBuilder()
                    .setCourseId("cfg")
                    .setConfiguration(
                        SettingsPost.newBuilder()
                            .addSettings(
                                SettingsIndividual.newBuilder()
                                    .setSettingId(s.getKey())
                                    .setValue(s.getValue())));
            if (atVersion) {
              r.setVersionId(0);
            }
            grpc.setCourseConfiguration(r.build());
          }
          return null;
        });

    Map<String, JsonNode> atCourse = items("/api/v2/courses/cfg/configuration");
    courseLevel.forEach(
        (id, value) -> {
          JsonNode item = atCourse.get(id);
          assertThat(item.get("effectiveValueSource").asText()).as(id).isEqualTo("course");
          assertThat(item.get("effectiveValue").asText())
              .as(id)
              .isEqualTo(id.endsWith("Password") ? "********" : value);
        });
    Map<String, JsonNode> atVersion = items("/api/v2/courses/cfg/versions/0/configuration");
    versionLevel.forEach(
        (id, value) ->
            assertThat(atVersion.get(id).get("effectiveValue").asText())
                .as(id)
                .isEqualTo(id.endsWith("Password") ? "********" : value));
    // Stored state: every value, the secrets unmasked, at its own level.
    var repository = server.server().services().settings().repository();
    assertThat(repository.find(SettingScope.course(tenantId, "cfg"))).isEqualTo(courseLevel);
    assertThat(repository.find(SettingScope.version(tenantId, "cfg", 0))).isEqualTo(versionLevel);
  }

  @Test
  void parallelPatchesOfDifferentPackageFields_loseNoWrite() throws Exception {
    // Eight packages, each patched at once by four requests that each set one field; half of the
    // requests over REST PATCH, half over gRPC UpdatePackage.
    int packages = 8;
    List<String> ids = new ArrayList<>();
    for (int p = 0; p < packages; p++) {
      Response a =
          http.allureUpload(tenantUuid, "patch-" + p + ".zip", TestPackages.scorm12("P" + p));
      assertThat(a.status()).as("%s", a).isEqualTo(200);
      ids.add(a.json().get("package").get("package_id").asText());
    }
    var grpc = packageStub();
    Together.run(
        24,
        packages * 4,
        i -> {
          String id = ids.get(i / 4);
          int field = i % 4;
          Map<String, Object> body = new HashMap<>();
          UpdatePackageRequest.Builder r = UpdatePackageRequest.newBuilder().setPackageId(id);
          switch (field) {
            case 0 -> {
              body.put("description", "Description of " + id);
              r.setDescription("Description of " + id);
            }
            case 1 -> {
              body.put("duration", "45m");
              r.setDuration("45m");
            }
            case 2 -> {
              body.put("tags", List.of("onboarding", id));
              r.setTags(
                  com.google.protobuf.ListValue.newBuilder()
                      .addValues(stringValue("onboarding"))
                      .addValues(stringValue(id)));
            }
            default -> {
              body.put("custom_metadata", Map.of("level", "advanced", "package", id));
              r.setCustomMetadata(
                  com.google.protobuf.Struct.newBuilder()
                      .putFields("level", stringValue("advanced"))
                      .putFields("package", stringValue(id)));
            }
          }
          if ((i / 4 + field) % 2 == 0) {
            Response a = http.json("PATCH", "/api/v1/packages/" + id, body);
            assertThat(a.status()).as("PATCH %s: %s", body, a).isEqualTo(200);
          } else {
            grpc.updatePackage(r.build());
          }
          return null;
        });

    for (String id : ids) {
      JsonNode pkg = http.get("/api/v1/packages/" + id).json();
      assertThat(pkg.get("description").asText()).isEqualTo("Description of " + id);
      assertThat(pkg.get("duration").asText()).isEqualTo("45m");
      assertThat(pkg.get("custom_metadata").get("level").asText()).isEqualTo("advanced");
      assertThat(pkg.get("custom_metadata").get("package").asText()).isEqualTo(id);
      List<String> tags = new ArrayList<>();
      pkg.get("tags").forEach(t -> tags.add(t.asText()));
      assertThat(tags).containsExactly("onboarding", id);
    }
  }

  @Test
  void parallelCustomMetadataReplacements_leaveOneWriterWholeObject() throws Exception {
    // custom_metadata replaces the whole object (UpdatePackageRequest: "replaces the old"), so
    // of ten writers of different keys exactly one object survives, whole: never a mix of two
    // writers, never a key without its writer. Ten description writers run at the same time.
    Response created =
        http.allureUpload(tenantUuid, "meta.zip", TestPackages.scorm12("Metadata race"));
    assertThat(created.status()).as("%s", created).isEqualTo(200);
    String id = created.json().get("package").get("package_id").asText();
    int writers = 10;
    Together.run(
        20,
        2 * writers,
        i -> {
          int w = i / 2;
          Map<String, Object> body =
              i % 2 == 0
                  ? Map.of("custom_metadata", Map.of("writer", "w" + w, "key-" + w, "value-" + w))
                  : Map.of("description", "written by w" + w);
          Response a = http.json("PATCH", "/api/v1/packages/" + id, body);
          assertThat(a.status()).as("PATCH %s: %s", body, a).isEqualTo(200);
          return null;
        });

    JsonNode pkg = http.get("/api/v1/packages/" + id).json();
    JsonNode meta = pkg.get("custom_metadata");
    String writer = meta.get("writer").asText();
    assertThat(writer).matches("w\\d");
    String w = writer.substring(1);
    List<String> keys = new ArrayList<>();
    meta.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactlyInAnyOrder("writer", "key-" + w);
    assertThat(meta.get("key-" + w).asText()).isEqualTo("value-" + w);
    assertThat(pkg.get("description").asText()).matches("written by w\\d");
  }

  private PackageServiceGrpc.PackageServiceBlockingStub packageStub() {
    Metadata auth = new Metadata();
    auth.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        CourseportServerExtension.basic(KEY));
    return PackageServiceGrpc.newBlockingStub(server.inProcessChannel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth))
        .withDeadlineAfter(2, TimeUnit.MINUTES);
  }

  private static com.google.protobuf.Value stringValue(String s) {
    return com.google.protobuf.Value.newBuilder().setStringValue(s).build();
  }

  private static List<String> numbered(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  private static List<String> tags(String course) {
    Response a = http.get("/api/v2/courses/" + course + "/tags");
    assertThat(a.status()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    a.json().get("tags").forEach(t -> out.add(t.asText()));
    return out;
  }

  private static List<String> storedTags(String course) {
    return server.server().services().store().courses().find(tenantId, course).orElseThrow().tags();
  }

  private static Map<String, JsonNode> items(String path) {
    Response a = http.get(path);
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    Map<String, JsonNode> out = new HashMap<>();
    a.json().get("settingItems").forEach(item -> out.put(item.get("id").asText(), item));
    return out;
  }
}
