package org.courseport.server.export.imported;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.packaging.zip.ZipPackageArchive;

/**
 * Keeps the few most recently used stored packages open, so that writing an export's entries one
 * after the other (or on both cores) does not scan the package's central directory once per entry.
 * An archive reads several entries at once safely; one evicted while streams still read it is
 * closed when the last of them closes.
 */
final class OpenArchives {
  private static final int KEPT = 4;

  private final BlobStore blobs;
  private final ZipLimits limits;
  private final LinkedHashMap<String, Lease> open = new LinkedHashMap<>(8, 0.75f, true);

  OpenArchives(BlobStore blobs, ZipLimits limits) {
    this.blobs = blobs;
    this.limits = limits;
  }

  /** One open archive, its entries by path, and how many streams read it. */
  private static final class Lease {
    final ZipPackageArchive archive;
    final Map<String, ArchiveEntry> entries = new HashMap<>();
    int readers;
    boolean evicted;

    Lease(ZipPackageArchive archive) {
      this.archive = archive;
      for (ArchiveEntry e : archive.entries()) {
        entries.put(e.path(), e);
      }
    }
  }

  /** Opens a file of the stored package {@code blobId} by its path. */
  InputStream open(String blobId, String path) throws IOException {
    Lease lease = acquire(blobId);
    try {
      ArchiveEntry entry = lease.entries.get(path);
      if (entry == null) {
        throw new IOException("file " + path + " is not in package " + blobId);
      }
      InputStream in = lease.archive.open(entry);
      return new FilterInputStream(in) {
        private boolean closed;

        @Override
        public void close() throws IOException {
          if (closed) {
            return;
          }
          closed = true;
          try {
            super.close();
          } finally {
            release(lease);
          }
        }
      };
    } catch (IOException | RuntimeException e) {
      release(lease);
      throw e;
    }
  }

  private Lease acquire(String blobId) throws IOException {
    synchronized (open) {
      Lease lease = open.get(blobId);
      if (lease != null) {
        lease.readers++;
        return lease;
      }
    }
    Lease fresh = new Lease(ZipPackageArchive.open(blobs.openChannel(blobId), limits));
    List<Lease> toClose = new ArrayList<>();
    Lease result;
    synchronized (open) {
      Lease raced = open.get(blobId);
      if (raced != null) {
        toClose.add(fresh);
        result = raced;
      } else {
        open.put(blobId, fresh);
        result = fresh;
        for (Iterator<Lease> it = open.values().iterator(); open.size() > KEPT; ) {
          Lease eldest = it.next();
          it.remove();
          eldest.evicted = true;
          if (eldest.readers == 0) {
            toClose.add(eldest);
          }
        }
      }
      result.readers++;
    }
    for (Lease lease : toClose) {
      lease.archive.close();
    }
    return result;
  }

  private void release(Lease lease) throws IOException {
    boolean close;
    synchronized (open) {
      lease.readers--;
      close = lease.evicted && lease.readers == 0;
    }
    if (close) {
      lease.archive.close();
    }
  }
}
