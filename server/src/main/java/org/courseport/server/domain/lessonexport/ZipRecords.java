package org.courseport.server.domain.lessonexport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.courseport.server.domain.DomainException;

/**
 * The byte records of a plain (non-ZIP64) zip with fixed metadata, so that equal content gives
 * equal bytes: every entry dated 1980-01-01 00:00 (the DOS epoch), UTF-8 names, no extra fields,
 * sizes and CRC in the local header (no data descriptors).
 */
final class ZipRecords {

  static final int STORED = 0;
  static final int DEFLATED = 8;

  private static final int DOS_TIME = 0;
  private static final int DOS_DATE = (1 << 5) | 1; // 1980-01-01
  private static final int UTF8_FLAG = 0x0800;
  private static final int VERSION = 20;
  private static final long MAX_32 = 0xFFFFFFFFL;

  private ZipRecords() {}

  /** Length of the local header of an entry named {@code name}. */
  static int localHeaderLength(String name) {
    return 30 + name.getBytes(StandardCharsets.UTF_8).length;
  }

  static byte[] localHeader(String name, int method, long crc, long compressedSize, long size) {
    checkSizes(compressedSize, size, 0);
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(30 + n.length);
    int32(out, 0x04034b50);
    int16(out, VERSION);
    int16(out, UTF8_FLAG);
    int16(out, method);
    int16(out, DOS_TIME);
    int16(out, DOS_DATE);
    int32(out, crc);
    int32(out, compressedSize);
    int32(out, size);
    int16(out, n.length);
    int16(out, 0);
    out.writeBytes(n);
    return out.toByteArray();
  }

  static byte[] centralHeader(
      String name, int method, long crc, long compressedSize, long size, long offset) {
    checkSizes(compressedSize, size, offset);
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(46 + n.length);
    int32(out, 0x02014b50);
    int16(out, VERSION);
    int16(out, VERSION);
    int16(out, UTF8_FLAG);
    int16(out, method);
    int16(out, DOS_TIME);
    int16(out, DOS_DATE);
    int32(out, crc);
    int32(out, compressedSize);
    int32(out, size);
    int16(out, n.length);
    int16(out, 0); // extra
    int16(out, 0); // comment
    int16(out, 0); // disk
    int16(out, 0); // internal attributes
    int32(out, name.endsWith("/") ? 0x10 : 0); // MS-DOS directory attribute
    int32(out, offset);
    out.writeBytes(n);
    return out.toByteArray();
  }

  static byte[] endOfCentralDirectory(int entries, long cdSize, long cdOffset) {
    if (entries > 0xFFFF) {
      throw tooLarge();
    }
    checkSizes(cdSize, 0, cdOffset);
    ByteArrayOutputStream out = new ByteArrayOutputStream(22);
    int32(out, 0x06054b50);
    int16(out, 0);
    int16(out, 0);
    int16(out, entries);
    int16(out, entries);
    int32(out, cdSize);
    int32(out, cdOffset);
    int16(out, 0);
    return out.toByteArray();
  }

  private static void checkSizes(long a, long b, long c) {
    if (a > MAX_32 || b > MAX_32 || c > MAX_32) {
      throw tooLarge();
    }
  }

  private static DomainException tooLarge() {
    return new DomainException(
        DomainException.Kind.RESOURCE_EXHAUSTED,
        "EXPORT_TOO_LARGE",
        "The lesson export would exceed 4 GiB or 65535 files, more than a lesson zip can hold.");
  }

  private static void int16(ByteArrayOutputStream out, int v) {
    out.write(v & 0xFF);
    out.write((v >>> 8) & 0xFF);
  }

  private static void int32(ByteArrayOutputStream out, long v) {
    out.write((int) (v & 0xFF));
    out.write((int) ((v >>> 8) & 0xFF));
    out.write((int) ((v >>> 16) & 0xFF));
    out.write((int) ((v >>> 24) & 0xFF));
  }
}
