package org.courseport.server.domain.courseexport;

import java.time.Instant;

/**
 * A download capability of one course export: the stored zip it names and the SHA-256 of its token
 * (the token itself is never stored). While not revoked it keeps the blob alive.
 *
 * @param exportId the export's id (RevokeCourseExport names it)
 * @param tenantId owning tenant
 * @param courseId the exported course
 * @param title the course title when exported (for the share page)
 * @param format the LearningStudio format name, e.g. scorm12
 * @param blobId the stored zip
 * @param fileName the download's file name
 * @param size the zip's length
 * @param sha256 lower-case hex SHA-256 of the zip
 * @param tokenHash lower-case hex SHA-256 of the token
 * @param created when the export completed
 * @param revokedAt when it was revoked, or null
 */
public record ExportDownload(
    String exportId,
    String tenantId,
    String courseId,
    String title,
    String format,
    String blobId,
    String fileName,
    long size,
    String sha256,
    String tokenHash,
    Instant created,
    Instant revokedAt) {}
