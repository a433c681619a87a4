package org.courseport.server.domain.course;

/** Told when a course or version is deleted, so that data attached to it goes too. */
public interface CourseDeletionListener {
  void courseDeleted(String tenantId, String courseId);

  void versionDeleted(String tenantId, String courseId, int version);
}
