package org.courseport.server.domain.settings;

import org.courseport.server.domain.course.CourseDeletionListener;

/** Deletes the settings of a course or version when it is deleted. */
public final class SettingsCascade implements CourseDeletionListener {
  private final SettingsService settings;

  public SettingsCascade(SettingsService settings) {
    this.settings = settings;
  }

  @Override
  public void courseDeleted(String tenantId, String courseId) {
    settings.repository().deleteByCourse(tenantId, courseId);
  }

  @Override
  public void versionDeleted(String tenantId, String courseId, int version) {
    settings.repository().deleteByVersion(tenantId, courseId, version);
  }
}
