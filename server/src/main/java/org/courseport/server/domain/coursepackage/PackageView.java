package org.courseport.server.domain.coursepackage;

import org.courseport.server.domain.course.CourseView;

/**
 * A package as the Allure API shows it: its course in the current version and its extras.
 *
 * @param course the course and its latest version
 * @param extras the PATCHed fields
 * @param tenantUuid the owning tenant's public UUID
 */
public record PackageView(CourseView course, PackageExtras extras, String tenantUuid) {

  /** Current revision: the latest version + 1, so the first is 1. */
  public int currentRevision() {
    return course.version().version() + 1;
  }
}
