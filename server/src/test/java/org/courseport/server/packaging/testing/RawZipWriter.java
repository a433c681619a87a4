package org.courseport.server.packaging.testing;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Streams a zip to a file field by field, so that tests can write what no zip library writes (lying
 * sizes, symlinks, encryption flags, unknown methods, shared local headers, a damaged central
 * directory) and payloads of gigabytes that never sit in memory. The one zip writer of the tests:
 * {@code packaging.zip.RawZip}, the in-memory builder, writes through it too.
 */
public final class RawZipWriter implements Closeable {
  public static final int EFS = 1 << 11;
  public static final int ENCRYPTED = 1;
  public static final int STORED = 0;
  public static final int DEFLATED = 8;
  public static final int UNIX = 3 << 8 | 20;

  /** Writes the compressed bytes of one entry. */
  public interface Payload {
    void writeTo(OutputStream out) throws IOException;
  }

  /** The fields of one entry as both headers state them. */
  public record Header(
      byte[] name,
      int method,
      int flags,
      long crc,
      long size,
      long compressedSize,
      int madeBy,
      long externalAttributes) {
    public Header withName(String newName) {
      return new Header(
          newName.getBytes(StandardCharsets.UTF_8),
          method,
          flags,
          crc,
          size,
          compressedSize,
          madeBy,
          externalAttributes);
    }

    public Header withRawName(byte[] newName, int newFlags) {
      return new Header(
          newName, method, newFlags, crc, size, compressedSize, madeBy, externalAttributes);
    }

    public Header withSize(long newSize) {
      return new Header(
          name, method, flags, crc, newSize, compressedSize, madeBy, externalAttributes);
    }

    public Header withFlags(int newFlags) {
      return new Header(
          name, method, newFlags, crc, size, compressedSize, madeBy, externalAttributes);
    }

    public Header withMethod(int newMethod) {
      return new Header(
          name, newMethod, flags, crc, size, compressedSize, madeBy, externalAttributes);
    }

    public Header withUnixMode(int mode) {
      return new Header(name, method, flags, crc, size, compressedSize, UNIX, (long) mode << 16);
    }
  }

  private final OutputStream out;
  private final ByteArrayOutputStream central = new ByteArrayOutputStream();
  private long position;
  private int count;
  private boolean finished;

  public RawZipWriter(Path file) throws IOException {
    this(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
  }

  /** Writes to {@code out}, closed with this writer. */
  public RawZipWriter(OutputStream out) {
    this.out = out;
  }

  /** A stored entry; the header is honest. */
  public static Header stored(String name, byte[] content) {
    return new Header(
        name.getBytes(StandardCharsets.UTF_8),
        STORED,
        EFS,
        crc(content),
        content.length,
        content.length,
        20,
        0);
  }

  /** Adds a stored, honest entry. */
  public RawZipWriter addStored(String name, byte[] content) throws IOException {
    add(stored(name, content), content);
    return this;
  }

  /** Adds a stored, honest text entry. */
  public RawZipWriter addText(String name, String content) throws IOException {
    return addStored(name, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds a deflated, honest entry. */
  public RawZipWriter addDeflated(String name, byte[] content) throws IOException {
    byte[] packed = deflate(content);
    add(
        new Header(
            name.getBytes(StandardCharsets.UTF_8),
            DEFLATED,
            EFS,
            crc(content),
            content.length,
            packed.length,
            20,
            0),
        packed);
    return this;
  }

  /** Writes a local header and its data; returns the header's offset. */
  public long add(Header h, byte[] data) throws IOException {
    return add(h, o -> o.write(data));
  }

  /** Writes a local header and streams its data; returns the header's offset. */
  public long add(Header h, Payload data) throws IOException {
    long offset = position;
    byte[] local = local(h);
    out.write(local);
    position += local.length;
    CountingStream counted = new CountingStream(out);
    data.writeTo(counted);
    position += counted.count;
    central(h, offset);
    return offset;
  }

  /** Adds a central-directory entry for data written earlier at {@code offset} (overlap). */
  public void addCentralOnly(Header h, long offset) {
    central(h, offset);
  }

  /** Writes the central directory and the end records; ZIP64 end records above 65535 entries. */
  public void finish() throws IOException {
    finish(count, central.size());
  }

  /**
   * Writes only the first {@code keptBytes} of the central directory, followed by end records that
   * still announce all entries and the full directory size.
   */
  public void finishWithTruncatedCentral(int keptBytes) throws IOException {
    int fullSize = central.size();
    byte[] all = central.toByteArray();
    central.reset();
    central.write(all, 0, keptBytes);
    finish(count, fullSize);
  }

  /** Ends the file in the middle of the central directory: no end record at all. */
  public void finishCutInCentral(int keptBytes) throws IOException {
    out.write(central.toByteArray(), 0, keptBytes);
    finished = true;
  }

  /** Writes the end records announcing {@code declaredCount} entries. */
  public void finishDeclaring(int declaredCount) throws IOException {
    finish(declaredCount, central.size());
  }

  private void finish(long declaredCount, long declaredCentralSize) throws IOException {
    long centralStart = position;
    central.writeTo(out);
    position += central.size();
    boolean zip64 = declaredCount > 0xFFFF;
    ByteBuffer b = ByteBuffer.allocate(zip64 ? 56 + 20 + 22 : 22).order(ByteOrder.LITTLE_ENDIAN);
    if (zip64) {
      b.putInt(0x06064b50)
          .putLong(44)
          .putShort((short) 45)
          .putShort((short) 45)
          .putInt(0)
          .putInt(0)
          .putLong(declaredCount)
          .putLong(declaredCount)
          .putLong(declaredCentralSize)
          .putLong(centralStart);
      b.putInt(0x07064b50).putInt(0).putLong(position).putInt(1);
    }
    int shortCount = (int) Math.min(declaredCount, 0xFFFF);
    b.putInt(0x06054b50).putShort((short) 0).putShort((short) 0);
    b.putShort((short) shortCount).putShort((short) shortCount);
    b.putInt((int) declaredCentralSize).putInt((int) centralStart).putShort((short) 0);
    out.write(b.array());
    finished = true;
  }

  @Override
  public void close() throws IOException {
    if (!finished) {
      finish();
    }
    out.close();
  }

  private static byte[] local(Header h) {
    ByteBuffer b = ByteBuffer.allocate(30 + h.name().length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x04034b50).putShort((short) 20);
    common(b, h);
    return b.putShort((short) 0).put(h.name()).array();
  }

  private void central(Header h, long offset) {
    ByteBuffer b = ByteBuffer.allocate(46 + h.name().length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x02014b50).putShort((short) h.madeBy()).putShort((short) 20);
    common(b, h);
    b.putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0);
    b.putInt((int) h.externalAttributes()).putInt((int) offset).put(h.name());
    central.writeBytes(b.array());
    count++;
  }

  /** From "general purpose flags" to "name length", shared by both headers. */
  private static void common(ByteBuffer b, Header h) {
    b.putShort((short) h.flags()).putShort((short) h.method());
    b.putShort((short) 0).putShort((short) 0x21).putInt((int) h.crc());
    b.putInt((int) h.compressedSize()).putInt((int) h.size()).putShort((short) h.name().length);
  }

  public static long crc(byte[] content) {
    CRC32 crc = new CRC32();
    crc.update(content);
    return crc.getValue();
  }

  public static byte[] deflate(byte[] content) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(content);
    deflater.finish();
    ByteArrayOutputStream packed = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    while (!deflater.finished()) {
      packed.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return packed.toByteArray();
  }

  private static final class CountingStream extends OutputStream {
    private final OutputStream out;
    private long count;

    CountingStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
