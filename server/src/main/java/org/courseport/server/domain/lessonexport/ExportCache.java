package org.courseport.server.domain.lessonexport;

import java.util.List;
import java.util.Optional;

/**
 * The cached part of lesson exports: everything but manifest.json's {@code exportedAt}, keyed by a
 * hash of the version and of the media and widget content it includes.
 */
public interface ExportCache {

  Optional<CachedExport> find(String key);

  /** Stores the entry (replacing an identical one that a concurrent export stored first). */
  void save(CachedExport export);

  /**
   * The zip of an export without its last entry, manifest.json: the local entries of everything
   * else are the blob {@code bodyBlobId}; their central directory records are {@code
   * centralDirectory}.
   *
   * @param root the top folder, e.g. {@code cells-v1/}
   * @param manifestJson the manifest as written in the zip, with an empty {@code exportedAt}
   * @param hasFailures whether media or widgets could not be included (a new export retries them)
   * @param entries the files of the export, for serving them one by one
   */
  record CachedExport(
      String key,
      String root,
      String bodyBlobId,
      long bodyLength,
      byte[] centralDirectory,
      int entryCount,
      String manifestJson,
      boolean hasFailures,
      List<CachedEntry> entries) {

    public CachedExport {
      centralDirectory = centralDirectory.clone();
      entries = List.copyOf(entries);
    }

    @Override
    public byte[] centralDirectory() {
      return centralDirectory.clone();
    }

    /** The file at {@code path} (relative to the top folder, e.g. {@code media/x.jpg}). */
    public Optional<CachedEntry> entry(String path) {
      return entries.stream().filter(e -> e.path().equals(path)).findFirst();
    }
  }

  /**
   * One file of an export body.
   *
   * @param path relative to the top folder, e.g. {@code lesson.json}
   * @param offset of the entry's local header in the body blob
   * @param method zip method: 0 stored, 8 deflated
   * @param sha256 hex SHA-256 of the file's (uncompressed) bytes
   */
  record CachedEntry(
      String path,
      long offset,
      int method,
      long compressedSize,
      long size,
      String sha256,
      String mimeType) {}
}
