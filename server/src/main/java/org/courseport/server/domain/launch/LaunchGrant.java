package org.courseport.server.domain.launch;

import java.time.Instant;

/**
 * What a token opens: one version of one course, previewed or tracked in a session.
 *
 * @param tenantId the owning tenant
 * @param courseId the course
 * @param version the course version
 * @param mode preview (untracked) or tracked
 * @param sessionId the launch session's id when tracked; null for a preview
 * @param userId the learner when tracked; null for a preview
 * @param options how the player behaves
 * @param expiresAt until when the token works
 */
public record LaunchGrant(
    String tenantId,
    String courseId,
    int version,
    LaunchMode mode,
    String sessionId,
    String userId,
    LaunchOptions options,
    Instant expiresAt) {

  public LaunchGrant {
    if ((mode == LaunchMode.TRACKED) != (sessionId != null)) {
      throw new IllegalArgumentException("a tracked grant has a session id, a preview none");
    }
    options = options == null ? LaunchOptions.DEFAULTS : options;
  }

  /** The same grant with another expiry (a delivery token minted from a link). */
  public LaunchGrant withExpiry(Instant at) {
    return new LaunchGrant(tenantId, courseId, version, mode, sessionId, userId, options, at);
  }
}
