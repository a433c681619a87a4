package org.courseport.server.jobs;

import org.courseport.server.domain.job.ImportJob;

/**
 * Named points of an import attempt, a seam where tests pause an import or act between its steps
 * (with latches) to drive one interleaving deterministically. Production passes {@link #NONE}.
 */
@FunctionalInterface
public interface ImportCheckpoints {
  /** Does nothing. */
  ImportCheckpoints NONE = (point, job) -> {};

  /** Where an attempt is. */
  enum Point {
    /** The package was inspected; nothing is written yet. */
    INSPECTED,
    /** The version document is recorded; the course record is not yet changed. */
    VERSION_RECORDED,
    /** The course record points at the new version; the job is not yet COMPLETE. */
    COMMITTED,
    /** The attempt is over (it committed, failed the job, or stopped without writing). */
    FINISHED
  }

  /**
   * Called by the attempt's thread when it reaches {@code point}; an InterruptedException stops the
   * attempt (as when its time budget runs out).
   */
  void reached(Point point, ImportJob job) throws InterruptedException;
}
