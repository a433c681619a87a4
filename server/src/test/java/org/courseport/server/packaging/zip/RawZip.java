package org.courseport.server.packaging.zip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes zip bytes field by field, so that tests can build archives that no well-behaved zip
 * library would write: lying sizes, shared local headers, symlinks, encryption flags, odd names.
 */
final class RawZip {
  static final int UNIX = 3 << 8 | 20;
  static final int EFS = 1 << 11;

  /** One entry; {@code sharesHeaderOf} >= 0 reuses another entry's local header and data. */
  record Entry(byte[] name, int method, int flags, byte[] payload, long crc, long size,
      long compressedSize, int madeBy, long externalAttributes, int sharesHeaderOf) {
    Entry withSize(long newSize) {
      return new Entry(name, method, flags, payload, crc, newSize, compressedSize, madeBy,
          externalAttributes, sharesHeaderOf);
    }

    Entry withFlags(int newFlags) {
      return new Entry(name, method, newFlags, payload, crc, size, compressedSize, madeBy,
          externalAttributes, sharesHeaderOf);
    }

    Entry withMethod(int newMethod) {
      return new Entry(name, newMethod, flags, payload, crc, size, compressedSize, madeBy,
          externalAttributes, sharesHeaderOf);
    }

    Entry withCrc(long newCrc) {
      return new Entry(name, method, flags, payload, newCrc, size, compressedSize, madeBy,
          externalAttributes, sharesHeaderOf);
    }

    Entry withUnixMode(int mode) {
      return new Entry(name, method, flags, payload, crc, size, compressedSize, UNIX,
          (long) mode << 16, sharesHeaderOf);
    }

    Entry sharingHeaderOf(int index, String otherName) {
      return new Entry(otherName.getBytes(StandardCharsets.UTF_8), method, flags, payload, crc,
          size, compressedSize, madeBy, externalAttributes, index);
    }
  }

  private final List<Entry> entries = new ArrayList<>();
  private Integer declaredCount;

  static Entry stored(String name, byte[] content) {
    return stored(name.getBytes(StandardCharsets.UTF_8), content).withFlags(EFS);
  }

  static Entry stored(byte[] name, byte[] content) {
    return new Entry(name, 0, 0, content, crc(content), content.length, content.length, 20, 0, -1);
  }

  static Entry deflated(String name, byte[] content) {
    byte[] packed = deflate(content);
    return new Entry(name.getBytes(StandardCharsets.UTF_8), 8, EFS, packed, crc(content),
        content.length, packed.length, 20, 0, -1);
  }

  /** A deflated entry of {@code size} zeros, made without holding them in memory. */
  static Entry deflatedZeros(String name, long size) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] zeros = new byte[1 << 20];
    byte[] buffer = new byte[1 << 16];
    CRC32 crc = new CRC32();
    for (long left = size; left > 0; left -= zeros.length) {
      int chunk = (int) Math.min(left, zeros.length);
      crc.update(zeros, 0, chunk);
      deflater.setInput(zeros, 0, chunk);
      while (!deflater.needsInput()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
    }
    deflater.finish();
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    byte[] packed = out.toByteArray();
    return new Entry(name.getBytes(StandardCharsets.UTF_8), 8, EFS, packed, crc.getValue(), size,
        packed.length, 20, 0, -1);
  }

  static Entry text(String name, String content) {
    return stored(name, content.getBytes(StandardCharsets.UTF_8));
  }

  RawZip add(Entry entry) {
    entries.add(entry);
    return this;
  }

  /** Makes the end-of-central-directory record declare {@code count} entries. */
  RawZip declaringCount(int count) {
    this.declaredCount = count;
    return this;
  }

  byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writeTo(out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  Path writeTo(Path file) throws IOException {
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      writeTo(out);
    }
    return file;
  }

  private void writeTo(OutputStream out) throws IOException {
    long[] offsets = new long[entries.size()];
    long position = 0;
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (e.sharesHeaderOf() >= 0) {
        offsets[i] = offsets[e.sharesHeaderOf()];
        continue;
      }
      offsets[i] = position;
      byte[] header = header(0x04034b50, e, 30).array();
      out.write(header);
      out.write(e.name());
      out.write(e.payload());
      position += header.length + e.name().length + e.payload().length;
    }
    long centralStart = position;
    for (int i = 0; i < entries.size(); i++) {
      byte[] central = central(entries.get(i), offsets[i]);
      out.write(central);
      position += central.length;
    }
    out.write(end(centralStart, position - centralStart));
  }

  private static ByteBuffer header(int signature, Entry e, int length) {
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(signature);
    if (signature == 0x02014b50) {
      b.putShort((short) e.madeBy());
    }
    b.putShort((short) 20).putShort((short) e.flags()).putShort((short) e.method());
    b.putShort((short) 0).putShort((short) 0x21).putInt((int) e.crc());
    b.putInt((int) e.compressedSize()).putInt((int) e.size()).putShort((short) e.name().length);
    return b.putShort((short) 0);
  }

  private static byte[] central(Entry e, long offset) {
    ByteBuffer b = header(0x02014b50, e, 46 + e.name().length);
    b.putShort((short) 0).putShort((short) 0).putShort((short) 0);
    b.putInt((int) e.externalAttributes()).putInt((int) offset).put(e.name());
    return b.array();
  }

  /** The end records; above 65535 entries a ZIP64 record and locator carry the real count. */
  private byte[] end(long centralStart, long centralSize) {
    boolean zip64 = declaredCount == null && entries.size() > 0xFFFF;
    int count = declaredCount != null ? declaredCount : Math.min(entries.size(), 0xFFFF);
    ByteBuffer b = ByteBuffer.allocate(zip64 ? 56 + 20 + 22 : 22).order(ByteOrder.LITTLE_ENDIAN);
    if (zip64) {
      long recordOffset = centralStart + centralSize;
      b.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0)
          .putInt(0).putLong(entries.size()).putLong(entries.size()).putLong(centralSize)
          .putLong(centralStart);
      b.putInt(0x07064b50).putInt(0).putLong(recordOffset).putInt(1);
    }
    b.putInt(0x06054b50).putShort((short) 0).putShort((short) 0);
    b.putShort((short) count).putShort((short) count);
    return b.putInt((int) centralSize).putInt((int) centralStart).putShort((short) 0).array();
  }

  static long crc(byte[] content) {
    CRC32 crc = new CRC32();
    crc.update(content);
    return crc.getValue();
  }

  static byte[] deflate(byte[] content) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(content);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return out.toByteArray();
  }
}
