package org.courseport.server.domain.launch;

import java.time.Instant;
import java.util.Optional;

/** Storage of launch tokens (collection {@code launchTokens}). */
public interface LaunchTokenRepository {
  /** Stores a new token; the write is acknowledged durably before this returns. */
  void insert(LaunchTokenRecord record);

  /** The token with this SHA-256, expired or not. */
  Optional<LaunchTokenRecord> find(String tokenHash);

  /** Removes tokens that expired before {@code cutoff}; answers how many. */
  long deleteExpiredBefore(Instant cutoff);

  /** Removes every token of a course (the course was deleted); answers how many. */
  long deleteForCourse(String tenantId, String courseId);
}
