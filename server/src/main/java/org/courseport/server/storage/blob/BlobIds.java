package org.courseport.server.storage.blob;

/** Blob ids: the lower-case hex SHA-256 of a blob, 64 characters from {@code [0-9a-f]}. */
final class BlobIds {
  static final int LENGTH = 64;

  private BlobIds() {}

  static boolean isValid(String id) {
    if (id == null || id.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      char c = id.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** Returns the id if valid; otherwise refuses it, so no caller can name a path of its own. */
  static String requireValid(String id) {
    if (!isValid(id)) {
      String shown = id == null ? "null" : id.length() > 80 ? id.substring(0, 80) + "..." : id;
      throw new IllegalArgumentException(
          "not a blob id (64 lower-case hex digits): '" + shown + "'");
    }
    return id;
  }
}
