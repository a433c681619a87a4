package org.courseport.server.content;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.courseport.server.packaging.PackageFiles;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;
import org.courseport.server.packaging.zip.ZipPackageArchive;

/**
 * A stored package zip kept open for serving: its central directory read once, its files indexed by
 * path. Lookups repair what the import repairs in manifest references (the caller has already
 * turned backslashes into slashes and percent-decoded): a path as the zip names it before a single
 * top-level folder was stripped, and letter case / Unicode normalisation when only one file
 * matches. Lookups record nothing, so a long-lived package does not grow with the requests it
 * serves. Reference-counted: closed when retired from the cache and no response uses it.
 */
final class OpenPackage {
  private static final ArchiveEntry AMBIGUOUS = new ArchiveEntry("", "", 0, 0);

  private final ZipPackageArchive archive;
  private final Map<String, ArchiveEntry> byPath;
  private final Map<String, ArchiveEntry> byZipName;
  private Map<String, ArchiveEntry> folded; // guarded by this; built at the first need
  private int leases; // guarded by this
  private boolean retired; // guarded by this

  OpenPackage(ZipPackageArchive archive) {
    this.archive = archive;
    this.byPath = new HashMap<>();
    Map<String, ArchiveEntry> zipNames = new HashMap<>();
    for (ArchiveEntry e : archive.entries()) {
      byPath.put(e.path(), e);
      String zipName = zipName(e);
      if (zipName != null && !zipName.equals(e.path())) {
        zipNames.putIfAbsent(zipName, e);
      }
    }
    this.byZipName = zipNames.isEmpty() ? Map.of() : zipNames;
  }

  ZipPackageArchive archive() {
    return archive;
  }

  /** The file at {@code path} (already decoded and normalised), with the repairs above. */
  Optional<ArchiveEntry> find(String path) {
    ArchiveEntry hit = byPath.get(path);
    if (hit == null) {
      hit = byZipName.get(path);
    }
    if (hit == null) {
      hit = folded().get(fold(path));
      if (hit == AMBIGUOUS) {
        hit = null;
      }
    }
    return Optional.ofNullable(hit);
  }

  private synchronized Map<String, ArchiveEntry> folded() {
    if (folded == null) {
      Map<String, ArchiveEntry> map = new HashMap<>();
      byPath.forEach((path, e) -> map.merge(fold(path), e, (a, b) -> a == b ? a : AMBIGUOUS));
      byZipName.forEach((name, e) -> map.merge(fold(name), e, (a, b) -> a == b ? a : AMBIGUOUS));
      folded = map;
    }
    return folded;
  }

  private static String fold(String path) {
    return Normalizer.normalize(path, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
  }

  /** The zip's own name for an entry, normalised, or null when it cannot be (never served). */
  private static String zipName(ArchiveEntry e) {
    try {
      return PackageFiles.normalize(e.rawName());
    } catch (RuntimeException ex) {
      return null;
    }
  }

  /** A use of the package by one response; closing it twice is harmless. */
  Lease lease() {
    synchronized (this) {
      if (retired && leases == 0) {
        throw new IllegalStateException("package already closed");
      }
      leases++;
    }
    return new Lease(this);
  }

  /** Takes the package out of service: closed now, or when its last lease ends. */
  void retire() {
    boolean close;
    synchronized (this) {
      retired = true;
      close = leases == 0;
    }
    if (close) {
      closeQuietly();
    }
  }

  private void release() {
    boolean close;
    synchronized (this) {
      leases--;
      close = retired && leases == 0;
    }
    if (close) {
      closeQuietly();
    }
  }

  private void closeQuietly() {
    try {
      archive.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One response's hold on an open package. */
  static final class Lease implements AutoCloseable {
    private final OpenPackage pkg;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Lease(OpenPackage pkg) {
      this.pkg = pkg;
    }

    OpenPackage pkg() {
      return pkg;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        pkg.release();
      }
    }
  }
}
