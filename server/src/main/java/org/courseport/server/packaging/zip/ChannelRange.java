package org.courseport.server.packaging.zip;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;

/**
 * The bytes {@code [start, end)} of a channel as a stream. Several ranges of one channel may be
 * read by several threads at once: file channels are read at a position without moving a shared
 * one, other channels under a lock on the channel.
 */
final class ChannelRange extends InputStream {
  private final SeekableByteChannel channel;
  private final long end;
  private long position;

  ChannelRange(SeekableByteChannel channel, long start, long end) {
    this.channel = channel;
    this.position = start;
    this.end = end;
  }

  /** Reads into {@code buffer} at {@code position}; -1 at the end of the channel. */
  static int readAt(SeekableByteChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    if (channel instanceof FileChannel file) {
      return file.read(buffer, position);
    }
    synchronized (channel) {
      channel.position(position);
      return channel.read(buffer);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    long left = end - position;
    if (left <= 0) {
      return -1;
    }
    int n = readAt(channel, ByteBuffer.wrap(b, off, (int) Math.min(len, left)), position);
    if (n < 0) {
      throw new java.io.EOFException("the zip ends inside an entry's data");
    }
    position += n;
    return n;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, end - position));
  }
}
