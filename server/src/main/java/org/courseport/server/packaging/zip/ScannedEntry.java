package org.courseport.server.packaging.zip;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;

/**
 * One central-directory entry that passed the per-entry checks.
 *
 * @param index position in the central directory, used to charge inflated bytes once per entry
 * @param zip the commons-compress entry
 * @param name the decoded name
 * @param nameSource how the name was decoded
 * @param normalized the safe path before the root folder is stripped
 */
record ScannedEntry(
    int index,
    ZipArchiveEntry zip,
    String name,
    EntryNameDecoder.Source nameSource,
    EntryPaths.Normalized normalized) {

  String path() {
    return normalized.path();
  }

  boolean isDirectory() {
    return normalized.directory() || zip.isDirectory();
  }

  boolean sameContentAs(ScannedEntry other) {
    return zip.getSize() == other.zip.getSize() && zip.getCrc() == other.zip.getCrc();
  }
}
