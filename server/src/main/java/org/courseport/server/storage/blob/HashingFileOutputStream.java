package org.courseport.server.storage.blob;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Buffered output into a file channel that hashes (SHA-256) and counts every byte written. Small
 * writes gather in a 1 MiB buffer; a full buffer is hashed and written to the channel by a
 * background thread while the caller fills a second buffer, so that hashing and the write system
 * calls overlap with whatever produces the bytes (an upload's network reads and message parsing).
 * At most one buffer is in flight. Writes at least a buffer long go straight through on the
 * caller's thread. {@link #flush}, {@link #close} and {@link #finish} wait for the background write
 * and report its failure; after a failure every call fails. Closing drains the buffer but leaves
 * the channel open for the owner to fsync.
 */
final class HashingFileOutputStream extends OutputStream {
  static final int BUFFER_SIZE = 1 << 20;

  /**
   * Appended bytes after which {@link #append} forces the file to disk: a blob assembled from files
   * (a multipart upload's parts, appended while later parts still arrive) is then mostly on disk by
   * the time it is committed, and the commit's fsync has only the tail left to write.
   */
  static final long APPEND_FORCE_BYTES = 256L << 20;

  private final FileChannel channel;
  private final MessageDigest digest;
  private final ExecutorService background;
  private byte[] buffer = new byte[BUFFER_SIZE];
  private byte[] spare;
  private ByteBuffer direct;
  private int buffered;
  private long size;
  private long appendedUnforced;
  private boolean closed;
  private Future<?> pending;
  private IOException failure;

  HashingFileOutputStream(FileChannel channel, ExecutorService background) {
    this.channel = channel;
    this.background = background;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public synchronized void write(int b) throws IOException {
    ensureOpen();
    if (buffered == BUFFER_SIZE) {
      drain();
    }
    buffer[buffered++] = (byte) b;
    size++;
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureOpen();
    if (len >= BUFFER_SIZE) {
      drain();
      awaitPending();
      digestAndWrite(b, off, len);
    } else {
      if (len > BUFFER_SIZE - buffered) {
        drain();
      }
      System.arraycopy(b, off, buffer, buffered, len);
      buffered += len;
    }
    size += len;
  }

  /** Hands every byte written to the file system (no fsync). */
  @Override
  public synchronized void flush() throws IOException {
    ensureOpen();
    drain();
    awaitPending();
  }

  /** Drains the buffer; later writes fail. The channel stays open. */
  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      try {
        drain();
        awaitPending();
      } finally {
        closed = true;
      }
    }
  }

  /** Stops without draining: waits for the write in flight, if any, and ignores its failure. */
  synchronized void abort() {
    closed = true;
    try {
      awaitPending();
    } catch (IOException | RuntimeException e) {
      // the bytes are being discarded
    }
  }

  synchronized long size() {
    return size;
  }

  /**
   * Appends everything {@code source} holds from its start, hashed and counted like written bytes,
   * through one reused off-heap buffer: the kernel copies the bytes into it and out of it again,
   * and the digest reads them from it in small slices, so nothing of the file is copied into the
   * Java heap. Every {@link #APPEND_FORCE_BYTES} appended, the file is forced to disk. Drains the
   * buffered bytes first so that the order is kept.
   */
  synchronized void append(FileChannel source) throws IOException {
    ensureOpen();
    drain();
    awaitPending();
    if (direct == null) {
      direct = ByteBuffer.allocateDirect(BUFFER_SIZE);
    }
    try {
      long position = 0;
      while (true) {
        direct.clear();
        int read = source.read(direct, position);
        if (read < 0) {
          break;
        }
        direct.flip();
        digest.update(direct);
        direct.rewind();
        while (direct.hasRemaining()) {
          channel.write(direct);
        }
        position += read;
        size += read;
        appendedUnforced += read;
        if (appendedUnforced >= APPEND_FORCE_BYTES) {
          channel.force(false);
          appendedUnforced = 0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Part of the file may be in the blob: it must not be committed.
      failure = e instanceof IOException io ? io : new IOException(e);
      throw failure;
    }
  }

  /** Closes the stream and returns the lower-case hex SHA-256 of everything written. */
  synchronized String finish() throws IOException {
    close();
    if (failure != null) {
      throw new IOException("an earlier write of this blob failed", failure);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Hands the buffered bytes to the background thread and switches to the other buffer. */
  private void drain() throws IOException {
    if (buffered == 0) {
      return;
    }
    awaitPending();
    byte[] full = buffer;
    int length = buffered;
    buffer = spare != null ? spare : new byte[BUFFER_SIZE];
    spare = full;
    buffered = 0;
    pending =
        background.submit(
            () -> {
              digestAndWrite(full, 0, length);
              return null;
            });
  }

  /** Waits for the background write; a failure is kept and thrown now and by every later call. */
  private void awaitPending() throws IOException {
    Future<?> inFlight = pending;
    if (inFlight == null) {
      return;
    }
    pending = null;
    boolean interrupted = false;
    try {
      while (true) {
        try {
          inFlight.get();
          return;
        } catch (InterruptedException e) {
          interrupted = true; // the write is bounded (one buffer); finish waiting for it
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          failure = cause instanceof IOException io ? io : new IOException(cause);
          throw failure;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void digestAndWrite(byte[] b, int off, int len) throws IOException {
    digest.update(b, off, len);
    ByteBuffer bytes = ByteBuffer.wrap(b, off, len);
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  private void ensureOpen() throws IOException {
    if (failure != null) {
      throw new IOException("an earlier write of this blob failed", failure);
    }
    if (closed) {
      throw new IOException("blob stream is closed");
    }
  }
}
