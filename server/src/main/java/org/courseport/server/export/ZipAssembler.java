package org.courseport.server.export;

import java.io.IOException;

/**
 * Writes a plan's zip into the blob store, deterministically: entries in plan order, a fixed
 * timestamp, no extra fields that vary, deflated or stored as the plan says (deflated on both cores
 * for large plans), ZIP64 where sizes need it.
 */
public interface ZipAssembler {

  /** Writes the zip and answers where it is. */
  StoredZip write(ExportPlan plan) throws IOException;

  /**
   * A written zip.
   *
   * @param blobId the blob's id in the store
   * @param sha256 lower-case hex SHA-256 of the zip
   * @param size its length in bytes
   */
  record StoredZip(String blobId, String sha256, long size) {}
}
