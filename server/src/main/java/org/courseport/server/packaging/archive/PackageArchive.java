package org.courseport.server.packaging.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.courseport.server.domain.packaging.Finding;

/**
 * A read-only view of a package's files after the zip safety checks and name repairs: paths are
 * relative, '/'-separated, free of {@code ..}, junk ({@code __MACOSX/}, {@code .DS_Store}) is
 * hidden, and a single top-level folder holding the manifest is stripped. Manifest parsers read
 * packages only through this interface.
 */
public interface PackageArchive extends Closeable {
  /** The files of the package, in zip order (directories excluded). */
  List<ArchiveEntry> entries();

  /**
   * Finds a file by the path a manifest uses: exact match first, then after repairs (backslashes,
   * percent-decoding, case-insensitive match), each repair recorded in {@link #repairs()} as a
   * warning naming the path.
   */
  Optional<ArchiveEntry> find(String path);

  /** Opens a file; the stream enforces the archive limits on the bytes actually inflated. */
  InputStream open(ArchiveEntry entry) throws IOException;

  /** Warnings about repairs made so far (file-name repairs, stripped folder, junk). */
  List<Finding> repairs();

  /**
   * One file of a package.
   *
   * @param path normalised path relative to the package root
   * @param rawName the name as stored in the zip
   * @param size uncompressed size as declared (the actual size is enforced when read)
   * @param modifiedMillis modification time, epoch millis, or -1 when unknown
   */
  record ArchiveEntry(String path, String rawName, long size, long modifiedMillis) {}
}
