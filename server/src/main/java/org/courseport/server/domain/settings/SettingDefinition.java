package org.courseport.server.domain.settings;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.courseport.server.domain.packaging.LearningStandard;

/**
 * A known setting and its metadata (SCORM Cloud's SettingMetadata).
 *
 * @param id the setting id, such as {@code PlayerLaunchType}
 * @param dataType its type
 * @param defaultValue the value in force when no level sets one
 * @param description what the setting does
 * @param level the most specific level it may be set at
 * @param learningStandards the standards it applies to; empty means all
 * @param validValues allowed values (enum) or accepted keywords (url)
 * @param min smallest allowed value of an int setting
 * @param max largest allowed value of an int setting
 * @param secret whether values are masked whenever they are shown
 * @param readOnly whether the API may not set it
 */
public record SettingDefinition(
    String id,
    SettingDataType dataType,
    String defaultValue,
    String description,
    SettingLevel level,
    Set<LearningStandard> learningStandards,
    List<SettingValidValue> validValues,
    long min,
    long max,
    boolean secret,
    boolean readOnly) {
  public SettingDefinition {
    learningStandards =
        learningStandards.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(learningStandards));
    validValues = List.copyOf(validValues);
    if (dataType == SettingDataType.ENUM && validValues.isEmpty()) {
      throw new IllegalArgumentException(id + ": an enum setting needs valid values");
    }
  }

  /** Starts a definition; the level defaults to version, the default value to empty. */
  public static Builder builder(String id, SettingDataType dataType, String description) {
    return new Builder(id, dataType, description);
  }

  /** Builds {@link SettingDefinition}s. */
  public static final class Builder {
    private final String id;
    private final SettingDataType dataType;
    private final String description;
    private String defaultValue = "";
    private SettingLevel level = SettingLevel.VERSION;
    private Set<LearningStandard> standards = Set.of();
    private final List<SettingValidValue> validValues = new ArrayList<>();
    private long min = Long.MIN_VALUE;
    private long max = Long.MAX_VALUE;
    private boolean secret;
    private boolean readOnly;

    private Builder(String id, SettingDataType dataType, String description) {
      this.id = id;
      this.dataType = dataType;
      this.description = description;
    }

    public Builder defaultValue(String value) {
      this.defaultValue = value;
      return this;
    }

    public Builder level(SettingLevel value) {
      this.level = value;
      return this;
    }

    public Builder standards(LearningStandard... values) {
      this.standards = Set.of(values);
      return this;
    }

    public Builder value(String value, String meaning) {
      validValues.add(new SettingValidValue(value, meaning));
      return this;
    }

    public Builder range(long minimum, long maximum) {
      this.min = minimum;
      this.max = maximum;
      return this;
    }

    public Builder secret() {
      this.secret = true;
      return this;
    }

    public Builder readOnly() {
      this.readOnly = true;
      return this;
    }

    public SettingDefinition build() {
      SettingDefinition d =
          new SettingDefinition(
              id,
              dataType,
              defaultValue,
              description,
              level,
              standards,
              validValues,
              min,
              max,
              secret,
              readOnly);
      SettingValues.normalize(d, defaultValue);
      return d;
    }
  }
}
