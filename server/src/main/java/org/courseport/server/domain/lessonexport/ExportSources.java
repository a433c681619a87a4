package org.courseport.server.domain.lessonexport;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What the lesson export reads: published lesson versions, the content validator, media and
 * widgets. Implemented at the composition root by adapters over the lesson catalog and the media
 * library; tests use in-memory sources.
 */
public interface ExportSources {

  /** The published version of the tenant's lesson; empty for a draft, unknown or foreign one. */
  Optional<PublishedLesson> findPublished(String tenantId, UUID lessonId, UUID versionId);

  /**
   * Checks stored content against the content schema; empty when it passes, else what is wrong
   * (kept out of the error body, logged only).
   */
  Optional<String> contentProblem(String content);

  /** The tenant's media item. */
  Optional<SourceMedia> findMedia(String tenantId, UUID mediaId);

  /** The stored bytes of uploaded media ({@link SourceMedia#external()} is false). */
  InputStream openMedia(SourceMedia media) throws IOException;

  /**
   * The length of uploaded media's stored bytes. This default reads them once; a library that knows
   * the length of its stored bytes answers without reading them (an export's plan sizes every media
   * file, and a repeated export must not read them all again).
   */
  default long mediaSize(SourceMedia media) throws IOException {
    long size = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = openMedia(media)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        size += n;
      }
    }
    return size;
  }

  /** The tenant's widget. */
  Optional<SourceWidget> findWidget(String tenantId, UUID widgetId);

  /** The widget's JavaScript bundle. */
  InputStream openScript(SourceWidget widget) throws IOException;

  /** The widget's CSS, when it has one. */
  Optional<InputStream> openStyle(SourceWidget widget) throws IOException;

  /**
   * A published lesson version.
   *
   * @param content the lesson content (JSON document of blocks) exactly as stored
   */
  record PublishedLesson(
      UUID lessonId,
      UUID versionId,
      String title,
      String slug,
      int versionNumber,
      Instant publishedAt,
      String content) {}

  /**
   * A media item.
   *
   * @param ext file extension without dot, from the MIME type (jpg, png, mp4, ...)
   * @param sha256 hex SHA-256 of the stored bytes; null for external media
   * @param externalUrl where external media is downloaded from at export time; null when uploaded
   * @param attribution credit to carry in the manifest; null when none
   */
  record SourceMedia(
      UUID id,
      String mimeType,
      String ext,
      String sha256,
      String externalUrl,
      Attribution attribution) {

    /** Whether the bytes are downloaded at export time rather than stored. */
    public boolean external() {
      return externalUrl != null;
    }
  }

  /** Credit of a media item; {@code url} and {@code portfolioUrl} may be null. */
  record Attribution(String text, String url, String portfolioUrl) {}

  /**
   * A widget bundle.
   *
   * @param styleSha256 hex SHA-256 of the CSS; null when the widget has none
   */
  record SourceWidget(UUID id, String widgetType, String scriptSha256, String styleSha256) {}
}
