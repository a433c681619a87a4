package org.courseport.server.domain.coursepackage;

import java.util.Optional;

/** Stores presigned uploads; every state change is a conditional single-document update. */
public interface UploadRepository {

  void insert(UploadSlot slot);

  Optional<UploadSlot> find(String uploadId);

  /** MINTED to RECEIVING; false when the upload is not MINTED (in use or used). */
  boolean claim(String uploadId);

  /** RECEIVING back to MINTED, after a PUT that failed (so that it may be retried). */
  void release(String uploadId);

  /** RECEIVING to STORED with the blob; false when the upload was not RECEIVING. */
  boolean complete(String uploadId, String blobId);

  /** Up to {@code limit} uploads, in any state, whose URL expired before {@code cutoff}. */
  java.util.List<UploadSlot> expiredBefore(java.time.Instant cutoff, int limit);

  /** Deletes the upload's record if it is still in {@code state}; false otherwise. */
  boolean delete(String uploadId, UploadSlot.State state);

  /** Whether a stored upload holds these bytes. */
  boolean isBlobReferenced(String blobId);
}
