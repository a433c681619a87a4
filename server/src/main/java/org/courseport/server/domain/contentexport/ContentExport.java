package org.courseport.server.domain.contentexport;

import java.time.Instant;
import java.util.Locale;

/**
 * A stored content export job. Its progress id is its id.
 *
 * @param tenantId owning tenant
 * @param id integer id per tenant
 * @param contextType course, group or user
 * @param contextId the course id, the group id or the user id
 * @param exportType what to export
 * @param ccVersion Common Cartridge version, "1.3" or "1.1" (common_cartridge only, else null)
 * @param userId the user who started it
 * @param state where the job is
 * @param completion 0-100
 * @param message why it failed (failed jobs), else null
 * @param fileName the package's file name (exported jobs), else null
 * @param blobId where the package is stored (exported jobs), else null
 * @param sha256 hex SHA-256 of the package (exported jobs), else null
 * @param size the package's length (exported jobs), else 0
 * @param tokenSalt the salt of the download capability (exported jobs), else null
 * @param created when it was requested
 * @param updated when it last changed
 */
public record ContentExport(
    String tenantId,
    int id,
    ContextType contextType,
    String contextId,
    ExportType exportType,
    String ccVersion,
    int userId,
    State state,
    int completion,
    String message,
    String fileName,
    String blobId,
    String sha256,
    long size,
    String tokenSalt,
    Instant created,
    Instant updated) {

  /** Canvas's workflow states of a content export. */
  public enum State {
    CREATED,
    EXPORTING,
    EXPORTED,
    FAILED;

    /** The ContentExport's {@code workflow_state}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The Progress object's {@code workflow_state}. */
    public String progressName() {
      return switch (this) {
        case CREATED -> "queued";
        case EXPORTING -> "running";
        case EXPORTED -> "completed";
        case FAILED -> "failed";
      };
    }
  }

  /** The stored package of a finished export. */
  public record Package(String fileName, String blobId, String sha256, long size) {}
}
