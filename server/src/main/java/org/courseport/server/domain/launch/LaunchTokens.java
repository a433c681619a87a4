package org.courseport.server.domain.launch;

/**
 * Issues and resolves launch tokens. Tokens are 256-bit random, URL-safe base64 without padding (43
 * characters); only their SHA-256 is stored.
 */
public interface LaunchTokens {
  /** Issues a link token for {@code grant} (valid until {@code grant.expiresAt()}). */
  String issueLink(LaunchGrant grant);

  /**
   * Opens a link token: for a live link, mints a delivery token valid for the player session's
   * lifetime (COURSEPORT_PLAYER_SESSION_HOURS, default 8) and answers it in {@link
   * TokenResolution.Valid}; an expired link is {@link TokenResolution.Expired}.
   */
  TokenResolution open(String linkToken);

  /** Resolves a delivery token (package files, commits); a link token here is Unknown. */
  TokenResolution delivery(String deliveryToken);
}
