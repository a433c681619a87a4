package org.courseport.server.domain.settings;

/**
 * Where an effective value comes from, named as SCORM Cloud's SettingItem.effectiveValueSource.
 * SCORM Cloud has no {@code version} source: a value set on a course version reports {@link
 * #COURSE} (a version belongs to its course); {@code explicitValue} tells whether it was set
 * exactly at the level asked for.
 */
public enum SettingSource {
  DEFAULT("default"),
  APPLICATION("application"),
  COURSE("course");

  private final String apiName;

  SettingSource(String apiName) {
    this.apiName = apiName;
  }

  /** The lower camel case name used by the API. */
  public String apiName() {
    return apiName;
  }

  /** The source reported for a value stored at {@code level}. */
  public static SettingSource of(SettingLevel level) {
    return level == SettingLevel.APPLICATION ? APPLICATION : COURSE;
  }
}
