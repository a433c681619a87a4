package org.courseport.server.packaging.zip;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Checks every central-directory entry before any byte is inflated: count, names, symlinks,
 * encryption, methods, declared sizes and ratio, and entries sharing bytes (overlap bombs).
 */
final class EntryScanner {
  private final ZipLimits limits;

  EntryScanner(ZipLimits limits) {
    this.limits = limits;
  }

  List<ScannedEntry> scan(SeekableByteChannel channel) throws IOException {
    List<ScannedEntry> scanned = new ArrayList<>();
    long[] declaredTotal = {0};
    CentralDirectory.read(
        channel,
        limits.maxEntries(),
        entry -> {
          ScannedEntry item = scanOne(scanned.size(), entry);
          declaredTotal[0] += item.size();
          if (declaredTotal[0] > limits.maxTotalBytes()) {
            throw ZipRefusal.refuse(
                ZipRefusal.LIMIT_EXCEEDED,
                "zip.limit.total-size",
                "",
                "The zip declares more than " + limits.maxTotalBytes() + " uncompressed bytes");
          }
          scanned.add(item);
        });
    checkOverlaps(channel, scanned);
    return scanned;
  }

  static RuntimeException tooManyEntries(String count) {
    return ZipRefusal.refuse(
        ZipRefusal.LIMIT_EXCEEDED,
        "zip.limit.entries",
        "",
        "The zip has " + count + " entries, more than the limit");
  }

  private ScannedEntry scanOne(int index, CentralRecord entry) {
    EntryNameDecoder.Decoded name = EntryNameDecoder.decode(entry);
    EntryPaths.Normalized path = EntryPaths.normalizeEntry(name.name(), name.rawLength(), limits);
    String shown = EntryPaths.shorten(name.name());
    if (entry.isUnixSymlink()) {
      throw ZipRefusal.refuse(
          ZipRefusal.UNSAFE_PATH,
          "zip.path.symlink",
          shown,
          "symbolic links are not allowed in a package");
    }
    if (entry.encrypted()) {
      throw ZipRefusal.refuse(
          ZipRefusal.ENCRYPTED,
          "zip.encrypted",
          shown,
          "the entry is encrypted; export the package without a password");
    }
    checkMethod(entry, shown);
    checkDeclaredSize(entry, shown);
    // One String where the path is the name: most entries need no normalisation.
    String decoded = name.name().equals(path.path()) ? path.path() : name.name();
    return new ScannedEntry(
        index,
        decoded,
        name.source(),
        path,
        entry.method(),
        entry.localHeaderOffset(),
        entry.compressedSize(),
        entry.size(),
        Integer.toUnsignedLong(entry.crc()),
        entry.modifiedMillis());
  }

  private static void checkMethod(CentralRecord entry, String shown) {
    int method = entry.method();
    if (method != EntryDecoder.STORED
        && method != EntryDecoder.DEFLATED
        && method != EntryDecoder.DEFLATE64) {
      throw ZipRefusal.refuse(
          ZipRefusal.UNSUPPORTED_METHOD,
          "zip.method",
          shown,
          "compression method "
              + EntryDecoder.methodName(method)
              + " ("
              + method
              + ") is not supported; use stored or deflated");
    }
  }

  private void checkDeclaredSize(CentralRecord entry, String shown) {
    long size = entry.size();
    long compressed = entry.compressedSize();
    if (size < 0 || compressed < 0) {
      throw ZipRefusal.refuse(ZipRefusal.INVALID, "zip.format", shown, "the entry has no size");
    }
    if (size > limits.maxEntryBytes()) {
      throw ZipRefusal.refuse(
          ZipRefusal.LIMIT_EXCEEDED,
          "zip.limit.entry-size",
          shown,
          "the entry declares "
              + size
              + " bytes, more than the limit of "
              + limits.maxEntryBytes());
    }
    if (limits.ratioExceeded(size, compressed)) {
      throw ZipRefusal.refuse(
          ZipRefusal.LIMIT_EXCEEDED,
          "zip.limit.ratio",
          shown,
          "the entry declares a compression ratio above " + limits.maxRatio());
    }
  }

  /**
   * Entries must occupy disjoint byte ranges: shared local headers or data are a bomb. Reads each
   * local header (in file order) for where its data starts.
   */
  private static void checkOverlaps(SeekableByteChannel channel, List<ScannedEntry> scanned)
      throws IOException {
    ScannedEntry[] byOffset = scanned.toArray(ScannedEntry[]::new);
    Arrays.sort(byOffset, Comparator.comparingLong(ScannedEntry::localHeaderOffset));
    long previousEnd = 0;
    for (int i = 0; i < byOffset.length; i++) {
      if (i > 0 && byOffset[i].localHeaderOffset() < previousEnd) {
        throw ZipRefusal.refuse(
            ZipRefusal.INVALID,
            "zip.overlap",
            EntryPaths.shorten(byOffset[i].name()),
            "the entry's bytes overlap those of '"
                + EntryPaths.shorten(byOffset[i - 1].name())
                + "'");
      }
      previousEnd = EntryDecoder.dataOffset(channel, byOffset[i]) + byOffset[i].compressedSize();
    }
  }
}
