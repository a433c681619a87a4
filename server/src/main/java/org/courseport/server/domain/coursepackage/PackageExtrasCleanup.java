package org.courseport.server.domain.coursepackage;

import org.courseport.server.domain.course.CourseDeletionListener;

/** Deletes a package's extras with its course, whichever API deleted it. */
public final class PackageExtrasCleanup implements CourseDeletionListener {
  private final PackageExtrasRepository extras;

  public PackageExtrasCleanup(PackageExtrasRepository extras) {
    this.extras = extras;
  }

  @Override
  public void courseDeleted(String tenantId, String courseId) {
    extras.delete(tenantId, courseId);
  }

  @Override
  public void versionDeleted(String tenantId, String courseId, int version) {}
}
