package org.courseport.server.packaging.zip;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Reads a zip's central directory record by record, handing each to a consumer and keeping nothing,
 * so that what stays in memory per entry is only what the checks keep. Refuses a directory with
 * more than the entry limit (ZIP_LIMIT_EXCEEDED, before anything is built when the end record
 * declares it) and one holding fewer or more records than its end record announces (ZIP_INVALID: a
 * truncated upload).
 */
final class CentralDirectory {
  private static final int CENTRAL_SIGNATURE = 0x02014b50;
  private static final int CENTRAL_FIXED = 46;
  private static final int ZIP64_EXTRA = 0x0001;
  private static final int UNICODE_PATH_EXTRA = 0x7075;
  private static final int EXTENDED_TIME_EXTRA = 0x5455;
  private static final int NTFS_EXTRA = 0x000A;
  private static final long NTFS_EPOCH_OFFSET_MILLIS = 11_644_473_600_000L;
  private static final long MAX_32 = 0xFFFFFFFFL;

  private CentralDirectory() {}

  /** Reads every record; returns how many there were. */
  static int read(SeekableByteChannel channel, int maxEntries, Consumer<CentralRecord> each)
      throws IOException {
    if (channel.size() == 0) {
      throw ZipRefusal.refuse(ZipRefusal.INVALID, "zip.format", "", "The file is empty");
    }
    ZipEnd end =
        ZipEnd.read(channel)
            .orElseThrow(() -> ZipEnd.damaged("no end of central directory record"));
    if (end.declared() > maxEntries && (end.zip64() || end.declared() != 0xFFFF)) {
      throw EntryScanner.tooManyEntries(String.valueOf(end.declared()));
    }
    // Counted first without building anything: a directory far over the limit costs no memory.
    long found = walk(channel, end, maxEntries, null);
    if (found > maxEntries) {
      throw EntryScanner.tooManyEntries("more than " + maxEntries);
    }
    // Writers without ZIP64 wrap the 16-bit count or saturate it at 0xFFFF.
    boolean consistent =
        end.zip64()
            ? found == end.declared()
            : end.declared() == 0xFFFF || found % 0x10000 == end.declared();
    if (!consistent) {
      throw ZipRefusal.refuse(
          ZipRefusal.INVALID,
          "zip.format",
          "",
          "The zip's end record"
              + " announces "
              + end.declared()
              + " entries but its central directory holds "
              + found
              + "; the file is truncated or damaged");
    }
    walk(channel, end, maxEntries, each);
    return (int) found;
  }

  /** Walks up to {@code maxEntries + 1} records, handing them to {@code each} unless null. */
  private static long walk(
      SeekableByteChannel channel, ZipEnd end, int maxEntries, Consumer<CentralRecord> each)
      throws IOException {
    DataInputStream in =
        new DataInputStream(
            new BufferedInputStream(
                new ChannelRange(channel, end.start(), channel.size()), 64 * 1024));
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
        if (each == null) {
          in.skipNBytes(
              Short.toUnsignedInt(header.getShort(28))
                  + Short.toUnsignedInt(header.getShort(30))
                  + Short.toUnsignedInt(header.getShort(32)));
        } else {
          each.accept(record(in, header, end.shift()));
        }
        found++;
      }
    } catch (EOFException e) {
      if (each != null) {
        throw ZipEnd.damaged("its central directory is cut short");
      }
      // A record cut by the end of the file: counted as missing, then refused.
    }
    return found;
  }

  private static CentralRecord record(DataInputStream in, ByteBuffer h, long shift)
      throws IOException {
    byte[] name = new byte[Short.toUnsignedInt(h.getShort(28))];
    byte[] extra = new byte[Short.toUnsignedInt(h.getShort(30))];
    in.readFully(name);
    in.readFully(extra);
    in.skipNBytes(Short.toUnsignedInt(h.getShort(32)));
    long compressed = Integer.toUnsignedLong(h.getInt(20));
    long size = Integer.toUnsignedLong(h.getInt(24));
    long offset = Integer.toUnsignedLong(h.getInt(42));
    long modified = dosToMillis(h.getInt(12));
    String unicodeName = null;
    long ntfs = -1;
    ByteBuffer x = ByteBuffer.wrap(extra).order(ByteOrder.LITTLE_ENDIAN);
    while (x.remaining() >= 4) {
      int id = Short.toUnsignedInt(x.getShort());
      int length = Short.toUnsignedInt(x.getShort());
      if (length > x.remaining()) {
        break;
      }
      ByteBuffer field = x.slice(x.position(), length).order(ByteOrder.LITTLE_ENDIAN);
      x.position(x.position() + length);
      if (id == ZIP64_EXTRA) {
        // Present only for the fields that are saturated, in this order.
        if (size == MAX_32 && field.remaining() >= 8) {
          size = field.getLong();
        }
        if (compressed == MAX_32 && field.remaining() >= 8) {
          compressed = field.getLong();
        }
        if (offset == MAX_32 && field.remaining() >= 8) {
          offset = field.getLong();
        }
      } else if (id == UNICODE_PATH_EXTRA) {
        unicodeName = unicodePath(field, name);
      } else if (id == EXTENDED_TIME_EXTRA && length >= 5 && (field.get(0) & 1) != 0) {
        modified = Integer.toUnsignedLong(field.getInt(1)) * 1000;
      } else if (id == NTFS_EXTRA) {
        ntfs = ntfsModified(field);
      }
    }
    // As commons-compress and Windows tools read it: the NTFS time wins over the others.
    modified = ntfs >= 0 ? ntfs : modified;
    return new CentralRecord(
        Short.toUnsignedInt(h.getShort(4)),
        Short.toUnsignedInt(h.getShort(8)),
        Short.toUnsignedInt(h.getShort(10)),
        modified,
        h.getInt(16),
        compressed,
        size,
        name,
        unicodeName,
        h.getInt(38),
        offset < 0 ? offset : offset + shift);
  }

  /** The modification time of an NTFS extra field (attribute 1), or -1. */
  private static long ntfsModified(ByteBuffer field) {
    int at = 4; // reserved
    while (at + 4 <= field.limit()) {
      int tag = Short.toUnsignedInt(field.getShort(at));
      int size = Short.toUnsignedInt(field.getShort(at + 2));
      if (tag == 1 && size >= 8 && at + 12 <= field.limit()) {
        long ticks = field.getLong(at + 4); // 100 ns since 1601-01-01
        return ticks <= 0 ? -1 : ticks / 10_000 - NTFS_EPOCH_OFFSET_MILLIS;
      }
      at += 4 + size;
    }
    return -1;
  }

  /** The Info-ZIP Unicode path, used only when it was written for the name stored beside it. */
  private static String unicodePath(ByteBuffer field, byte[] rawName) {
    if (field.remaining() < 5 || field.get(0) != 1) {
      return null;
    }
    CRC32 crc = new CRC32();
    crc.update(rawName);
    if ((int) crc.getValue() != field.getInt(1)) {
      return null;
    }
    byte[] utf8 = new byte[field.remaining() - 5];
    field.get(5, utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }

  /** MS-DOS date and time, local time as zip tools write it, to epoch millis. */
  static long dosToMillis(int dos) {
    int year = ((dos >>> 25) & 0x7F) + 1980;
    int month = (dos >>> 21) & 0x0F;
    int day = (dos >>> 16) & 0x1F;
    int hour = (dos >>> 11) & 0x1F;
    int minute = (dos >>> 5) & 0x3F;
    int second = (dos & 0x1F) * 2;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
      return -1;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second)
          .atZone(ZoneId.systemDefault())
          .toInstant()
          .toEpochMilli();
    } catch (java.time.DateTimeException e) {
      return -1; // 31 February and the like
    }
  }
}
