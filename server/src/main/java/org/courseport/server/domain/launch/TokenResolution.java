package org.courseport.server.domain.launch;

/** What a token in a URL resolves to. */
public sealed interface TokenResolution {
  /** A live token. {@code deliveryToken} is the token the player continues with. */
  record Valid(LaunchGrant grant, String deliveryToken) implements TokenResolution {}

  /** A token that existed but expired: the content origin answers 410 with a clear page. */
  record Expired(LaunchGrant grant) implements TokenResolution {}

  /** No such token (never issued, tampered with, or its course was deleted): 404. */
  record Unknown() implements TokenResolution {}
}
