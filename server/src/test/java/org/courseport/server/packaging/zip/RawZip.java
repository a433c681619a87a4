package org.courseport.server.packaging.zip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.courseport.server.packaging.testing.RawZipWriter;

/**
 * Builds zips in memory entry by entry, so that tests can build archives that no well-behaved zip
 * library would write: lying sizes, shared local headers, symlinks, encryption flags, odd names.
 * The bytes are written by {@link RawZipWriter}, the one raw zip writer of the tests.
 */
final class RawZip {
  static final int UNIX = 3 << 8 | 20;
  static final int EFS = 1 << 11;

  /** One entry; {@code sharesHeaderOf} >= 0 reuses another entry's local header and data. */
  record Entry(
      byte[] name,
      int method,
      int flags,
      byte[] payload,
      long crc,
      long size,
      long compressedSize,
      int madeBy,
      long externalAttributes,
      int sharesHeaderOf) {
    Entry withSize(long newSize) {
      return new Entry(
          name,
          method,
          flags,
          payload,
          crc,
          newSize,
          compressedSize,
          madeBy,
          externalAttributes,
          sharesHeaderOf);
    }

    Entry withFlags(int newFlags) {
      return new Entry(
          name,
          method,
          newFlags,
          payload,
          crc,
          size,
          compressedSize,
          madeBy,
          externalAttributes,
          sharesHeaderOf);
    }

    Entry withMethod(int newMethod) {
      return new Entry(
          name,
          newMethod,
          flags,
          payload,
          crc,
          size,
          compressedSize,
          madeBy,
          externalAttributes,
          sharesHeaderOf);
    }

    Entry withCrc(long newCrc) {
      return new Entry(
          name,
          method,
          flags,
          payload,
          newCrc,
          size,
          compressedSize,
          madeBy,
          externalAttributes,
          sharesHeaderOf);
    }

    Entry withUnixMode(int mode) {
      return new Entry(
          name,
          method,
          flags,
          payload,
          crc,
          size,
          compressedSize,
          UNIX,
          (long) mode << 16,
          sharesHeaderOf);
    }

    Entry sharingHeaderOf(int index, String otherName) {
      return new Entry(
          otherName.getBytes(StandardCharsets.UTF_8),
          method,
          flags,
          payload,
          crc,
          size,
          compressedSize,
          madeBy,
          externalAttributes,
          index);
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
    return new Entry(
        name.getBytes(StandardCharsets.UTF_8),
        8,
        EFS,
        packed,
        crc(content),
        content.length,
        packed.length,
        20,
        0,
        -1);
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
    return new Entry(
        name.getBytes(StandardCharsets.UTF_8),
        8,
        EFS,
        packed,
        crc.getValue(),
        size,
        packed.length,
        20,
        0,
        -1);
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
    try (OutputStream out =
        new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      writeTo(out);
    }
    return file;
  }

  private void writeTo(OutputStream out) throws IOException {
    try (RawZipWriter writer = new RawZipWriter(out)) {
      long[] offsets = new long[entries.size()];
      for (int i = 0; i < entries.size(); i++) {
        Entry e = entries.get(i);
        RawZipWriter.Header header =
            new RawZipWriter.Header(
                e.name(),
                e.method(),
                e.flags(),
                e.crc(),
                e.size(),
                e.compressedSize(),
                e.madeBy(),
                e.externalAttributes());
        if (e.sharesHeaderOf() >= 0) {
          offsets[i] = offsets[e.sharesHeaderOf()];
          writer.addCentralOnly(header, offsets[i]);
        } else {
          offsets[i] = writer.add(header, e.payload());
        }
      }
      if (declaredCount != null) {
        writer.finishDeclaring(declaredCount);
      }
    }
  }

  static long crc(byte[] content) {
    return RawZipWriter.crc(content);
  }

  static byte[] deflate(byte[] content) {
    return RawZipWriter.deflate(content);
  }
}
