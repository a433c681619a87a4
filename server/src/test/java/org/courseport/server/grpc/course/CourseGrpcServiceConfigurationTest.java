package org.courseport.server.grpc.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.grpc.GrpcFixtures.assertFails;
import static org.courseport.server.grpc.GrpcFixtures.importCourse;

import io.grpc.Status;
import java.util.List;
import org.courseport.api.v1.CourseServiceGrpc.CourseServiceBlockingStub;
import org.courseport.api.v1.DeleteApplicationConfigurationSettingRequest;
import org.courseport.api.v1.DeleteCourseConfigurationSettingRequest;
import org.courseport.api.v1.GetApplicationConfigurationRequest;
import org.courseport.api.v1.GetCourseConfigurationRequest;
import org.courseport.api.v1.SetApplicationConfigurationRequest;
import org.courseport.api.v1.SetCourseConfigurationRequest;
import org.courseport.api.v1.SettingItem;
import org.courseport.api.v1.SettingList;
import org.courseport.api.v1.SettingValidValue;
import org.courseport.api.v1.SettingsIndividual;
import org.courseport.api.v1.SettingsPost;
import org.courseport.server.domain.settings.SettingScope;
import org.courseport.server.grpc.GrpcFixtures;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The configuration RPCs through the real server, at application, course and version level. Each
 * test works in a tenant of its own, so application values never leak between tests.
 */
class CourseGrpcServiceConfigurationTest {
  private static final String LAUNCH = "PlayerLaunchType";

  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private final String key = server.newTenant();
  private final CourseServiceBlockingStub stub = server.blocking(key);

  @Test
  void getApplicationConfiguration_fresh_reportsDefaultsWithoutMetadata() {
    SettingList list =
        stub.getApplicationConfiguration(GetApplicationConfigurationRequest.getDefaultInstance());

    assertThat(list.getSettingItemsList())
        .extracting(SettingItem::getId)
        .contains(LAUNCH, "PreviewExpirySeconds", "ImportPostbackUrl", "WebPathToContentRoot");
    assertThat(list.getSettingItemsList())
        .allSatisfy(
            item -> {
              assertThat(item.getEffectiveValueSource()).isEqualTo("default");
              assertThat(item.hasExplicitValue()).isFalse();
              assertThat(item.hasMetadata()).isFalse();
            });
    assertThat(item(list, LAUNCH).getEffectiveValue()).isEqualTo("FRAMESET");
    assertThat(item(list, "PreviewExpirySeconds").getEffectiveValue()).isEqualTo("120");
  }

  @Test
  void getApplicationConfiguration_includeMetadata_describesEachSetting() {
    SettingList list =
        stub.getApplicationConfiguration(
            GetApplicationConfigurationRequest.newBuilder().setIncludeMetadata(true).build());

    assertThat(list.getSettingItemsList()).allSatisfy(i -> assertThat(i.hasMetadata()).isTrue());
    var launch = item(list, LAUNCH).getMetadata();
    assertThat(launch.getDefault()).isEqualTo("FRAMESET");
    assertThat(launch.getDataType()).isEqualTo("enum");
    assertThat(launch.getSettingDescription()).isNotBlank();
    assertThat(launch.getValidValuesList())
        .extracting(SettingValidValue::getValue)
        .containsExactly("FRAMESET", "NEW_WINDOW");
    assertThat(item(list, "ImportPostbackUrl").getMetadata().getLevel()).isEqualTo("course");
  }

  @Test
  void setApplicationConfiguration_storesCanonicalValuesAsApplicationSource() {
    stub.setApplicationConfiguration(
        SetApplicationConfigurationRequest.newBuilder()
            .setConfiguration(
                post(
                    LAUNCH,
                    "new_window",
                    "PlayerScorm12MasteryOverride",
                    "TRUE",
                    "playerautocommitseconds",
                    "007"))
            .build());

    SettingList list = application();
    assertThat(item(list, LAUNCH).getEffectiveValue()).isEqualTo("NEW_WINDOW");
    assertThat(item(list, LAUNCH).getExplicitValue()).isEqualTo("NEW_WINDOW");
    assertThat(item(list, LAUNCH).getEffectiveValueSource()).isEqualTo("application");
    assertThat(item(list, "PlayerScorm12MasteryOverride").getEffectiveValue()).isEqualTo("true");
    assertThat(item(list, "PlayerAutoCommitSeconds").getEffectiveValue()).isEqualTo("7");
    assertThat(item(list, "PreviewExpirySeconds").getEffectiveValueSource()).isEqualTo("default");
  }

  @Test
  void applicationValues_areInvisibleToOtherTenants() {
    stub.setApplicationConfiguration(
        SetApplicationConfigurationRequest.newBuilder()
            .setConfiguration(post(LAUNCH, "NEW_WINDOW"))
            .build());

    SettingList other =
        server
            .blocking(server.newTenant())
            .getApplicationConfiguration(GetApplicationConfigurationRequest.getDefaultInstance());

    assertThat(item(other, LAUNCH).getEffectiveValue()).isEqualTo("FRAMESET");
    assertThat(item(other, LAUNCH).getEffectiveValueSource()).isEqualTo("default");
  }

  @Test
  void effectiveValue_resolvesVersionThenCourseThenApplicationThenDefault() {
    importCourse(server, key, "cascade", TestPackages.scorm12("V0"));
    importCourse(server, key, "cascade", TestPackages.scorm12("V1"), true);
    stub.setApplicationConfiguration(
        SetApplicationConfigurationRequest.newBuilder()
            .setConfiguration(post(LAUNCH, "NEW_WINDOW"))
            .build());

    assertItem(course("cascade"), "NEW_WINDOW", "application", null);
    assertItem(version("cascade", 0), "NEW_WINDOW", "application", null);

    stub.setCourseConfiguration(
        SetCourseConfigurationRequest.newBuilder()
            .setCourseId("cascade")
            .setConfiguration(post(LAUNCH, "FRAMESET"))
            .build());
    assertItem(course("cascade"), "FRAMESET", "course", "FRAMESET");
    assertItem(version("cascade", 0), "FRAMESET", "course", null);

    stub.setCourseConfiguration(
        SetCourseConfigurationRequest.newBuilder()
            .setCourseId("cascade")
            .setVersionId(0)
            .setConfiguration(post(LAUNCH, "NEW_WINDOW"))
            .build());
    assertItem(version("cascade", 0), "NEW_WINDOW", "course", "NEW_WINDOW");
    assertItem(version("cascade", 1), "FRAMESET", "course", null);
    assertItem(course("cascade"), "FRAMESET", "course", "FRAMESET");
    assertItem(application(), "NEW_WINDOW", "application", "NEW_WINDOW");

    stub.deleteCourseConfigurationSetting(
        DeleteCourseConfigurationSettingRequest.newBuilder()
            .setCourseId("cascade")
            .setVersionId(0)
            .setSettingId(LAUNCH)
            .build());
    assertItem(version("cascade", 0), "FRAMESET", "course", null);

    stub.deleteCourseConfigurationSetting(
        DeleteCourseConfigurationSettingRequest.newBuilder()
            .setCourseId("cascade")
            .setSettingId(LAUNCH)
            .build());
    assertItem(version("cascade", 0), "NEW_WINDOW", "application", null);
    assertItem(course("cascade"), "NEW_WINDOW", "application", null);

    stub.deleteApplicationConfigurationSetting(
        DeleteApplicationConfigurationSettingRequest.newBuilder().setSettingId(LAUNCH).build());
    assertItem(version("cascade", 0), "FRAMESET", "default", null);
    assertItem(application(), "FRAMESET", "default", null);
  }

  @Test
  void deleteSetting_notSetAtThatLevel_isANoOp() {
    importCourse(server, key, "noop", TestPackages.scorm12("N"));
    stub.setApplicationConfiguration(
        SetApplicationConfigurationRequest.newBuilder()
            .setConfiguration(post(LAUNCH, "NEW_WINDOW"))
            .build());

    stub.deleteCourseConfigurationSetting(
        DeleteCourseConfigurationSettingRequest.newBuilder()
            .setCourseId("noop")
            .setSettingId(LAUNCH)
            .build());

    assertItem(course("noop"), "NEW_WINDOW", "application", null);
  }

  @Test
  void unknownSetting_returnsSettingUnknownNamingItAtEveryLevel() {
    importCourse(server, key, "unknown-setting", TestPackages.scorm12("U"));

    var e =
        assertFails(
            () ->
                stub.setApplicationConfiguration(
                    SetApplicationConfigurationRequest.newBuilder()
                        .setConfiguration(post("NoSuchSetting", "1"))
                        .build()),
            Status.Code.INVALID_ARGUMENT,
            "SETTING_UNKNOWN");
    assertThat(e.getStatus().getDescription()).contains("NoSuchSetting");
    assertFails(
        () ->
            stub.setCourseConfiguration(
                SetCourseConfigurationRequest.newBuilder()
                    .setCourseId("unknown-setting")
                    .setConfiguration(post("NoSuchSetting", "1"))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "SETTING_UNKNOWN");
    assertFails(
        () ->
            stub.deleteCourseConfigurationSetting(
                DeleteCourseConfigurationSettingRequest.newBuilder()
                    .setCourseId("unknown-setting")
                    .setVersionId(0)
                    .setSettingId("NoSuchSetting")
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "SETTING_UNKNOWN");
    assertFails(
        () ->
            stub.deleteApplicationConfigurationSetting(
                DeleteApplicationConfigurationSettingRequest.newBuilder()
                    .setSettingId("NoSuchSetting")
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "SETTING_UNKNOWN");
  }

  @Test
  void invalidValues_returnSettingInvalidValueNamingTheSetting() {
    List<String[]> bad =
        List.of(
            new String[] {LAUNCH, "POPUP"},
            new String[] {"PlayerScorm12MasteryOverride", "maybe"},
            new String[] {"PreviewExpirySeconds", "5"},
            new String[] {"PlayerAutoCommitSeconds", "soon"},
            new String[] {"ImportPostbackUrl", "ftp://example.com/hook"});

    for (String[] setting : bad) {
      var e =
          assertFails(
              () ->
                  stub.setApplicationConfiguration(
                      SetApplicationConfigurationRequest.newBuilder()
                          .setConfiguration(post(setting[0], setting[1]))
                          .build()),
              Status.Code.INVALID_ARGUMENT,
              "SETTING_INVALID_VALUE");
      assertThat(e.getStatus().getDescription()).contains(setting[0]);
    }
    assertThat(application().getSettingItemsList())
        .allSatisfy(i -> assertThat(i.hasExplicitValue()).isFalse());
  }

  @Test
  void setConfiguration_oneInvalidValue_storesNoneOfThem() {
    importCourse(server, key, "atomic", TestPackages.scorm12("A"));

    assertFails(
        () ->
            stub.setCourseConfiguration(
                SetCourseConfigurationRequest.newBuilder()
                    .setCourseId("atomic")
                    .setConfiguration(post(LAUNCH, "NEW_WINDOW", "PreviewExpirySeconds", "9999"))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "SETTING_INVALID_VALUE");

    assertItem(course("atomic"), "FRAMESET", "default", null);
  }

  @Test
  void readOnlySetting_returnsInvalidArgument() {
    assertFails(
        () ->
            stub.setApplicationConfiguration(
                SetApplicationConfigurationRequest.newBuilder()
                    .setConfiguration(post("WebPathToContentRoot", "/elsewhere"))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "SETTING_READ_ONLY");
  }

  @Test
  void courseLevelSetting_atVersionLevel_returnsInvalidArgument() {
    importCourse(server, key, "levels", TestPackages.scorm12("L"));

    var e =
        assertFails(
            () ->
                stub.setCourseConfiguration(
                    SetCourseConfigurationRequest.newBuilder()
                        .setCourseId("levels")
                        .setVersionId(0)
                        .setConfiguration(post("ImportPostbackUrl", "https://example.com/hook"))
                        .build()),
            Status.Code.INVALID_ARGUMENT,
            "SETTING_INVALID_LEVEL");

    assertThat(e.getStatus().getDescription()).contains("ImportPostbackUrl");
  }

  @Test
  void secretSetting_isMaskedInListsAndKeptWhenTheMaskIsSentBack() {
    importCourse(server, key, "secret", TestPackages.scorm12("S"));
    String password = "ImportPostbackAuthPassword";
    stub.setCourseConfiguration(
        SetCourseConfigurationRequest.newBuilder()
            .setCourseId("secret")
            .setConfiguration(post(password, "hunter2"))
            .build());

    assertItem(course("secret"), password, "********", "course", "********");
    stub.setCourseConfiguration(
        SetCourseConfigurationRequest.newBuilder()
            .setCourseId("secret")
            .setConfiguration(post(password, "********"))
            .build());

    String tenant = GrpcFixtures.tenantId(server, key);
    assertThat(
            server
                .server()
                .services()
                .settings()
                .effective(SettingScope.course(tenant, "secret"), password))
        .isEqualTo("hunter2");
  }

  @Test
  void courseConfiguration_unknownCourseOrVersion_returnsNotFound() {
    importCourse(server, key, "known", TestPackages.scorm12("K"));

    assertFails(
        () ->
            stub.getCourseConfiguration(
                GetCourseConfigurationRequest.newBuilder().setCourseId("unknown").build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
    assertFails(
        () ->
            stub.getCourseConfiguration(
                GetCourseConfigurationRequest.newBuilder()
                    .setCourseId("known")
                    .setVersionId(4)
                    .build()),
        Status.Code.NOT_FOUND,
        "VERSION_NOT_FOUND");
    assertFails(
        () ->
            stub.setCourseConfiguration(
                SetCourseConfigurationRequest.newBuilder()
                    .setCourseId("unknown")
                    .setConfiguration(post(LAUNCH, "FRAMESET"))
                    .build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
    assertFails(
        () ->
            stub.deleteCourseConfigurationSetting(
                DeleteCourseConfigurationSettingRequest.newBuilder()
                    .setCourseId("known")
                    .setVersionId(4)
                    .setSettingId(LAUNCH)
                    .build()),
        Status.Code.NOT_FOUND,
        "VERSION_NOT_FOUND");
  }

  @Test
  void getCourseConfiguration_includeMetadata_fillsMetadata() {
    importCourse(server, key, "meta", TestPackages.scorm12("M"));

    SettingList list =
        stub.getCourseConfiguration(
            GetCourseConfigurationRequest.newBuilder()
                .setCourseId("meta")
                .setVersionId(0)
                .setIncludeMetadata(true)
                .build());

    assertThat(list.getSettingItemsList())
        .isNotEmpty()
        .allSatisfy(i -> assertThat(i.getMetadata().getDataType()).isNotEmpty());
  }

  // --- helpers

  private SettingList application() {
    return stub.getApplicationConfiguration(
        GetApplicationConfigurationRequest.getDefaultInstance());
  }

  private SettingList course(String courseId) {
    return stub.getCourseConfiguration(
        GetCourseConfigurationRequest.newBuilder().setCourseId(courseId).build());
  }

  private SettingList version(String courseId, int version) {
    return stub.getCourseConfiguration(
        GetCourseConfigurationRequest.newBuilder()
            .setCourseId(courseId)
            .setVersionId(version)
            .build());
  }

  private static SettingsPost post(String... idsAndValues) {
    SettingsPost.Builder b = SettingsPost.newBuilder();
    for (int i = 0; i < idsAndValues.length; i += 2) {
      b.addSettings(
          SettingsIndividual.newBuilder()
              .setSettingId(idsAndValues[i])
              .setValue(idsAndValues[i + 1]));
    }
    return b.build();
  }

  private static SettingItem item(SettingList list, String id) {
    return list.getSettingItemsList().stream()
        .filter(i -> i.getId().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no setting " + id));
  }

  private static void assertItem(
      SettingList list, String effective, String source, String explicit) {
    assertItem(list, LAUNCH, effective, source, explicit);
  }

  private static void assertItem(
      SettingList list, String id, String effective, String source, String explicit) {
    SettingItem item = item(list, id);
    assertThat(item.getEffectiveValue()).as(id + " effective").isEqualTo(effective);
    assertThat(item.getEffectiveValueSource()).as(id + " source").isEqualTo(source);
    if (explicit == null) {
      assertThat(item.hasExplicitValue()).as(id + " has explicit").isFalse();
    } else {
      assertThat(item.getExplicitValue()).as(id + " explicit").isEqualTo(explicit);
    }
  }
}
