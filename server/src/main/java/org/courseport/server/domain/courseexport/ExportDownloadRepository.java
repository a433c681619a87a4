package org.courseport.server.domain.courseexport;

import java.time.Instant;
import java.util.Optional;

/** Stores the download capabilities of course exports. */
public interface ExportDownloadRepository {
  void insert(ExportDownload download);

  /** The download whose token hashes to {@code tokenHash}, unless revoked. */
  Optional<ExportDownload> findActive(String tokenHash);

  /**
   * Revokes the tenant's export of the course (a conditional single-document update); answers the
   * revoked record, also when it was revoked before, or empty when there is no such export.
   */
  Optional<ExportDownload> revoke(String tenantId, String courseId, String exportId, Instant at);

  /** Whether a download that is not revoked names the blob (the blob GC must keep it). */
  /**
   * Revokes every live download of the tenant's course (the course was deleted); answers how many.
   */
  long revokeAllOfCourse(String tenantId, String courseId, Instant at);

  boolean isBlobReferenced(String blobId);

  /** The newest export (revoked or not) of a course with this id, of any tenant. */
  Optional<ExportDownload> newestOfCourse(String courseId);
}
