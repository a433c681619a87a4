package org.courseport.server.domain.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The place a set of setting values belongs to: a tenant's application, one of its courses, or one
 * version of a course.
 *
 * @param tenantId the tenant (SCORM Cloud application)
 * @param level which of the three
 * @param courseId the course, null at application level
 * @param version the version number, -1 unless at version level
 */
public record SettingScope(String tenantId, SettingLevel level, String courseId, int version) {
  public SettingScope {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(level, "level");
    boolean needsCourse = level != SettingLevel.APPLICATION;
    if (needsCourse != (courseId != null)) {
      throw new IllegalArgumentException(
          "courseId must be set exactly for course and version scopes");
    }
    if ((level == SettingLevel.VERSION) != (version >= 0)) {
      throw new IllegalArgumentException("version must be >= 0 exactly for version scopes");
    }
  }

  public static SettingScope application(String tenantId) {
    return new SettingScope(tenantId, SettingLevel.APPLICATION, null, -1);
  }

  public static SettingScope course(String tenantId, String courseId) {
    return new SettingScope(tenantId, SettingLevel.COURSE, courseId, -1);
  }

  public static SettingScope version(String tenantId, String courseId, int version) {
    return new SettingScope(tenantId, SettingLevel.VERSION, courseId, version);
  }

  /**
   * The most specific scope for the arguments: version when both course and version are given,
   * course when only the course is, else application.
   */
  public static SettingScope of(String tenantId, String courseId, Integer version) {
    if (courseId == null) {
      return application(tenantId);
    }
    return version == null ? course(tenantId, courseId) : version(tenantId, courseId, version);
  }

  /** This scope followed by the less specific ones it inherits from. */
  public List<SettingScope> chain() {
    List<SettingScope> chain = new ArrayList<>(3);
    chain.add(this);
    if (level == SettingLevel.VERSION) {
      chain.add(course(tenantId, courseId));
    }
    if (level != SettingLevel.APPLICATION) {
      chain.add(application(tenantId));
    }
    return chain;
  }

  @Override
  public String toString() {
    return switch (level) {
      case APPLICATION -> "application of tenant " + tenantId;
      case COURSE -> "course " + courseId;
      case VERSION -> "version " + version + " of course " + courseId;
    };
  }
}
