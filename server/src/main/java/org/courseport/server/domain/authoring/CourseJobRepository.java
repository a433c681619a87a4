package org.courseport.server.domain.authoring;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.courseport.server.domain.course.VersionReservation;

/** Stores course creation jobs; every change is a conditional single-document update. */
public interface CourseJobRepository {
  /** Stores a new pending job. */
  void insert(CourseJob job);

  /** The tenant's job; empty for an unknown job or another tenant's. */
  Optional<CourseJob> find(String tenantId, String jobId);

  /** Moves a pending job to running; false when it is not pending (another worker claimed it). */
  boolean claim(String jobId, Instant at);

  /** Sets the progress of a running job. */
  void progress(String jobId, int progress, Instant at);

  /** Completes a running job with progress 100; false when it was not running. */
  boolean complete(String jobId, Instant courseCreated, Instant at);

  /** Fails a pending or running job; false when it had already ended. */
  boolean fail(String jobId, String message, String code, Instant at);

  /** Records the course version the job reserved, so that a second run reuses it. */
  void reserved(String jobId, VersionReservation reservation);

  /** The version the job reserved, if it got that far. */
  Optional<VersionReservation> reservation(String jobId);

  /**
   * Puts jobs back to pending that have been running without any change since {@code before} (their
   * process died); returns how many.
   */
  long requeueStale(Instant before);

  /** Ids of jobs still pending (to resume after a restart), oldest first. */
  List<CourseJob> pending(int limit);
}
