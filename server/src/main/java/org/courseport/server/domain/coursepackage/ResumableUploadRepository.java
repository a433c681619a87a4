package org.courseport.server.domain.coursepackage;

import java.time.Instant;
import java.util.Optional;

/**
 * The progress of resumable uploads (beside their {@link UploadSlot}): the declared SHA-256 and the
 * bytes held durably. Every change is a conditional single-document update.
 */
public interface ResumableUploadRepository {

  /** What is recorded of one resumable upload. */
  record Progress(String uploadId, String sha256, long committedBytes) {}

  void insert(Progress progress);

  Optional<Progress> find(String uploadId);

  /**
   * Records {@code to} as the bytes held, if the record still says {@code from}; false when another
   * writer changed it.
   */
  boolean advance(String uploadId, long from, long to);

  /** Who holds the write lease of an upload, until when. */
  record Lease(String holder, Instant until) {}

  /**
   * Takes or renews the write lease of the upload for {@code holder} until {@code until}, if it is
   * free, {@code holder}'s own, or ran out at {@code now}: one conditional single-document update.
   * False when another holder's lease is live (or the upload is gone). By default there is no lease
   * to take (a repository that one process alone uses): always true.
   */
  default boolean takeLease(String uploadId, String holder, Instant now, Instant until) {
    return true;
  }

  /** The upload's write lease as recorded (possibly run out), if any. */
  default Optional<Lease> lease(String uploadId) {
    return Optional.empty();
  }

  /** Ends {@code holder}'s lease on the upload; another holder's is left alone. */
  default void releaseLease(String uploadId, String holder) {}
}
