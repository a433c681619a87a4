package org.courseport.server.domain.coursepackage;

import java.util.List;
import org.courseport.server.domain.course.CourseView;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.PackageDescription;

/**
 * The outcome of processing an upload.
 *
 * @param upload the stored upload processed
 * @param description what the package is
 * @param findings the validation findings (warnings only, for an accepted package)
 * @param course the package created or revised; null for validate-only
 */
public record Processed(
    UploadSlot upload, PackageDescription description, List<Finding> findings, CourseView course) {}
