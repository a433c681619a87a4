package org.courseport.server.export;

import java.time.Instant;
import java.util.function.IntConsumer;

/**
 * Exports courses: loads the course, plans the package with the writer for the format, serves an
 * identical stored build by its plan key or writes and checks a new one, and answers the stored
 * zip. A package that fails its checks is an internal error (logged with the report), never a
 * download.
 */
public interface CourseExports {

  /**
   * Exports the tenant's course.
   *
   * @param progress told 0–100 as the export advances (for Canvas progress)
   * @throws org.courseport.server.domain.DomainException NOT_FOUND for an unknown course, {@link
   *     ExportRefusedException} when the format cannot be made faithfully, INTERNAL when the
   *     package fails its checks
   */
  ExportedPackage export(
      String tenantId, String courseId, ExportOptions options, IntConsumer progress);

  /**
   * A stored, checked package.
   *
   * @param courseId the course
   * @param title the course title
   * @param format the format
   * @param fileName the download's file name
   * @param blobId where the zip is stored
   * @param sha256 lower-case hex SHA-256 of the zip
   * @param size its length
   * @param planKey the plan's cache key
   * @param cached whether an earlier identical build was served
   * @param builtAt when the package was first built
   */
  record ExportedPackage(
      String courseId,
      String title,
      ExportFormat format,
      String fileName,
      String blobId,
      String sha256,
      long size,
      String planKey,
      boolean cached,
      Instant builtAt) {}
}
