package org.courseport.server.domain.coursepackage;

import java.time.Instant;

/**
 * A presigned upload: minted, then receiving its single PUT, then stored.
 *
 * @param uploadId the upload id ({@code upl_<uuid>})
 * @param tenantId owning tenant (internal id)
 * @param tenantUuid owning tenant's public UUID, as signed into the URL
 * @param uploadedBy free label given at mint
 * @param fileName the zip's file name
 * @param declaredSize exact size the PUT must send
 * @param expires when the URL stops working
 * @param state where the upload is
 * @param blobId the stored bytes, once STORED; else null
 * @param created when it was minted
 */
public record UploadSlot(
    String uploadId,
    String tenantId,
    String tenantUuid,
    String uploadedBy,
    String fileName,
    long declaredSize,
    Instant expires,
    State state,
    String blobId,
    Instant created) {

  /** Where an upload is. */
  public enum State {
    /** The URL is minted and unused. */
    MINTED,
    /** A PUT is streaming into it. */
    RECEIVING,
    /** The bytes are stored; the URL cannot be used again. */
    STORED
  }

  /** The storage path shown to callers: {@code tenant-<uuid>/uploads/<upload id>.zip}. */
  public String storagePath() {
    return "tenant-" + tenantUuid + "/uploads/" + uploadId + ".zip";
  }
}
