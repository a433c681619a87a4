package org.courseport.server.domain.launch;

import org.courseport.server.domain.course.CourseDeletionListener;

/**
 * Removes what launches attach to a deleted course: its share (sharing turns off, so {@code
 * /go/{id}} answers 404 and the id is free again) and its launch tokens (open links and player
 * sessions stop working: Unknown, 404). Sessions and statements are the run-time's to remove.
 */
public final class LaunchCleanup implements CourseDeletionListener {
  private final CourseSharingRepository sharing;
  private final LaunchTokenRepository tokens;

  public LaunchCleanup(CourseSharingRepository sharing, LaunchTokenRepository tokens) {
    this.sharing = sharing;
    this.tokens = tokens;
  }

  @Override
  public void courseDeleted(String tenantId, String courseId) {
    sharing.disable(tenantId, courseId);
    tokens.deleteForCourse(tenantId, courseId);
  }

  @Override
  public void versionDeleted(String tenantId, String courseId, int version) {
    // Tokens of a deleted version resolve, but the version lookup behind them answers 404.
  }
}
