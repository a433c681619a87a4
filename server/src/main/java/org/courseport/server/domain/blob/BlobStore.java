package org.courseport.server.domain.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Content-addressed store of large binary objects (package zips, exports). A blob's id is the
 * lower-case hex SHA-256 of its bytes.
 */
public interface BlobStore {
  /** Starts writing a new blob; bytes are hashed as they are written. */
  BlobWriter newWriter() throws IOException;

  /** Random access to a blob, for reading zips through their central directory. */
  SeekableByteChannel openChannel(String blobId) throws IOException;

  /** Sequential access to a blob. */
  InputStream open(String blobId) throws IOException;

  boolean exists(String blobId);

  /** Size in bytes; throws NoSuchFileException when absent. */
  long size(String blobId) throws IOException;

  /** Deletes a blob; returns false when absent. Prefer {@link #deleteUnlessReferenced}. */
  boolean delete(String blobId) throws IOException;

  /**
   * Deletes a blob unless {@code referenced} says something still uses it. The check and the delete
   * run under the blob's guard, which {@link BlobWriter#commit(Consumer)} also holds while it
   * publishes the same bytes and records their first reference; so a delete racing an identical
   * upload either sees the upload's reference or happens before the upload publishes its copy.
   * Returns whether the blob was deleted.
   */
  boolean deleteUnlessReferenced(String blobId, BooleanSupplier referenced) throws IOException;

  /**
   * Makes a complete file a blob, taking it over: {@code blobId} is the SHA-256 the caller computed
   * over exactly the file's bytes. Calls {@code recordReference} with the id under the blob's
   * guard, as {@link BlobWriter#commit(Consumer)} does. The file is gone afterwards. This default
   * copies the file through a writer (which hashes it again and refuses a different id); a store
   * that can move the file into place without copying does so.
   */
  default String adopt(Path file, String blobId, Consumer<String> recordReference)
      throws IOException {
    try (BlobWriter writer = newWriter()) {
      Files.copy(file, writer.stream());
      String id =
          writer.commit(
              actual -> {
                if (!actual.equals(blobId)) {
                  throw new IllegalStateException(
                      "file " + file + " hashes to " + actual + ", not " + blobId);
                }
                recordReference.accept(actual);
              });
      Files.deleteIfExists(file);
      return id;
    }
  }

  /** A blob being written. Close without commit discards everything written. */
  interface BlobWriter extends AutoCloseable {
    /** Where to write the bytes. */
    OutputStream stream();

    /** Bytes written so far. */
    long size();

    /**
     * Appends everything {@code source} holds from its start, exactly as writing it to {@link
     * #stream()} would, e.g. to assemble the parts of a multipart upload. The file system store
     * overrides this to copy through an off-heap buffer, so that the bytes never pass through the
     * Java heap. The channel is read by position and left open.
     */
    default void append(FileChannel source) throws IOException {
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      OutputStream out = stream();
      for (long position = 0; source.read(buffer.clear(), position) > 0; ) {
        out.write(buffer.array(), 0, buffer.position());
        position += buffer.position();
      }
    }

    /** Makes the blob durable and visible under its SHA-256 id; returns the id. */
    default String commit() throws IOException {
      return commit(id -> {});
    }

    /**
     * Makes the blob durable and visible under its SHA-256 id and, still under the blob's guard
     * (see {@link BlobStore#deleteUnlessReferenced}), calls {@code recordReference} with the id,
     * e.g. to insert the import job that uses it; returns the id.
     */
    String commit(Consumer<String> recordReference) throws IOException;

    /** Discards the bytes if not committed. */
    @Override
    void close() throws IOException;
  }
}
