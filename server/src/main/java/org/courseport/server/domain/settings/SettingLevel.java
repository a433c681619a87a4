package org.courseport.server.domain.settings;

/**
 * Where a setting value is stored, from the most general to the most specific. As metadata, the
 * most specific level at which a setting may be set.
 */
public enum SettingLevel {
  APPLICATION("application"),
  COURSE("course"),
  VERSION("version");

  private final String apiName;

  SettingLevel(String apiName) {
    this.apiName = apiName;
  }

  /** The lower-case name used by the API. */
  public String apiName() {
    return apiName;
  }

  /** Whether a setting whose metadata level is this one may be set at {@code target}. */
  public boolean admits(SettingLevel target) {
    return target.ordinal() <= ordinal();
  }
}
