package org.courseport.server.domain.media;

import java.time.Instant;
import java.util.UUID;

/**
 * One media item of a tenant: uploaded bytes (stored content-addressed, {@code sha256} is their
 * blob id) or an external URL fetched at export time.
 *
 * @param mimeType the type (from the bytes' signature when uploaded); null when unknown
 * @param ext the file extension of the type without a dot; null when unknown
 * @param sizeBytes size of the stored bytes; null for external media
 * @param sha256 lower-case hex SHA-256 of the bytes (the blob id); null for external media
 * @param externalUrl the URL of external media; null for uploaded media
 * @param attribution the credit to give; null when none
 */
public record MediaItem(
    UUID id,
    String tenantId,
    String mimeType,
    String ext,
    Long sizeBytes,
    String sha256,
    String filename,
    String externalUrl,
    Attribution attribution,
    Instant createdAt) {

  /** Whether the bytes live elsewhere (fetched at export time). */
  public boolean external() {
    return externalUrl != null;
  }
}
