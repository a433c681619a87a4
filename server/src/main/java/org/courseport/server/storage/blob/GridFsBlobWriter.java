package org.courseport.server.storage.blob;

import com.mongodb.MongoException;
import com.mongodb.client.gridfs.GridFSUploadStream;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.bson.BsonObjectId;
import org.bson.types.ObjectId;
import org.courseport.server.domain.blob.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blob being written into a pending GridFS file of a {@link GridFsBlobStore}: the bytes are
 * hashed as they pass and go to MongoDB a chunk at a time (one chunk in memory).
 */
final class GridFsBlobWriter implements BlobStore.BlobWriter {
  private static final Logger log = LoggerFactory.getLogger(GridFsBlobWriter.class);

  private enum State {
    OPEN,
    COMMITTED,
    DISCARDED
  }

  private final GridFsBlobStore store;
  private final ObjectId fileId = new ObjectId();
  private final MessageDigest digest;
  private final HashingStream out = new HashingStream();
  private GridFSUploadStream upload; // opened with the first byte
  private boolean uploadClosed;
  private State state = State.OPEN;

  GridFsBlobWriter(GridFsBlobStore store) {
    this.store = store;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public OutputStream stream() {
    return out;
  }

  @Override
  public synchronized long size() {
    return out.size;
  }

  private GridFSUploadStream upload() {
    if (upload == null) {
      upload =
          store
              .bucket()
              .openUploadStream(
                  new BsonObjectId(fileId),
                  GridFsBlobStore.PENDING + fileId.toHexString(),
                  new GridFSUploadOptions().chunkSizeBytes(GridFsBlobStore.CHUNK_SIZE));
    }
    return upload;
  }

  @Override
  public synchronized String commit(Consumer<String> recordReference) throws IOException {
    if (state != State.OPEN) {
      String already = state.name().toLowerCase(Locale.ROOT);
      throw new IllegalStateException("blob writer is already " + already);
    }
    try {
      if (out.failure != null) {
        throw new IOException("an earlier write of this blob failed", out.failure);
      }
      out.closed = true;
      String id = HexFormat.of().formatHex(digest.digest());
      try {
        upload().close(); // the last chunk and the pending file document
      } catch (MongoException e) {
        throw new IOException("cannot store blob " + id + " in GridFS", e);
      }
      uploadClosed = true;
      store.publish(
          fileId,
          id,
          () -> {
            state = State.COMMITTED;
            recordReference.accept(id);
          });
      log.debug("committed blob {} ({} bytes)", id, out.size);
      return id;
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (state != State.OPEN) {
      return;
    }
    state = State.DISCARDED;
    out.closed = true;
    try {
      if (upload != null && !uploadClosed) {
        upload.abort(); // deletes the chunks written so far
      } else if (uploadClosed) {
        store.files().deleteOne(com.mongodb.client.model.Filters.eq("_id", fileId));
        store.removeChunks(fileId);
      }
    } catch (MongoException | IllegalStateException e) {
      // Left for GridFsBlobStore.sweepAbandoned.
      log.warn("cannot discard the chunks of an uncommitted blob: {}", e.toString());
    }
    log.debug("discarded uncommitted blob ({} bytes)", out.size);
  }

  /** Hashes, counts and uploads; closing it ends the writes but not the blob. */
  private final class HashingStream extends OutputStream {
    long size;
    boolean closed;
    IOException failure;

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      synchronized (GridFsBlobWriter.this) {
        if (failure != null) {
          throw new IOException("an earlier write of this blob failed", failure);
        }
        if (closed) {
          throw new IOException("blob stream is closed");
        }
        try {
          upload().write(b, off, len);
        } catch (MongoException e) {
          failure = new IOException("cannot write a chunk of a blob to GridFS", e);
          throw failure;
        }
        digest.update(b, off, len);
        size += len;
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      synchronized (GridFsBlobWriter.this) {
        closed = true;
      }
    }
  }
}
