package org.courseport.server.grpc.course;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.courseport.api.v1.SettingItem;
import org.courseport.api.v1.SettingList;
import org.courseport.api.v1.SettingMetadata;
import org.courseport.api.v1.SettingValidValue;
import org.courseport.api.v1.SettingsIndividual;
import org.courseport.api.v1.SettingsPost;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.settings.SettingDefinition;

/** Maps settings between the domain and SettingListSchema / SettingsPostSchema. */
final class SettingsProtoMapper {
  private SettingsProtoMapper() {}

  static SettingList toProto(List<org.courseport.server.domain.settings.SettingItem> items) {
    SettingList.Builder b = SettingList.newBuilder();
    for (var item : items) {
      SettingItem.Builder i =
          SettingItem.newBuilder()
              .setId(item.id())
              .setEffectiveValue(item.effectiveValue())
              .setEffectiveValueSource(item.effectiveValueSource().apiName());
      if (item.explicitValue() != null) {
        i.setExplicitValue(item.explicitValue());
      }
      if (item.metadata() != null) {
        i.setMetadata(metadata(item.metadata()));
      }
      b.addSettingItems(i);
    }
    return b.build();
  }

  private static SettingMetadata metadata(SettingDefinition d) {
    SettingMetadata.Builder m =
        SettingMetadata.newBuilder()
            .setDefault(d.defaultValue())
            .setDataType(d.dataType().apiName())
            .setSettingDescription(d.description())
            .setLevel(d.level().apiName())
            .setLearningStandardVariant("either");
    d.learningStandards().stream()
        .map(s -> CourseProtoMapper.standard(s).name())
        .sorted()
        .forEach(m::addLearningStandards);
    d.validValues()
        .forEach(
            v ->
                m.addValidValues(
                    SettingValidValue.newBuilder()
                        .setValue(v.value())
                        .setValueDescription(v.description())));
    return m.build();
  }

  /** The posted values by setting id; INVALID_ARGUMENT for a missing id or a repeated one. */
  static Map<String, String> values(SettingsPost post) {
    Map<String, String> values = new LinkedHashMap<>();
    for (SettingsIndividual s : post.getSettingsList()) {
      if (s.getSettingId().isBlank()) {
        throw DomainException.invalid("SETTING_UNKNOWN", "settingId is required for every setting");
      }
      if (values.put(s.getSettingId(), s.getValue()) != null) {
        throw DomainException.invalid(
            "SETTING_INVALID_VALUE", "Setting '" + s.getSettingId() + "' is given twice");
      }
    }
    return values;
  }
}
