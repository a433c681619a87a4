package org.courseport.server.domain.course;

import java.time.Instant;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.domain.packaging.ValidationReport;

/**
 * One imported version of a course.
 *
 * @param tenantId owning tenant
 * @param courseId course id
 * @param version version number, from 0
 * @param title title of this version
 * @param blobId blob id (SHA-256 hex) of the stored package zip
 * @param packageSize size of the stored package in bytes
 * @param fileName the uploaded file name, or the last path segment of the fetched URL
 * @param description what the import found in the package
 * @param report the validation report
 * @param created when the version was created
 * @param updated when the version last changed
 */
public record CourseVersion(
    String tenantId,
    String courseId,
    int version,
    String title,
    String blobId,
    long packageSize,
    String fileName,
    PackageDescription description,
    ValidationReport report,
    Instant created,
    Instant updated) {}
