package org.courseport.server.net;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A BlobStore in memory for tests; counts discarded writers. */
final class MemoryBlobStore implements org.courseport.server.domain.blob.BlobStore {
  final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  final AtomicInteger discarded = new AtomicInteger();
  volatile long largestWrite;

  @Override
  public BlobWriter newWriter() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    return new BlobWriter() {
      private boolean committed;

      @Override
      public OutputStream stream() {
        return bytes;
      }

      @Override
      public long size() {
        return bytes.size();
      }

      @Override
      public String commit(java.util.function.Consumer<String> recordReference) {
        byte[] data = bytes.toByteArray();
        String id = sha256(data);
        synchronized (MemoryBlobStore.this) {
          blobs.put(id, data);
          committed = true;
          recordReference.accept(id);
        }
        return id;
      }

      @Override
      public void close() {
        largestWrite = Math.max(largestWrite, bytes.size());
        if (!committed) {
          discarded.incrementAndGet();
        }
      }
    };
  }

  @Override
  public SeekableByteChannel openChannel(String blobId) throws IOException {
    throw new UnsupportedOperationException("not needed by these tests");
  }

  @Override
  public InputStream open(String blobId) throws IOException {
    return new ByteArrayInputStream(get(blobId));
  }

  @Override
  public boolean exists(String blobId) {
    return blobs.containsKey(blobId);
  }

  @Override
  public long size(String blobId) throws IOException {
    return get(blobId).length;
  }

  @Override
  public boolean delete(String blobId) {
    return blobs.remove(blobId) != null;
  }

  @Override
  public synchronized boolean deleteUnlessReferenced(
      String blobId, java.util.function.BooleanSupplier referenced) {
    return !referenced.getAsBoolean() && delete(blobId);
  }

  byte[] get(String blobId) throws NoSuchFileException {
    byte[] data = blobs.get(blobId);
    if (data == null) {
      throw new NoSuchFileException(blobId);
    }
    return data;
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
