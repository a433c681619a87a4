package org.courseport.server.domain.job;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stores import jobs. Workers claim them as leases with a single atomic update: a claim holds while
 * its worker renews it; a claim not renewed since {@code staleBefore} is taken over.
 */
public interface ImportJobRepository {
  void insert(ImportJob job);

  Optional<ImportJob> find(String tenantId, String jobId);

  /**
   * Claims the oldest RUNNING job that no worker holds, or whose claim is older than {@code
   * staleBefore} (its worker died); sets claimedBy/claimedAt and increments attempts.
   */
  Optional<ImportJob> claimNext(String workerId, Instant now, Instant staleBefore);

  /**
   * Renews the lease of {@code workerId} on a RUNNING job it claimed as attempt {@code attempt};
   * false when the lease is lost (taken over, or the job ended or was deleted).
   */
  boolean renewLease(String jobId, String workerId, int attempt, Instant now);

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

  /** Deletes the finished jobs of a course (running ones end on their own). */
  long deleteFinishedByCourse(String tenantId, String courseId);

  /** Whether any unfinished job references the blob (so it must not be collected). */
  boolean isBlobReferenced(String blobId);

  /** Whether any unfinished job other than {@code jobId} references the blob. */
  boolean isBlobReferencedByOtherJob(String blobId, String jobId);
}
