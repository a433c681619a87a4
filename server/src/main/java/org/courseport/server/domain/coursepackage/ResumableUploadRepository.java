package org.courseport.server.domain.coursepackage;

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
}
