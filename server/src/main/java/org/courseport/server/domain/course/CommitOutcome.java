package org.courseport.server.domain.course;

/** The result of committing a reserved version into its course record. */
public enum CommitOutcome {
  /** The version is part of the course; it is the latest unless a higher one committed first. */
  COMMITTED,
  /** The course was deleted since the reservation; nothing changed. */
  COURSE_DELETED,
  /** A first import was required, but another import's version committed first. */
  COURSE_EXISTS
}
