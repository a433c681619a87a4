package org.courseport.server.export.core;

import java.io.IOException;
import java.util.function.BooleanSupplier;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.blob.ForwardingBlobStore;

/**
 * A blob store that also counts export builds as references: every blob collection path (course and
 * version deletes, failed imports, upload and media sweeps) goes through {@link
 * #deleteUnlessReferenced}, so none of them deletes the zip of a stored export build, even when an
 * imported package or a media file has the same bytes.
 */
public final class BuildAwareBlobStore extends ForwardingBlobStore {
  private final BlobReferences exports;

  /**
   * @param exports what refers to blobs from the export side: build records and, at the composition
   *     root, live download URLs
   */
  public BuildAwareBlobStore(BlobStore delegate, BlobReferences exports) {
    super(delegate);
    this.exports = exports;
  }

  /** Counts only the build records. */
  public BuildAwareBlobStore(BlobStore delegate, ExportBuilds builds) {
    this(delegate, (BlobReferences) builds::isBlobReferenced);
  }

  @Override
  public boolean deleteUnlessReferenced(String blobId, BooleanSupplier referenced)
      throws IOException {
    return delegate()
        .deleteUnlessReferenced(
            blobId, () -> referenced.getAsBoolean() || exports.isReferenced(blobId));
  }
}
