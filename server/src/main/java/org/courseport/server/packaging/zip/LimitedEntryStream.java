package org.courseport.server.packaging.zip;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipException;

/**
 * Counts the bytes an entry actually inflates to and refuses, before handing them out, bytes beyond
 * its declared size, the per-entry limit, the compression ratio or the archive budget; at the end
 * checks the size and the CRC-32 (commons-compress {@code ZipFile} checks neither).
 */
final class LimitedEntryStream extends InputStream {
  private final InputStream in;
  private final ScannedEntry entry;
  private final String shown;
  private final ZipLimits limits;
  private final InflationBudget budget;
  private final CRC32 crc = new CRC32();
  private final byte[] one = new byte[1];
  private long produced;
  private boolean finished;

  LimitedEntryStream(InputStream in, ScannedEntry entry, ZipLimits limits, InflationBudget budget) {
    this.in = in;
    this.entry = entry;
    this.shown = EntryPaths.shorten(entry.name());
    this.limits = limits;
    this.budget = budget;
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (finished) {
      return -1;
    }
    if (length == 0) {
      return 0;
    }
    int n = readThrough(buffer, offset, length);
    if (n < 0) {
      finish();
      return -1;
    }
    produced += n;
    check();
    crc.update(buffer, offset, n);
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes are read so that limits and the CRC still see them.
    byte[] scratch = new byte[(int) Math.min(Math.max(n, 0), 64 * 1024)];
    int read = n <= 0 ? 0 : read(scratch, 0, scratch.length);
    return Math.max(read, 0);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private int readThrough(byte[] buffer, int offset, int length) throws IOException {
    try {
      return in.read(buffer, offset, length);
    } catch (ZipException | EOFException e) {
      throw corrupt("zip.data-corrupt", "the compressed data is corrupt (" + e.getMessage() + ")");
    }
  }

  private void check() {
    long declared = entry.size();
    if (produced > declared) {
      throw corrupt(
          "zip.size-mismatch",
          "the entry inflates to more than its declared " + declared + " bytes");
    }
    if (produced > limits.maxEntryBytes()) {
      throw ZipRefusal.refuse(
          ZipRefusal.LIMIT_EXCEEDED,
          "zip.limit.entry-size",
          shown,
          "the entry inflates to more than " + limits.maxEntryBytes() + " bytes");
    }
    if (limits.ratioExceeded(produced, entry.compressedSize())) {
      throw ZipRefusal.refuse(
          ZipRefusal.LIMIT_EXCEEDED,
          "zip.limit.ratio",
          shown,
          "the entry inflates more than " + limits.maxRatio() + " times its compressed size");
    }
    budget.charge(entry.index(), produced, shown);
  }

  private void finish() {
    finished = true;
    long declared = entry.size();
    if (produced != declared) {
      throw corrupt(
          "zip.size-mismatch",
          "the entry inflates to " + produced + " bytes but declares " + declared);
    }
    long expectedCrc = entry.crc();
    if (expectedCrc != -1 && crc.getValue() != expectedCrc) {
      throw corrupt("zip.crc", "the CRC-32 of the data does not match the zip's");
    }
  }

  private RuntimeException corrupt(String rule, String message) {
    return ZipRefusal.refuse(ZipRefusal.INVALID, rule, shown, message);
  }
}
