package org.courseport.server.domain.job;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Stores import jobs; workers claim them with a single atomic update. */
public interface ImportJobRepository {
  void insert(ImportJob job);

  Optional<ImportJob> find(String tenantId, String jobId);

  /**
   * Claims the oldest RUNNING job that no worker holds, or whose claim is older than
   * {@code staleBefore} (its worker died); sets claimedBy/claimedAt and increments attempts.
   */
  Optional<ImportJob> claimNext(String workerId, Instant now, Instant staleBefore);

  /** Gives up the claims a worker holds on unfinished jobs, so that others take them at once. */
  long releaseClaims(String workerId, Instant at);

  /** Ends a job successfully. */
  void complete(String jobId, int version, List<String> warnings, Instant at);

  /** Ends a job with an error message. */
  void fail(String jobId, String message, Instant at);

  /** Records the blob of a fetch job once downloaded. */
  void setBlob(String jobId, String blobId, Instant at);

  /** Deletes jobs that ended before the instant; returns how many. */
  long deleteFinishedBefore(Instant before);

  /** Deletes every job of a course. */
  long deleteByCourse(String tenantId, String courseId);

  /** Whether any unfinished job references the blob (so it must not be collected). */
  boolean isBlobReferenced(String blobId);

  /** Whether any unfinished job other than {@code jobId} references the blob. */
  boolean isBlobReferencedByOtherJob(String blobId, String jobId);
}
