package org.courseport.server.domain.settings;

/** The data type of a setting, named as SettingMetadata.dataType prints it. */
public enum SettingDataType {
  STRING("string"),
  BOOL("bool"),
  INT("int"),
  ENUM("enum"),
  URL("url");

  private final String apiName;

  SettingDataType(String apiName) {
    this.apiName = apiName;
  }

  /** The lower-case name used by the API. */
  public String apiName() {
    return apiName;
  }
}
