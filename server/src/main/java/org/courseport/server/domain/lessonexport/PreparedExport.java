package org.courseport.server.domain.lessonexport;

/**
 * A lesson export ready to stream: the cached body blob followed by {@code tail} (manifest.json's
 * entry, the central directory and its end record).
 *
 * @param fileName {@code {slug}-v{n}.zip}
 * @param size exact length of the zip in bytes
 * @param sha256 lower-case hex SHA-256 of the zip
 * @param manifest the manifest written into this zip
 * @param cacheKey the key of the cached body
 */
public record PreparedExport(
    String fileName,
    long size,
    String sha256,
    LessonManifest manifest,
    String cacheKey,
    String bodyBlobId,
    byte[] tail) {

  public PreparedExport {
    tail = tail.clone();
  }

  @Override
  public byte[] tail() {
    return tail.clone();
  }
}
