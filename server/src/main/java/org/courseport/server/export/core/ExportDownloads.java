package org.courseport.server.export.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.lessonexport.MediaDownloader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * External media downloaded for an export are only needed while that export writes its zip: this
 * downloader remembers the blobs it downloaded within {@link #during}, and afterwards deletes each
 * one that nothing refers to (no course version, job, media item, widget, export build, download
 * URL, content export or upload; see {@link BlobStore#deleteUnlessReferenced}) and that no other
 * export under way in this process downloaded too. Without this every export of a course with
 * external media left the downloaded bytes behind as a blob nothing referred to.
 */
public final class ExportDownloads implements MediaDownloader {
  private static final Logger log = LoggerFactory.getLogger(ExportDownloads.class);

  private final MediaDownloader delegate;
  private final BlobStore blobs;
  private final BlobReferences references;
  private final ThreadLocal<List<String>> scope = new ThreadLocal<>();
  private final Map<String, Integer> inUse = new ConcurrentHashMap<>();

  /**
   * @param delegate the download itself (through the SSRF guard, into {@code blobs})
   * @param references whether a course version, job, media item or widget uses a blob
   */
  public ExportDownloads(MediaDownloader delegate, BlobStore blobs, BlobReferences references) {
    this.delegate = delegate;
    this.blobs = blobs;
    this.references = references;
  }

  @Override
  public String download(String url) throws IOException {
    String blobId = delegate.download(url);
    List<String> downloaded = scope.get();
    if (downloaded != null) {
      inUse.merge(blobId, 1, Integer::sum);
      downloaded.add(blobId);
    }
    return blobId;
  }

  /**
   * Runs an export on this thread; the blobs it downloaded are let go afterwards, whether it
   * succeeded or not.
   */
  public <T> T during(Supplier<T> export) {
    if (scope.get() != null) {
      return export.get(); // nested: the outer export lets go
    }
    List<String> downloaded = new ArrayList<>();
    scope.set(downloaded);
    try {
      return export.get();
    } finally {
      scope.remove();
      for (String blobId : downloaded) {
        release(blobId);
      }
    }
  }

  private void release(String blobId) {
    inUse.computeIfPresent(blobId, (id, n) -> n == 1 ? null : n - 1);
    try {
      if (blobs.deleteUnlessReferenced(
          blobId, () -> inUse.containsKey(blobId) || references.isReferenced(blobId))) {
        log.debug("Deleted media blob {} downloaded for an export", blobId);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Could not delete media blob {} downloaded for an export", blobId, e);
    }
  }

  /** How many downloaded blobs exports under way hold (for tests). */
  int held() {
    return inUse.size();
  }
}
