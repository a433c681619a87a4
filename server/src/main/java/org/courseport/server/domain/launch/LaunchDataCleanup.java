package org.courseport.server.domain.launch;

import org.courseport.server.domain.course.CourseDeletionListener;
import org.courseport.server.domain.xapi.StatementRepository;

/** Removes the launch sessions and xAPI statements of a deleted course or version. */
public final class LaunchDataCleanup implements CourseDeletionListener {
  private final LaunchSessionRepository sessions;
  private final StatementRepository statements;

  public LaunchDataCleanup(LaunchSessionRepository sessions, StatementRepository statements) {
    this.sessions = sessions;
    this.statements = statements;
  }

  @Override
  public void courseDeleted(String tenantId, String courseId) {
    sessions.deleteForCourse(tenantId, courseId);
    statements.deleteForCourse(tenantId, courseId);
  }

  @Override
  public void versionDeleted(String tenantId, String courseId, int version) {
    sessions.deleteForVersion(tenantId, courseId, version);
    statements.deleteForVersion(tenantId, courseId, version);
  }
}
