package org.courseport.server.domain.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.domain.settings.SettingIds.*;

import java.util.LinkedHashMap;
import java.util.Map;
import org.courseport.server.domain.DomainException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsServiceTest {
  static final SettingScope APP = SettingScope.application("t1");
  static final SettingScope COURSE = SettingScope.course("t1", "c1");
  static final SettingScope V0 = SettingScope.version("t1", "c1", 0);

  final MemorySettingsRepository repository = new MemorySettingsRepository();
  final SettingsService service = new SettingsService(SettingsRegistry.builtin(), repository);

  SettingItem item(SettingScope scope, String id) {
    return service.list(scope, false).stream()
        .filter(i -> i.id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  static DomainException error(Runnable r) {
    try {
      r.run();
    } catch (DomainException e) {
      return e;
    }
    throw new AssertionError("no DomainException");
  }

  @Test
  void defaultsApplyWhenNothingIsSet() {
    SettingItem launch = item(V0, PLAYER_LAUNCH_TYPE);
    assertThat(launch.effectiveValue()).isEqualTo("FRAMESET");
    assertThat(launch.effectiveValueSource()).isEqualTo(SettingSource.DEFAULT);
    assertThat(launch.explicitValue()).isNull();
    assertThat(launch.metadata()).isNull();
    assertThat(service.effectiveLong(V0, PREVIEW_EXPIRY_SECONDS)).isEqualTo(120);
  }

  @Test
  void versionThenCourseThenApplicationThenDefault() {
    service.set(APP, Map.of(PLAYER_LAUNCH_TYPE, "NEW_WINDOW"));
    assertThat(item(V0, PLAYER_LAUNCH_TYPE))
        .extracting(
            SettingItem::effectiveValue,
            SettingItem::effectiveValueSource,
            SettingItem::explicitValue)
        .containsExactly("NEW_WINDOW", SettingSource.APPLICATION, null);

    service.set(COURSE, Map.of(PLAYER_LAUNCH_TYPE, "FRAMESET"));
    assertThat(item(COURSE, PLAYER_LAUNCH_TYPE))
        .extracting(
            SettingItem::effectiveValue,
            SettingItem::effectiveValueSource,
            SettingItem::explicitValue)
        .containsExactly("FRAMESET", SettingSource.COURSE, "FRAMESET");
    assertThat(item(V0, PLAYER_LAUNCH_TYPE))
        .extracting(
            SettingItem::effectiveValue,
            SettingItem::effectiveValueSource,
            SettingItem::explicitValue)
        .containsExactly("FRAMESET", SettingSource.COURSE, null);
    assertThat(item(APP, PLAYER_LAUNCH_TYPE).effectiveValue()).isEqualTo("NEW_WINDOW");

    service.set(V0, Map.of(PLAYER_LAUNCH_TYPE, "NEW_WINDOW"));
    assertThat(item(V0, PLAYER_LAUNCH_TYPE))
        .extracting(
            SettingItem::effectiveValue,
            SettingItem::effectiveValueSource,
            SettingItem::explicitValue)
        .containsExactly("NEW_WINDOW", SettingSource.COURSE, "NEW_WINDOW");
    assertThat(item(SettingScope.version("t1", "c1", 1), PLAYER_LAUNCH_TYPE).effectiveValue())
        .isEqualTo("FRAMESET");
    assertThat(service.effective("t1", "c1", 0, PLAYER_LAUNCH_TYPE)).isEqualTo("NEW_WINDOW");
    assertThat(service.effective("t1", null, null, PLAYER_LAUNCH_TYPE)).isEqualTo("NEW_WINDOW");
    assertThat(service.effective("t2", "c1", 0, PLAYER_LAUNCH_TYPE)).isEqualTo("FRAMESET");
  }

  @Test
  void clearingMakesTheValueInheritAgain() {
    service.set(APP, Map.of(PREVIEW_EXPIRY_SECONDS, "200"));
    service.set(COURSE, Map.of(PREVIEW_EXPIRY_SECONDS, "30"));
    service.clear(COURSE, PREVIEW_EXPIRY_SECONDS);
    assertThat(item(COURSE, PREVIEW_EXPIRY_SECONDS))
        .extracting(
            SettingItem::effectiveValue,
            SettingItem::effectiveValueSource,
            SettingItem::explicitValue)
        .containsExactly("200", SettingSource.APPLICATION, null);
    service.clear(COURSE, PREVIEW_EXPIRY_SECONDS);
    assertThat(error(() -> service.clear(COURSE, "NoSuchSetting")).reason())
        .isEqualTo("SETTING_UNKNOWN");
  }

  @ParameterizedTest
  @CsvSource({
    "PlayerLaunchType, POPUP",
    "PlayerScoLaunchType, ''",
    "PreviewExpirySeconds, 9",
    "PreviewExpirySeconds, 301",
    "PreviewExpirySeconds, abc",
    "PreviewExpirySeconds, 1.5",
    "PlayerScorm12MasteryOverride, yes",
    "ApiRollupRegistrationPostBackUrl, ftp://example.com/x",
    "ApiRollupRegistrationPostBackUrl, not a url",
    "ApiRollupRegistrationPostBackUrl, closer",
    "PreviewRedirectOnExitUrl, /relative",
    "ApiRollupRegistrationAuthType, digest"
  })
  void invalidValuesAreRefusedNamingTheSetting(String id, String value) {
    DomainException e = error(() -> service.set(COURSE, Map.of(id, value)));
    assertThat(e.kind()).isEqualTo(DomainException.Kind.INVALID_ARGUMENT);
    assertThat(e.reason()).isEqualTo("SETTING_INVALID_VALUE");
    assertThat(e.getMessage()).contains(id);
    assertThat(repository.writes).isZero();
  }

  @ParameterizedTest
  @CsvSource({
    "PlayerLaunchType, new_window, NEW_WINDOW",
    "PreviewExpirySeconds, ' 0120 ', 120",
    "PlayerScorm12MasteryOverride, TRUE, true",
    "PreviewRedirectOnExitUrl, CLOSER, closer",
    "PreviewRedirectOnExitUrl, https://lms.example/done?x=1, https://lms.example/done?x=1",
    "ApiRollupRegistrationPostBackUrl, '', ''",
    "ApiRollupRegistrationAuthUser, ' spaced ', ' spaced '"
  })
  void validValuesAreStoredInCanonicalForm(String id, String value, String stored) {
    service.set(COURSE, Map.of(id, value));
    assertThat(repository.find(COURSE)).containsEntry(id, stored);
  }

  @Test
  void unknownSettingIsRefusedAndNothingIsStored() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(PLAYER_LAUNCH_TYPE, "NEW_WINDOW");
    values.put("NoSuchSetting", "x");
    DomainException e = error(() -> service.set(COURSE, values));
    assertThat(e.reason()).isEqualTo("SETTING_UNKNOWN");
    assertThat(e.getMessage()).contains("NoSuchSetting");
    assertThat(repository.data).isEmpty();
  }

  @Test
  void idsAreMatchedCaseInsensitivelyAndStoredCanonically() {
    service.set(COURSE, Map.of("playerlaunchtype", "NEW_WINDOW"));
    assertThat(repository.find(COURSE)).containsOnlyKeys(PLAYER_LAUNCH_TYPE);
  }

  @Test
  void readOnlyAndTooSpecificLevelsAreRefused() {
    assertThat(error(() -> service.set(APP, Map.of(WEB_PATH_TO_CONTENT_ROOT, "/x"))).reason())
        .isEqualTo("SETTING_READ_ONLY");
    assertThat(
            error(() -> service.set(V0, Map.of(IMPORT_POSTBACK_URL, "https://a.example/p")))
                .reason())
        .isEqualTo("SETTING_INVALID_LEVEL");
    service.set(APP, Map.of(IMPORT_POSTBACK_URL, "https://a.example/p"));
    assertThat(item(V0, IMPORT_POSTBACK_URL).effectiveValue()).isEqualTo("https://a.example/p");
    assertThat(item(V0, WEB_PATH_TO_CONTENT_ROOT).effectiveValue()).isEqualTo("/content");
  }

  @Test
  void secretsAreMaskedWhenListedButAvailableInClearToTheServer() {
    service.set(
        COURSE, Map.of(REGISTRATION_AUTH_PASSWORD, "s3cret", IMPORT_POSTBACK_AUTH_PASSWORD, ""));
    SettingItem password = item(V0, REGISTRATION_AUTH_PASSWORD);
    assertThat(password.effectiveValue()).isEqualTo(SettingsService.MASK);
    assertThat(item(COURSE, REGISTRATION_AUTH_PASSWORD).explicitValue())
        .isEqualTo(SettingsService.MASK);
    assertThat(item(COURSE, IMPORT_POSTBACK_AUTH_PASSWORD).explicitValue()).isEmpty();
    assertThat(service.effective(V0, REGISTRATION_AUTH_PASSWORD)).isEqualTo("s3cret");

    service.set(COURSE, Map.of(REGISTRATION_AUTH_PASSWORD, SettingsService.MASK));
    assertThat(service.effective(V0, REGISTRATION_AUTH_PASSWORD)).isEqualTo("s3cret");
    assertThat(service.list(COURSE, true).toString()).doesNotContain("s3cret");

    String huge = "p".repeat(5000);
    DomainException e = error(() -> service.set(COURSE, Map.of(REGISTRATION_AUTH_PASSWORD, huge)));
    assertThat(e.getMessage()).contains(REGISTRATION_AUTH_PASSWORD).doesNotContain("ppp");
  }

  @Test
  void metadataIsIncludedOnRequest() {
    SettingItem expiry =
        service.list(COURSE, true).stream()
            .filter(i -> i.id().equals(PREVIEW_EXPIRY_SECONDS))
            .findFirst()
            .orElseThrow();
    assertThat(expiry.metadata().dataType()).isEqualTo(SettingDataType.INT);
    assertThat(expiry.metadata().min()).isEqualTo(10);
    assertThat(expiry.metadata().max()).isEqualTo(300);
    assertThat(expiry.metadata().defaultValue()).isEqualTo("120");
  }
}
