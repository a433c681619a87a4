package org.courseport.server.packaging.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.courseport.server.packaging.archive.PackageArchive;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;

/** Reads package files with a size limit checked on the declared and on the actual bytes. */
public final class ArchiveFiles {
  private ArchiveFiles() {}

  /** Thrown when a file is larger than the inspector reads. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message);
    }
  }

  /** All bytes of {@code entry}, refusing anything above {@code maxBytes}. */
  public static byte[] readLimited(PackageArchive archive, ArchiveEntry entry, long maxBytes)
      throws IOException {
    if (entry.size() > maxBytes) {
      throw tooLarge(entry, maxBytes);
    }
    try (InputStream in = archive.open(entry)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(entry.size(), 256));
      byte[] buffer = new byte[8192];
      long total = 0;
      int n;
      while ((n = in.read(buffer)) > 0) {
        total += n;
        if (total > maxBytes) {
          throw tooLarge(entry, maxBytes);
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }

  private static TooLargeException tooLarge(ArchiveEntry entry, long maxBytes) {
    return new TooLargeException(
        entry.path()
            + " is larger than "
            + (maxBytes >> 10)
            + " KiB, the most the importer reads for a manifest or course file");
  }
}
