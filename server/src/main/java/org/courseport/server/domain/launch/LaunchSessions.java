package org.courseport.server.domain.launch;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Tracked launch sessions: start, resume, commit, read back. */
public interface LaunchSessions {
  /**
   * Starts a session, or resumes the existing one with this id (same user; else a DomainException
   * FAILED_PRECONDITION {@code SESSION_CONFLICT}). A resumed session keeps its version.
   *
   * @return the session and whether it existed before
   */
  Started start(
      String tenantId,
      String courseId,
      int version,
      String standard,
      String sessionId,
      String userId);

  /** The session, if any. */
  Optional<LaunchSession> find(String tenantId, String courseId, String sessionId);

  /** What the player loads for a tracked grant; {@link ResumeData#NONE} for a preview. */
  ResumeData resume(LaunchGrant grant);

  /**
   * Validates and stores a commit for a tracked grant, rolls the session up, and records the xAPI
   * statements it implies. Throws {@link CommitRefusedException} for an invalid commit or a preview
   * grant. Durable when it returns.
   */
  LaunchSession commit(LaunchGrant grant, RuntimeCommit commit);

  /** How many sessions a course (or one version) has: includeRegistrationCount. */
  long count(String tenantId, String courseId, Integer version);

  /**
   * How many sessions each of several courses has (all versions), keyed by course id; a course
   * without sessions may be left out: includeRegistrationCount on a GetCourses page. The default
   * asks once per course.
   */
  default Map<String, Long> countEach(String tenantId, Collection<String> courseIds) {
    Map<String, Long> counts = new HashMap<>();
    for (String courseId : courseIds) {
      counts.put(courseId, count(tenantId, courseId, null));
    }
    return counts;
  }

  /** The outcome of {@link #start}. */
  record Started(LaunchSession session, boolean resumed) {}
}
