package org.courseport.server.domain.launch;

import java.time.Instant;
import java.util.Optional;

/**
 * Which courses are shared on the public page {@code /go/{courseId}} (collection {@code
 * courseSharing}). The share id is the course id alone, so at most one tenant shares a given id;
 * only shared courses are stored (off, the default, is no record).
 */
public interface CourseSharingRepository {
  /** The outcome of {@link #enable}. */
  enum EnableOutcome {
    /** Sharing is on for this tenant's course (now or already). */
    ENABLED,
    /** Another tenant already shares a course with this id. */
    ID_TAKEN
  }

  /** Turns sharing on (one insert; idempotent for the same tenant). */
  EnableOutcome enable(String tenantId, String courseId, Instant at);

  /** Turns sharing off (no-op when off). */
  void disable(String tenantId, String courseId);

  /** The tenant that shares a course with this id, if any. */
  Optional<String> sharingTenant(String courseId);

  /** Whether the tenant's course is shared. */
  default boolean isShared(String tenantId, String courseId) {
    return sharingTenant(courseId).filter(tenantId::equals).isPresent();
  }
}
