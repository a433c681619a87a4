package org.courseport.server.storage.blob;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Buffered output into a file channel that hashes (SHA-256) and counts every byte written. Small
 * writes gather in a 1 MiB buffer; writes at least that large go straight through. Closing it
 * drains the buffer but leaves the channel open for the owner to fsync.
 */
final class HashingFileOutputStream extends OutputStream {
  static final int BUFFER_SIZE = 1 << 20;

  private final FileChannel channel;
  private final MessageDigest digest;
  private final byte[] buffer = new byte[BUFFER_SIZE];
  private int buffered;
  private long size;
  private boolean closed;

  HashingFileOutputStream(FileChannel channel) {
    this.channel = channel;
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

  /** Hands buffered bytes to the file system (no fsync). */
  @Override
  public synchronized void flush() throws IOException {
    ensureOpen();
    drain();
  }

  /** Drains the buffer; later writes fail. The channel stays open. */
  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      drain();
      closed = true;
    }
  }

  synchronized long size() {
    return size;
  }

  /** Closes the stream and returns the lower-case hex SHA-256 of everything written. */
  synchronized String finish() throws IOException {
    close();
    return HexFormat.of().formatHex(digest.digest());
  }

  private void drain() throws IOException {
    if (buffered > 0) {
      digestAndWrite(buffer, 0, buffered);
      buffered = 0;
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
    if (closed) {
      throw new IOException("blob stream is closed");
    }
  }
}
