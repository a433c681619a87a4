package org.courseport.server.content;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.packaging.zip.ZipPackageArchive;

/**
 * The stored packages being served, kept open by blob id (a stored package never changes): the
 * central directory is read and checked against the zip limits once, not per file request. The
 * least recently used package beyond {@code capacity} is retired (closed when its last response
 * ends).
 */
final class OpenPackages implements Closeable {
  private final BlobStore blobs;
  private final ZipLimits limits;
  private final int capacity;
  private final LinkedHashMap<String, OpenPackage> open = new LinkedHashMap<>(16, 0.75f, true);
  private boolean closed; // guarded by this

  OpenPackages(BlobStore blobs, ZipLimits limits, int capacity) {
    this.blobs = blobs;
    this.limits = limits;
    this.capacity = capacity;
  }

  /** A lease on the package stored as {@code blobId}; close it when the response is done. */
  OpenPackage.Lease acquire(String blobId) throws IOException {
    synchronized (this) {
      OpenPackage pkg = open.get(blobId);
      if (pkg != null) {
        return pkg.lease();
      }
      if (closed) {
        throw new IOException("the content origin is closing");
      }
    }
    // Opened outside the lock: reading a large central directory must not stall other packages.
    OpenPackage fresh = new OpenPackage(ZipPackageArchive.open(blobs.openChannel(blobId), limits));
    List<OpenPackage> retired = new ArrayList<>();
    OpenPackage.Lease lease;
    synchronized (this) {
      OpenPackage existing = closed ? null : open.get(blobId);
      if (closed) {
        retired.add(fresh);
        lease = null;
      } else if (existing != null) {
        retired.add(fresh);
        lease = existing.lease();
      } else {
        open.put(blobId, fresh);
        lease = fresh.lease();
        Iterator<Map.Entry<String, OpenPackage>> eldest = open.entrySet().iterator();
        while (open.size() > capacity && eldest.hasNext()) {
          retired.add(eldest.next().getValue());
          eldest.remove();
        }
      }
    }
    retired.forEach(OpenPackage::retire);
    if (lease == null) {
      throw new IOException("the content origin is closing");
    }
    return lease;
  }

  /** How many packages are open (for tests). */
  synchronized int size() {
    return open.size();
  }

  @Override
  public void close() {
    List<OpenPackage> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(open.values());
      open.clear();
    }
    all.forEach(OpenPackage::retire);
  }
}
