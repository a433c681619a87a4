package org.courseport.server.domain.lesson;

/**
 * A hook between a publish's checks and the claim of its version number, where tests hold
 * concurrent publishes to prove that each gets its own number.
 */
@FunctionalInterface
public interface PublishCheckpoint {

  /** No hook. */
  PublishCheckpoint NONE = () -> {};

  /** Runs after the draft was read and checked, before the version number is claimed. */
  void beforeNumbering();
}
