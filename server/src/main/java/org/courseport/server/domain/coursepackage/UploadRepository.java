package org.courseport.server.domain.coursepackage;

import java.time.Instant;
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

  /**
   * MINTED to RECEIVING for {@code holder} (a presigned PUT or a multipart completion), the claim
   * renewed at {@code now}; false when the upload is not MINTED.
   */
  boolean claim(String uploadId, String holder, Instant now);

  /** Renews {@code holder}'s claim at {@code now}; false when it no longer holds the upload. */
  boolean renew(String uploadId, String holder, Instant now);

  /**
   * RECEIVING back to MINTED when the claim was last renewed before {@code staleBefore}: its holder
   * died (a server killed mid-PUT or mid-completion) and a retry may take the upload. Claims
   * without a holder (resumable uploads, which recover on their own) are left alone. False when
   * nothing was released.
   */
  boolean releaseStale(String uploadId, Instant staleBefore);

  /** RECEIVING back to MINTED if {@code holder} still holds the claim. */
  void release(String uploadId, String holder);

  /** RECEIVING to STORED with the blob if {@code holder} still holds the claim; false otherwise. */
  boolean complete(String uploadId, String holder, String blobId);

  /** Up to {@code limit} uploads, in any state, whose URL expired before {@code cutoff}. */
  java.util.List<UploadSlot> expiredBefore(java.time.Instant cutoff, int limit);

  /** Deletes the upload's record if it is still in {@code state}; false otherwise. */
  boolean delete(String uploadId, UploadSlot.State state);

  /** Whether a stored upload holds these bytes. */
  boolean isBlobReferenced(String blobId);
}
