package org.courseport.server.export.zip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The byte records of a zip with fixed metadata (APPNOTE 6.3.x), ZIP64 where a value does not fit:
 * every entry dated 1980-01-01 00:00 (the DOS epoch), the UTF-8 name flag, sizes and CRC-32 in the
 * local header (no data descriptors), no extra field except the ZIP64 one, whose presence and
 * content only depend on the sizes and offsets. A value is replaced by its ZIP64 marker ({@code
 * 0xFFFF}, {@code 0xFFFFFFFF}) when it reaches the marker or when {@code force} is set (tests use
 * it to take the ZIP64 path with small archives).
 *
 * <p>Unlike {@code domain.lessonexport.ZipRecords} (the lesson export's plain zips, which refuse
 * anything past 4 GiB with a domain error), these records go past 4 GiB and 65,535 entries.
 */
final class ZipRecords64 {

  static final int STORED = 0;
  static final int DEFLATED = 8;

  static final int DOS_TIME = 0;
  static final int DOS_DATE = (1 << 5) | 1; // 1980-01-01
  static final int UTF8_FLAG = 0x0800;
  private static final int VERSION = 20;
  private static final int VERSION_ZIP64 = 45;
  static final long MAX_32 = 0xFFFFFFFFL;
  static final int MAX_16 = 0xFFFF;
  private static final int ZIP64_EXTRA = 0x0001;

  private ZipRecords64() {}

  /** Whether an entry's local and central headers carry its sizes in a ZIP64 extra field. */
  static boolean zip64Sizes(long compressedSize, long size, boolean force) {
    return force || compressedSize >= MAX_32 || size >= MAX_32;
  }

  static byte[] localHeader(
      String name, int method, long crc, long compressedSize, long size, boolean force) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    boolean zip64 = zip64Sizes(compressedSize, size, force);
    ByteArrayOutputStream out = new ByteArrayOutputStream(30 + n.length + 20);
    int32(out, 0x04034b50);
    int16(out, zip64 ? VERSION_ZIP64 : VERSION);
    int16(out, UTF8_FLAG);
    int16(out, method);
    int16(out, DOS_TIME);
    int16(out, DOS_DATE);
    int32(out, crc);
    int32(out, zip64 ? MAX_32 : compressedSize);
    int32(out, zip64 ? MAX_32 : size);
    int16(out, n.length);
    int16(out, zip64 ? 20 : 0);
    out.writeBytes(n);
    if (zip64) { // the local ZIP64 field holds both sizes (APPNOTE 4.5.3)
      int16(out, ZIP64_EXTRA);
      int16(out, 16);
      int64(out, size);
      int64(out, compressedSize);
    }
    return out.toByteArray();
  }

  static byte[] centralHeader(
      String name,
      int method,
      long crc,
      long compressedSize,
      long size,
      long offset,
      boolean force) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    boolean sizes64 = zip64Sizes(compressedSize, size, force);
    boolean offset64 = force || offset >= MAX_32;
    int extra = (sizes64 ? 16 : 0) + (offset64 ? 8 : 0);
    boolean zip64 = extra > 0;
    ByteArrayOutputStream out = new ByteArrayOutputStream(46 + n.length + 4 + extra);
    int32(out, 0x02014b50);
    int16(out, zip64 ? VERSION_ZIP64 : VERSION); // made by: MS-DOS, spec version
    int16(out, zip64 ? VERSION_ZIP64 : VERSION);
    int16(out, UTF8_FLAG);
    int16(out, method);
    int16(out, DOS_TIME);
    int16(out, DOS_DATE);
    int32(out, crc);
    int32(out, sizes64 ? MAX_32 : compressedSize);
    int32(out, sizes64 ? MAX_32 : size);
    int16(out, n.length);
    int16(out, zip64 ? 4 + extra : 0);
    int16(out, 0); // comment
    int16(out, 0); // disk
    int16(out, 0); // internal attributes
    int32(out, name.endsWith("/") ? 0x10 : 0); // MS-DOS directory attribute
    int32(out, offset64 ? MAX_32 : offset);
    out.writeBytes(n);
    if (zip64) { // fields in APPNOTE order, only those whose header value is the marker
      int16(out, ZIP64_EXTRA);
      int16(out, extra);
      if (sizes64) {
        int64(out, size);
        int64(out, compressedSize);
      }
      if (offset64) {
        int64(out, offset);
      }
    }
    return out.toByteArray();
  }

  /**
   * The end of the central directory: a ZIP64 end record and its locator first when the entry
   * count, the directory's size or its offset need them, then the classic end record.
   *
   * @param entries number of entries
   * @param cdSize length of the central directory
   * @param cdOffset where the central directory starts (= where the ZIP64 end record would start
   *     minus cdSize)
   */
  static byte[] end(long entries, long cdSize, long cdOffset, boolean force) {
    boolean count64 = force || entries >= MAX_16;
    boolean size64 = force || cdSize >= MAX_32;
    boolean offset64 = force || cdOffset >= MAX_32;
    ByteArrayOutputStream out = new ByteArrayOutputStream(98);
    if (count64 || size64 || offset64) {
      long zip64End = cdOffset + cdSize;
      int32(out, 0x06064b50);
      int64(out, 44); // size of the rest of this record
      int16(out, VERSION_ZIP64);
      int16(out, VERSION_ZIP64);
      int32(out, 0); // this disk
      int32(out, 0); // disk of the central directory
      int64(out, entries);
      int64(out, entries);
      int64(out, cdSize);
      int64(out, cdOffset);
      int32(out, 0x07064b50); // locator
      int32(out, 0);
      int64(out, zip64End);
      int32(out, 1); // total disks
    }
    int32(out, 0x06054b50);
    int16(out, 0);
    int16(out, 0);
    int16(out, count64 ? MAX_16 : (int) entries);
    int16(out, count64 ? MAX_16 : (int) entries);
    int32(out, size64 ? MAX_32 : cdSize);
    int32(out, offset64 ? MAX_32 : cdOffset);
    int16(out, 0);
    return out.toByteArray();
  }

  private static void int16(ByteArrayOutputStream out, int v) {
    out.write(v & 0xFF);
    out.write((v >>> 8) & 0xFF);
  }

  private static void int32(ByteArrayOutputStream out, long v) {
    for (int i = 0; i < 4; i++) {
      out.write((int) ((v >>> (8 * i)) & 0xFF));
    }
  }

  private static void int64(ByteArrayOutputStream out, long v) {
    for (int i = 0; i < 8; i++) {
      out.write((int) ((v >>> (8 * i)) & 0xFF));
    }
  }
}
