package org.courseport.server.packaging.zip;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;

/**
 * Counts the central-directory records of a zip where commons-compress will read them, without
 * building anything, before {@code ZipFile} turns every record into an object: an end record
 * that understates the count no longer lets millions of records through to the heap, and a
 * directory holding fewer records than its end record announces (a truncated upload) is refused
 * instead of being read as a smaller, valid-looking package.
 */
final class CentralDirectoryWalk {
  private static final int EOCD_SIGNATURE = 0x06054b50;
  private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
  private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
  private static final int CENTRAL_SIGNATURE = 0x02014b50;
  private static final int EOCD_MIN = 22;
  private static final int MAX_COMMENT = 0xFFFF;
  private static final int CENTRAL_FIXED = 46;

  private CentralDirectoryWalk() {}

  /**
   * Walks the central directory; refuses more than {@code maxEntries} records (ZIP_LIMIT_EXCEEDED)
   * or fewer or more records than the end record announces (ZIP_INVALID). Does nothing when the
   * end records cannot be found or read: commons-compress refuses those zips itself.
   */
  static void check(SeekableByteChannel channel, int maxEntries) throws IOException {
    long size = channel.size();
    if (size < EOCD_MIN) {
      return;
    }
    int tailLength = (int) Math.min(size, EOCD_MIN + MAX_COMMENT);
    long tailStart = size - tailLength;
    ByteBuffer tail = readAt(channel, tailStart, tailLength);
    for (int at = tailLength - EOCD_MIN; at >= 0; at--) {
      if (tail.getInt(at) == EOCD_SIGNATURE) {
        walk(channel, tailStart + at, tail, at, maxEntries);
        return;
      }
    }
  }

  private static void walk(SeekableByteChannel channel, long eocd, ByteBuffer tail, int at,
      int maxEntries) throws IOException {
    long declared = Short.toUnsignedInt(tail.getShort(at + 10));
    long centralSize = Integer.toUnsignedLong(tail.getInt(at + 12));
    long centralOffset = Integer.toUnsignedLong(tail.getInt(at + 16));
    // Where commons-compress starts reading: after any prefix (self-extracting stub).
    long start = centralOffset + Math.max(eocd - centralSize - centralOffset, 0);
    boolean zip64 = false;
    if (eocd >= 20) {
      ByteBuffer locator = readAt(channel, eocd - 20, 20);
      if (locator.getInt(0) == ZIP64_LOCATOR_SIGNATURE) {
        long record = locator.getLong(8);
        if (record < 0 || record > eocd - 56) {
          return;
        }
        ByteBuffer zip64End = readAt(channel, record, 56);
        if (zip64End.getInt(0) != ZIP64_EOCD_SIGNATURE) {
          return;
        }
        declared = zip64End.getLong(32);
        start = zip64End.getLong(48);
        zip64 = true;
      }
    }
    if (start < 0 || start > eocd) {
      return;
    }
    long found = count(channel, start, maxEntries);
    if (found > maxEntries) {
      throw EntryScanner.tooManyEntries("more than " + maxEntries);
    }
    // Writers without ZIP64 wrap the 16-bit count or saturate it at 0xFFFF.
    boolean consistent = zip64 ? found == declared
        : declared == 0xFFFF || found % 0x10000 == declared;
    if (!consistent) {
      throw ZipRefusal.refuse(ZipRefusal.INVALID, "zip.format", "", "The zip's end record"
          + " announces " + declared + " entries but its central directory holds " + found
          + "; the file is truncated or damaged");
    }
  }

  /** Records from {@code start}, up to {@code maxEntries + 1}. */
  private static long count(SeekableByteChannel channel, long start, int maxEntries)
      throws IOException {
    channel.position(start);
    InputStream raw = Channels.newInputStream(channel);
    DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 64 * 1024));
    byte[] fixed = new byte[CENTRAL_FIXED];
    ByteBuffer header = ByteBuffer.wrap(fixed).order(ByteOrder.LITTLE_ENDIAN);
    long found = 0;
    try {
      while (found <= maxEntries) {
        in.readFully(fixed, 0, 4);
        if (header.getInt(0) != CENTRAL_SIGNATURE) {
          break;
        }
        in.readFully(fixed, 4, CENTRAL_FIXED - 4);
        long variable = Short.toUnsignedInt(header.getShort(28))
            + Short.toUnsignedInt(header.getShort(30)) + Short.toUnsignedInt(header.getShort(32));
        in.skipNBytes(variable);
        found++;
      }
    } catch (EOFException e) {
      // A record cut by the end of the file: commons-compress refuses the zip.
    }
    return found;
  }

  private static ByteBuffer readAt(SeekableByteChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    channel.position(position);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new EOFException("zip ends early");
      }
    }
    return buffer.flip();
  }
}
