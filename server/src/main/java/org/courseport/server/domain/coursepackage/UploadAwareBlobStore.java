package org.courseport.server.domain.coursepackage;

import java.io.IOException;
import java.util.function.BooleanSupplier;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.blob.ForwardingBlobStore;

/**
 * A blob store that also counts stored presigned uploads as references: the bytes behind a {@code
 * storage_path} survive a failed import or the deletion of a course with the same bytes, so the
 * upload can be processed again.
 */
public final class UploadAwareBlobStore extends ForwardingBlobStore {
  private final UploadRepository uploads;

  public UploadAwareBlobStore(BlobStore delegate, UploadRepository uploads) {
    super(delegate);
    this.uploads = uploads;
  }

  @Override
  public boolean deleteUnlessReferenced(String blobId, BooleanSupplier referenced)
      throws IOException {
    return delegate()
        .deleteUnlessReferenced(
            blobId, () -> referenced.getAsBoolean() || uploads.isBlobReferenced(blobId));
  }
}
