package org.courseport.server.packaging.zip;

/**
 * One central-directory record as read, before any check; short-lived, one at a time.
 *
 * @param versionMadeBy the "version made by" field (its high byte names the platform)
 * @param flags the general purpose bit flags
 * @param method the compression method
 * @param modifiedMillis modification time in epoch millis (extended timestamp or DOS time)
 * @param crc the CRC-32 of the uncompressed bytes
 * @param compressedSize compressed size, ZIP64 applied
 * @param size uncompressed size, ZIP64 applied
 * @param rawName the name bytes as stored
 * @param unicodeName the name of a valid Info-ZIP Unicode path field, or null
 * @param externalAttributes the external file attributes
 * @param localHeaderOffset where the entry's local header is, ZIP64 and prefix applied
 */
record CentralRecord(
    int versionMadeBy,
    int flags,
    int method,
    long modifiedMillis,
    int crc,
    long compressedSize,
    long size,
    byte[] rawName,
    String unicodeName,
    int externalAttributes,
    long localHeaderOffset) {
  private static final int PLATFORM_UNIX = 3;
  private static final int FILE_TYPE = 0170000;
  private static final int SYMLINK = 0120000;

  boolean usesUtf8Names() {
    return (flags & (1 << 11)) != 0;
  }

  boolean encrypted() {
    return (flags & 1) != 0;
  }

  boolean isUnixSymlink() {
    return versionMadeBy >> 8 == PLATFORM_UNIX
        && ((externalAttributes >>> 16) & FILE_TYPE) == SYMLINK;
  }
}
