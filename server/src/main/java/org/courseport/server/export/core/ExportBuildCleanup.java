package org.courseport.server.export.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.course.CourseDeletionListener;
import org.courseport.server.export.core.ExportBuilds.Build;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a course's export builds when the course or one of its versions is deleted (a later
 * export builds again from what remains), and their zips when nothing else uses the bytes. A build
 * that another course of the tenant also exported stays for that course.
 */
public final class ExportBuildCleanup implements CourseDeletionListener {
  private static final Logger log = LoggerFactory.getLogger(ExportBuildCleanup.class);

  private final ExportBuilds builds;
  private final BlobStore blobs;
  private final BlobReferences references;
  private final ExportSourceKeys sourceKeys;

  /**
   * @param blobs the store, counting build references ({@link BuildAwareBlobStore})
   * @param references the blob's other users
   */
  public ExportBuildCleanup(ExportBuilds builds, BlobStore blobs, BlobReferences references) {
    this(builds, blobs, references, null);
  }

  /**
   * As the other constructor, also forgetting the course's export source keys (null: none kept).
   */
  public ExportBuildCleanup(
      ExportBuilds builds,
      BlobStore blobs,
      BlobReferences references,
      ExportSourceKeys sourceKeys) {
    this.sourceKeys = sourceKeys;
    this.builds = builds;
    this.blobs = blobs;
    this.references = references;
  }

  @Override
  public void courseDeleted(String tenantId, String courseId) {
    drop(tenantId, courseId);
  }

  @Override
  public void versionDeleted(String tenantId, String courseId, int version) {
    // A build does not record the version it came from; the next export rebuilds if it must.
    drop(tenantId, courseId);
  }

  private void drop(String tenantId, String courseId) {
    if (sourceKeys != null) {
      sourceKeys.forgetCourse(tenantId, courseId);
    }
    for (Build build : builds.detachCourse(tenantId, courseId)) {
      try {
        if (blobs.deleteUnlessReferenced(
            build.blobId(), () -> references.isReferenced(build.blobId()))) {
          log.debug("Deleted export zip {} of course '{}'", build.blobId(), courseId);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
