package org.courseport.server.grpc.lesson;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.courseport.server.domain.lessonimport.BundleArchive;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;
import org.courseport.server.packaging.zip.ZipPackageArchive;

/**
 * A lesson bundle read through the hardened package zip reader: the central directory, the zip
 * limits (entry count, sizes, ratio) and the path rules (no absolute or escaping names) are checked
 * when it is opened, inflated sizes while it is read.
 */
final class ZipBundleArchive implements BundleArchive {
  private final ZipPackageArchive zip;
  private final Map<String, ArchiveEntry> entries = new LinkedHashMap<>();

  ZipBundleArchive(ZipPackageArchive zip) {
    this.zip = zip;
    for (ArchiveEntry e : zip.entries()) {
      // The reader strips a single top-level folder holding a package manifest; a bundle keeps
      // its {slug}-v{n}/ folder, so the stored name is used when it only adds that folder.
      String raw = e.rawName();
      String path = raw != null && raw.endsWith("/" + e.path()) ? raw : e.path();
      entries.put(path, e);
    }
  }

  @Override
  public List<String> paths() {
    return new ArrayList<>(entries.keySet());
  }

  @Override
  public long size(String path) {
    return entry(path).size();
  }

  @Override
  public InputStream open(String path) throws IOException {
    return zip.open(entry(path));
  }

  private ArchiveEntry entry(String path) {
    ArchiveEntry e = entries.get(path);
    if (e == null) {
      throw new IllegalArgumentException("not a file of the bundle: " + path);
    }
    return e;
  }
}
