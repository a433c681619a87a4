package org.courseport.server.export.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.courseport.server.export.ExportFormat;

/**
 * Stored builds of export packages, one per tenant and plan key: the plan key names the bytes, so a
 * build serves every later export with the same key while its blob exists. A build references its
 * blob (blob collection spares it) and lists the courses that exported it (deleting the last of
 * them deletes the build).
 */
public interface ExportBuilds {

  /** The tenant's build with this plan key. */
  Optional<Build> find(String tenantId, String key);

  /**
   * Stores a new build. When an equal build (same tenant and key) is already stored, for example by
   * a concurrent export of the same content, that one is kept, the build's courses are added to it,
   * and it is returned; otherwise {@code build} is returned.
   */
  Build record(Build build);

  /** Adds a course to the build's courses; false when the build no longer exists. */
  boolean attach(String tenantId, String key, String courseId);

  /**
   * Removes the course from the courses of every build of the tenant that lists it, and deletes the
   * builds no course lists any more; returns the deleted builds (whose blobs may now be unused).
   */
  List<Build> detachCourse(String tenantId, String courseId);

  /** Whether any build of any tenant references the blob. */
  boolean isBlobReferenced(String blobId);

  /**
   * A stored, checked package.
   *
   * @param tenantId owning tenant
   * @param key the plan key ({@link org.courseport.server.export.ExportPlan#key()})
   * @param blobId where the zip is stored
   * @param sha256 lower-case hex SHA-256 of the zip
   * @param size its length in bytes
   * @param fileName the download's file name
   * @param format the format
   * @param builtAt when it was built and checked
   * @param courseIds the courses whose exports this build served
   */
  record Build(
      String tenantId,
      String key,
      String blobId,
      String sha256,
      long size,
      String fileName,
      ExportFormat format,
      Instant builtAt,
      List<String> courseIds) {
    public Build {
      Objects.requireNonNull(tenantId, "tenantId");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(blobId, "blobId");
      Objects.requireNonNull(format, "format");
      courseIds = List.copyOf(courseIds);
    }
  }
}
