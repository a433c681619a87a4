package org.courseport.server.packaging.zip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;

/**
 * Checks every central-directory entry before any byte is inflated: count, names, symlinks,
 * encryption, methods, declared sizes and ratio, and entries sharing bytes (overlap bombs).
 */
final class EntryScanner {
  private final ZipLimits limits;

  EntryScanner(ZipLimits limits) {
    this.limits = limits;
  }

  List<ScannedEntry> scan(ZipFile zipFile) {
    List<ScannedEntry> scanned = new ArrayList<>();
    long declaredTotal = 0;
    for (ZipArchiveEntry entry : (Iterable<ZipArchiveEntry>) zipFile.getEntries()::asIterator) {
      if (scanned.size() >= limits.maxEntries()) {
        throw tooManyEntries("more than " + limits.maxEntries());
      }
      ScannedEntry item = scanOne(scanned.size(), entry);
      declaredTotal += item.zip().getSize();
      if (declaredTotal > limits.maxTotalBytes()) {
        throw ZipRefusal.refuse(ZipRefusal.LIMIT_EXCEEDED, "zip.limit.total-size", "",
            "The zip declares more than " + limits.maxTotalBytes() + " uncompressed bytes");
      }
      scanned.add(item);
    }
    checkOverlaps(scanned);
    return scanned;
  }

  static RuntimeException tooManyEntries(String count) {
    return ZipRefusal.refuse(ZipRefusal.LIMIT_EXCEEDED, "zip.limit.entries", "",
        "The zip has " + count + " entries, more than the limit");
  }

  private ScannedEntry scanOne(int index, ZipArchiveEntry entry) {
    EntryNameDecoder.Decoded name = EntryNameDecoder.decode(entry);
    EntryPaths.Normalized path = EntryPaths.normalizeEntry(name.name(), name.rawLength(), limits);
    String shown = EntryPaths.shorten(name.name());
    if (entry.isUnixSymlink()) {
      throw ZipRefusal.refuse(ZipRefusal.UNSAFE_PATH, "zip.path.symlink", shown,
          "symbolic links are not allowed in a package");
    }
    if (entry.getGeneralPurposeBit().usesEncryption()) {
      throw ZipRefusal.refuse(ZipRefusal.ENCRYPTED, "zip.encrypted", shown,
          "the entry is encrypted; export the package without a password");
    }
    checkMethod(entry, shown);
    checkDeclaredSize(entry, shown);
    return new ScannedEntry(index, entry, name.name(), name.source(), path);
  }

  private static void checkMethod(ZipArchiveEntry entry, String shown) {
    int method = entry.getMethod();
    if (method != ZipMethod.STORED.getCode() && method != ZipMethod.DEFLATED.getCode()
        && method != ZipMethod.ENHANCED_DEFLATED.getCode()) {
      throw ZipRefusal.refuse(ZipRefusal.UNSUPPORTED_METHOD, "zip.method", shown,
          "compression method " + ZipMethod.getMethodByCode(method) + " (" + method
              + ") is not supported; use stored or deflated");
    }
  }

  private void checkDeclaredSize(ZipArchiveEntry entry, String shown) {
    long size = entry.getSize();
    long compressed = entry.getCompressedSize();
    if (size < 0 || compressed < 0) {
      throw ZipRefusal.refuse(ZipRefusal.INVALID, "zip.format", shown, "the entry has no size");
    }
    if (size > limits.maxEntryBytes()) {
      throw ZipRefusal.refuse(ZipRefusal.LIMIT_EXCEEDED, "zip.limit.entry-size", shown,
          "the entry declares " + size + " bytes, more than the limit of " + limits.maxEntryBytes());
    }
    if (limits.ratioExceeded(size, compressed)) {
      throw ZipRefusal.refuse(ZipRefusal.LIMIT_EXCEEDED, "zip.limit.ratio", shown,
          "the entry declares a compression ratio above " + limits.maxRatio());
    }
  }

  /** Entries must occupy disjoint byte ranges: shared local headers or data are a bomb. */
  private static void checkOverlaps(List<ScannedEntry> scanned) {
    ScannedEntry[] byOffset = scanned.toArray(ScannedEntry[]::new);
    Arrays.sort(byOffset, Comparator.comparingLong(e -> e.zip().getLocalHeaderOffset()));
    for (int i = 1; i < byOffset.length; i++) {
      ZipArchiveEntry previous = byOffset[i - 1].zip();
      long previousEnd = previous.getDataOffset() + previous.getCompressedSize();
      if (byOffset[i].zip().getLocalHeaderOffset() < previousEnd) {
        throw ZipRefusal.refuse(ZipRefusal.INVALID, "zip.overlap",
            EntryPaths.shorten(byOffset[i].name()),
            "the entry's bytes overlap those of '" + EntryPaths.shorten(byOffset[i - 1].name())
                + "'");
      }
    }
  }
}
