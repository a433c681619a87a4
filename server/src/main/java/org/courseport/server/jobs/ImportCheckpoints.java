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
    FINISHED;

    /**
     * The point's name for {@code COURSEPORT_TEST_HOLD_AT} ({@link
     * org.courseport.server.domain.Checkpoints}): {@code import.inspected}, {@code
     * import.version-recorded}, {@code import.committed}, {@code import.finished}. From the
     * inspection to the commit, the job (of an upload: its bytes stored) holds what it reserved of
     * the tenant's quotas.
     */
    public String checkpointName() {
      return "import." + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * Called by the attempt's thread when it reaches {@code point}; an InterruptedException stops the
   * attempt (as when its time budget runs out).
   */
  void reached(Point point, ImportJob job) throws InterruptedException;
}
