package org.courseport.server.packaging.zip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.OptionalLong;

/**
 * Reads the entry count that the end-of-central-directory record declares, so that a zip with far
 * too many entries is refused before commons-compress builds an object per entry. The count is
 * only a hint (it can lie): the real count is enforced again after the central directory is read.
 * Anything unexpected yields an empty result and leaves the verdict to commons-compress.
 */
final class DeclaredEntryCount {
  private static final int EOCD_SIGNATURE = 0x06054b50;
  private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
  private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
  private static final int EOCD_MIN = 22;
  private static final int ZIP64_LOCATOR_SIZE = 20;
  private static final int MAX_COMMENT = 0xFFFF;

  private DeclaredEntryCount() {}

  static OptionalLong read(SeekableByteChannel channel) throws IOException {
    long size = channel.size();
    if (size < EOCD_MIN) {
      return OptionalLong.empty();
    }
    int tailLength = (int) Math.min(size, EOCD_MIN + MAX_COMMENT);
    ByteBuffer tail = readAt(channel, size - tailLength, tailLength);
    for (int at = tailLength - EOCD_MIN; at >= 0; at--) {
      if (tail.getInt(at) == EOCD_SIGNATURE) {
        int count = Short.toUnsignedInt(tail.getShort(at + 10));
        long eocdOffset = size - tailLength + at;
        return count == 0xFFFF ? zip64Count(channel, eocdOffset) : OptionalLong.of(count);
      }
    }
    return OptionalLong.empty();
  }

  private static OptionalLong zip64Count(SeekableByteChannel channel, long eocdOffset)
      throws IOException {
    if (eocdOffset < ZIP64_LOCATOR_SIZE) {
      return OptionalLong.of(0xFFFF);
    }
    ByteBuffer locator = readAt(channel, eocdOffset - ZIP64_LOCATOR_SIZE, ZIP64_LOCATOR_SIZE);
    if (locator.getInt(0) != ZIP64_LOCATOR_SIGNATURE) {
      return OptionalLong.of(0xFFFF);
    }
    long recordOffset = locator.getLong(8);
    if (recordOffset < 0 || recordOffset > eocdOffset - 40) {
      return OptionalLong.empty();
    }
    ByteBuffer record = readAt(channel, recordOffset, 40);
    if (record.getInt(0) != ZIP64_EOCD_SIGNATURE) {
      return OptionalLong.empty();
    }
    long count = record.getLong(32);
    return count < 0 ? OptionalLong.of(Long.MAX_VALUE) : OptionalLong.of(count);
  }

  private static ByteBuffer readAt(SeekableByteChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    channel.position(position);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new java.io.EOFException("zip ends early");
      }
    }
    return buffer.flip();
  }
}
