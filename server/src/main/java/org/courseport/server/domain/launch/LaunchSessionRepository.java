package org.courseport.server.domain.launch;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Storage of launch sessions (collection {@code launchSessions}). */
public interface LaunchSessionRepository {
  /** Inserts a new session; false when one with the same tenant, course and session id exists. */
  boolean insert(LaunchSession session);

  Optional<LaunchSession> find(String tenantId, String courseId, String sessionId);

  /**
   * Replaces the session when its stored revision is still {@code expectedRevision} (one
   * conditional single-document update); false when another commit came first.
   */
  boolean replace(LaunchSession session, long expectedRevision);

  /** Sessions of a course, or of one version when {@code version} is not null. */
  long count(String tenantId, String courseId, Integer version);

  /**
   * Sessions of each of several courses (all versions), keyed by course id; a course without
   * sessions may be left out. Stores answer in one read; this default asks once per course.
   */
  default Map<String, Long> countEach(String tenantId, Collection<String> courseIds) {
    Map<String, Long> counts = new HashMap<>();
    for (String courseId : courseIds) {
      counts.put(courseId, count(tenantId, courseId, null));
    }
    return counts;
  }

  /** Removes a course's sessions (the course was deleted); answers how many. */
  long deleteForCourse(String tenantId, String courseId);

  /** Removes one version's sessions; answers how many. */
  long deleteForVersion(String tenantId, String courseId, int version);
}
