package org.courseport.server.domain.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** A blob store that forwards every call to another; subclasses override what they change. */
public abstract class ForwardingBlobStore implements BlobStore {
  private final BlobStore delegate;

  protected ForwardingBlobStore(BlobStore delegate) {
    this.delegate = delegate;
  }

  /** The store calls are forwarded to. */
  protected final BlobStore delegate() {
    return delegate;
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
    return delegate.deleteUnlessReferenced(blobId, referenced);
  }

  @Override
  public String adopt(Path file, String blobId, Consumer<String> recordReference)
      throws IOException {
    return delegate.adopt(file, blobId, recordReference);
  }
}
