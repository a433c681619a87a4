package org.courseport.server.packaging.zip;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;

/**
 * The end-of-central-directory record of a zip (and its ZIP64 counterpart): how many entries it
 * declares and where the central directory starts. The one reader of these records; the count is
 * only a hint that lets a zip with far too many entries be refused before anything is built, the
 * central directory itself is counted again while it is read.
 *
 * @param declared the entry count the end record declares ({@code 0xFFFF} may mean "saturated")
 * @param start where the first central-directory record is, after any prefix (self-extracting stub)
 * @param shift bytes of prefix before the zip proper, added to every local header offset
 * @param zip64 whether the counts and offsets come from a ZIP64 end record
 */
record ZipEnd(long declared, long start, long shift, boolean zip64) {
  private static final int EOCD_SIGNATURE = 0x06054b50;
  private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
  private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
  private static final int EOCD_MIN = 22;
  private static final int ZIP64_LOCATOR_SIZE = 20;
  private static final int ZIP64_EOCD_SIZE = 56;
  private static final int MAX_COMMENT = 0xFFFF;

  /** Finds and reads the end records; empty when there are none (not a zip). */
  static Optional<ZipEnd> read(SeekableByteChannel channel) throws IOException {
    long size = channel.size();
    if (size < EOCD_MIN) {
      return Optional.empty();
    }
    int tailLength = (int) Math.min(size, EOCD_MIN + MAX_COMMENT);
    long tailStart = size - tailLength;
    ByteBuffer tail = readAt(channel, tailStart, tailLength);
    for (int at = tailLength - EOCD_MIN; at >= 0; at--) {
      if (tail.getInt(at) == EOCD_SIGNATURE) {
        return Optional.of(of(channel, tailStart + at, tail, at));
      }
    }
    return Optional.empty();
  }

  private static ZipEnd of(SeekableByteChannel channel, long eocd, ByteBuffer tail, int at)
      throws IOException {
    long declared = Short.toUnsignedInt(tail.getShort(at + 10));
    long centralSize = Integer.toUnsignedLong(tail.getInt(at + 12));
    long centralOffset = Integer.toUnsignedLong(tail.getInt(at + 16));
    if (eocd >= ZIP64_LOCATOR_SIZE) {
      ByteBuffer locator = readAt(channel, eocd - ZIP64_LOCATOR_SIZE, ZIP64_LOCATOR_SIZE);
      if (locator.getInt(0) == ZIP64_LOCATOR_SIGNATURE) {
        long record = locator.getLong(8);
        if (record < 0 || record > eocd - ZIP64_EOCD_SIZE) {
          throw damaged("its ZIP64 end record is out of place");
        }
        ByteBuffer zip64End = readAt(channel, record, ZIP64_EOCD_SIZE);
        if (zip64End.getInt(0) != ZIP64_EOCD_SIGNATURE) {
          throw damaged("its ZIP64 end record is missing");
        }
        long count = zip64End.getLong(32);
        long start = zip64End.getLong(48);
        if (start < 0 || start > record) {
          throw damaged("its central directory is out of place");
        }
        return new ZipEnd(count < 0 ? Long.MAX_VALUE : count, start, 0, true);
      }
    }
    // Where the directory really is: after any prefix (self-extracting stub) before the zip.
    long shift = Math.max(eocd - centralSize - centralOffset, 0);
    long start = centralOffset + shift;
    if (start > eocd) {
      throw damaged("its central directory is out of place");
    }
    return new ZipEnd(declared, start, shift, false);
  }

  static RuntimeException damaged(String why) {
    return ZipRefusal.refuse(
        ZipRefusal.INVALID,
        "zip.format",
        "",
        "The file is not a zip archive or is damaged (" + why + ")");
  }

  static ByteBuffer readAt(SeekableByteChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      int n = ChannelRange.readAt(channel, buffer, position + buffer.position());
      if (n < 0) {
        throw new EOFException("zip ends early");
      }
    }
    return buffer.flip();
  }
}
