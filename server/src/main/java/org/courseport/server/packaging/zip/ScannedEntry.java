package org.courseport.server.packaging.zip;

/**
 * One central-directory entry that passed the per-entry checks: only what reading and checking it
 * later needs, a few primitives and the name, so that a package of 100,000 entries stays small.
 *
 * @param index position in the central directory, used to charge inflated bytes once per entry
 * @param name the decoded name
 * @param nameSource how the name was decoded
 * @param normalized the safe path before the root folder is stripped
 * @param method the compression method (stored, deflated or Deflate64)
 * @param localHeaderOffset where the entry's local header starts
 * @param compressedSize declared compressed size
 * @param size declared uncompressed size
 * @param crc declared CRC-32
 * @param modifiedMillis modification time, epoch millis, or -1 when unknown
 */
record ScannedEntry(
    int index,
    String name,
    EntryNameDecoder.Source nameSource,
    EntryPaths.Normalized normalized,
    int method,
    long localHeaderOffset,
    long compressedSize,
    long size,
    long crc,
    long modifiedMillis) {

  String path() {
    return normalized.path();
  }

  boolean isDirectory() {
    return normalized.directory();
  }

  boolean sameContentAs(ScannedEntry other) {
    return size == other.size && crc == other.crc;
  }
}
