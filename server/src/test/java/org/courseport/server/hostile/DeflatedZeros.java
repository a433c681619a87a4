package org.courseport.server.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.courseport.server.packaging.testing.RawZipWriter;

/**
 * A raw deflate stream of gigabytes of zeros, written in milliseconds: once the 32 KiB window holds
 * only zeros, a sync-flushed block for the next 16 MiB of zeros is the same bytes every time, so
 * the stream is a first block, that block repeated, and an empty final block (deflating 1 GiB with
 * {@link Deflater} takes about 17 s here). Compression ratio about 1028:1.
 */
final class DeflatedZeros implements RawZipWriter.Payload {
  static final int SEGMENT = 16 << 20;

  private static final byte[] FIRST;
  private static final byte[] REPEATED;
  private static final byte[] LAST;

  static {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    byte[] zeros = new byte[SEGMENT];
    FIRST = flushed(deflater, zeros);
    REPEATED = flushed(deflater, zeros);
    deflater.finish();
    ByteArrayOutputStream last = new ByteArrayOutputStream();
    byte[] buffer = new byte[1024];
    while (!deflater.finished()) {
      last.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    LAST = last.toByteArray();
  }

  private final long segments;

  /** Zeros of {@code segments} × 16 MiB. */
  DeflatedZeros(long segments) {
    if (segments < 1) {
      throw new IllegalArgumentException("at least one segment");
    }
    this.segments = segments;
  }

  static DeflatedZeros ofMebibytes(long mebibytes) {
    if (mebibytes % 16 != 0) {
      throw new IllegalArgumentException("a multiple of 16 MiB");
    }
    return new DeflatedZeros(mebibytes / 16);
  }

  /** Uncompressed size. */
  long size() {
    return segments * SEGMENT;
  }

  /** Size of the deflate stream. */
  long compressedSize() {
    return FIRST.length + (segments - 1) * REPEATED.length + LAST.length;
  }

  /** CRC-32 of {@link #size()} zeros. */
  long crc() {
    CRC32 crc = new CRC32();
    byte[] zeros = new byte[1 << 20];
    for (long left = size(); left > 0; left -= zeros.length) {
      crc.update(zeros, 0, (int) Math.min(left, zeros.length));
    }
    return crc.getValue();
  }

  /** A deflated entry header stating the true sizes and CRC. */
  RawZipWriter.Header honestHeader(String name) {
    return new RawZipWriter.Header(
        name.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        RawZipWriter.DEFLATED,
        RawZipWriter.EFS,
        crc(),
        size(),
        compressedSize(),
        20,
        0);
  }

  /**
   * The stream followed by zeros up to {@code compressedSize} bytes: a decoder stops at the final
   * block, so the padding only lowers the compression ratio the zip declares.
   */
  RawZipWriter.Payload paddedTo(long compressedSize) {
    long padding = compressedSize - compressedSize();
    if (padding < 0) {
      throw new IllegalArgumentException("the stream is longer than " + compressedSize);
    }
    return out -> {
      writeTo(out);
      byte[] zeros = new byte[64 * 1024];
      for (long left = padding; left > 0; left -= zeros.length) {
        out.write(zeros, 0, (int) Math.min(left, zeros.length));
      }
    };
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    out.write(FIRST);
    for (long i = 1; i < segments; i++) {
      out.write(REPEATED);
    }
    out.write(LAST);
  }

  private static byte[] flushed(Deflater deflater, byte[] input) {
    deflater.setInput(input);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    int n;
    while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
