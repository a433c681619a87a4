package org.courseport.server.domain.launch;

import java.time.Instant;

/**
 * A stored launch token: only its SHA-256 (hex) is kept.
 *
 * @param tokenHash SHA-256 hex of the token
 * @param kind link or delivery
 * @param grant what it opens, with its expiry
 * @param created when it was issued
 */
public record LaunchTokenRecord(
    String tokenHash, TokenKind kind, LaunchGrant grant, Instant created) {}
