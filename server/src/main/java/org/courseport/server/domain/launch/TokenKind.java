package org.courseport.server.domain.launch;

/** The two kinds of launch token. */
public enum TokenKind {
  /** Answered by the API; opens the player once or more until it expires (10..300 s previews). */
  LINK,
  /** Minted when a link is opened; carries the player session's files and commits. */
  DELIVERY
}
