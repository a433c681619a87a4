package org.courseport.server.domain.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.courseport.server.domain.DomainException;
import org.junit.jupiter.api.Test;

class SettingsRegistryTest {
  final SettingsRegistry registry = SettingsRegistry.builtin("/files");

  @Test
  void everyIdCourseportReadsIsRegisteredWithAValidDefault() throws Exception {
    for (Field f : SettingIds.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        String id = (String) f.get(null);
        SettingDefinition d = registry.find(id).orElseThrow(() -> new AssertionError(id));
        assertThat(SettingValues.normalize(d, d.defaultValue())).as(id).isEqualTo(d.defaultValue());
        assertThat(d.description()).as(id).isNotBlank();
      }
    }
    assertThat(registry.all()).hasSize(SettingIds.class.getDeclaredFields().length);
  }

  @Test
  void documentedDefaultsAndValues() {
    SettingDefinition launch = registry.require("PlayerLaunchType");
    assertThat(launch.validValues())
        .extracting(SettingValidValue::value)
        .containsExactly("FRAMESET", "NEW_WINDOW");
    assertThat(registry.require("ApiRollupRegistrationAuthType").defaultValue()).isEqualTo("form");
    assertThat(registry.require("WebPathToContentRoot").defaultValue()).isEqualTo("/files");
    assertThat(registry.require("WebPathToContentRoot").level())
        .isEqualTo(SettingLevel.APPLICATION);
    assertThat(registry.require("ImportPostbackAuthPassword").secret()).isTrue();
  }

  @Test
  void unknownIdIsSettingUnknown() {
    assertThatThrownBy(() -> registry.require("Nope"))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.reason()).isEqualTo("SETTING_UNKNOWN"))
        .hasMessageContaining("Nope");
  }

  @Test
  void definitionsAreCheckedWhenBuilt() {
    assertThatThrownBy(
            () ->
                SettingDefinition.builder("X", SettingDataType.INT, "d")
                    .defaultValue("5")
                    .range(10, 20)
                    .build())
        .isInstanceOf(DomainException.class);
    assertThatThrownBy(() -> SettingDefinition.builder("E", SettingDataType.ENUM, "d").build())
        .isInstanceOf(IllegalArgumentException.class);
    SettingDefinition a = SettingDefinition.builder("Same", SettingDataType.STRING, "d").build();
    SettingDefinition b = SettingDefinition.builder("same", SettingDataType.STRING, "d").build();
    assertThatThrownBy(() -> new SettingsRegistry(List.of(a, b)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scopesValidateTheirShapeAndInheritInOrder() {
    assertThatThrownBy(() -> new SettingScope("t", SettingLevel.COURSE, null, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SettingScope("t", SettingLevel.VERSION, "c", -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SettingScope("t", SettingLevel.APPLICATION, "c", -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(SettingScope.version("t", "c", 2).chain())
        .containsExactly(
            SettingScope.version("t", "c", 2),
            SettingScope.course("t", "c"),
            SettingScope.application("t"));
  }
}
