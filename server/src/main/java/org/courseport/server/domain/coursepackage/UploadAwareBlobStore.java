package org.courseport.server.domain.coursepackage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.function.BooleanSupplier;
import org.courseport.server.domain.blob.BlobStore;

/**
 * A blob store that also counts stored presigned uploads as references: the bytes behind a {@code
 * storage_path} survive a failed import or the deletion of a course with the same bytes, so the
 * upload can be processed again.
 */
public final class UploadAwareBlobStore implements BlobStore {
  private final BlobStore delegate;
  private final UploadRepository uploads;

  public UploadAwareBlobStore(BlobStore delegate, UploadRepository uploads) {
    this.delegate = delegate;
    this.uploads = uploads;
  }

  @Override
  public BlobWriter newWriter() throws IOException {
    return delegate.newWriter();
  }

  @Override
  public SeekableByteChannel openChannel(String blobId) throws IOException {
    return delegate.openChannel(blobId);
  }

  @Override
  public InputStream open(String blobId) throws IOException {
    return delegate.open(blobId);
  }

  @Override
  public boolean exists(String blobId) {
    return delegate.exists(blobId);
  }

  @Override
  public long size(String blobId) throws IOException {
    return delegate.size(blobId);
  }

  @Override
  public boolean delete(String blobId) throws IOException {
    return delegate.delete(blobId);
  }

  @Override
  public boolean deleteUnlessReferenced(String blobId, BooleanSupplier referenced)
      throws IOException {
    return delegate.deleteUnlessReferenced(
        blobId, () -> referenced.getAsBoolean() || uploads.isBlobReferenced(blobId));
  }
}
