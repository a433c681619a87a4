package org.courseport.server.domain.lessonexport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.courseport.server.domain.lesson.ContentSchema;
import org.courseport.server.domain.lesson.LessonCatalog;
import org.courseport.server.domain.media.MediaItem;
import org.courseport.server.domain.media.MediaLibrary;
import org.courseport.server.domain.media.WidgetBundle;

/**
 * The export's sources over the real lesson catalog, the content schema and the media library: the
 * composition root's {@link ExportSources}.
 */
public final class LibraryExportSources implements ExportSources {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LessonCatalog lessons;
  private final ContentSchema schema;
  private final MediaLibrary media;

  public LibraryExportSources(LessonCatalog lessons, ContentSchema schema, MediaLibrary media) {
    this.lessons = lessons;
    this.schema = schema;
    this.media = media;
  }

  @Override
  public Optional<PublishedLesson> findPublished(String tenantId, UUID lessonId, UUID versionId) {
    return lessons
        .findPublished(tenantId, lessonId, versionId)
        .map(
            v ->
                new PublishedLesson(
                    v.lessonId(),
                    v.versionId(),
                    v.title(),
                    v.slug(),
                    v.versionNumber(),
                    v.publishedAt(),
                    v.content()));
  }

  @Override
  public Optional<String> contentProblem(String content) {
    if (content == null || content.isBlank()) {
      return Optional.of("the content is empty");
    }
    JsonNode document;
    try {
      document = JSON.readTree(content);
    } catch (IOException e) {
      return Optional.of("the content is not JSON: " + e.getMessage());
    }
    if (document == null || !document.isObject()) {
      return Optional.of("the content is not a JSON object");
    }
    List<String> problems = schema.problems(document);
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  @Override
  public Optional<SourceMedia> findMedia(String tenantId, UUID mediaId) {
    return media.find(tenantId, mediaId).map(LibraryExportSources::source);
  }

  @Override
  public InputStream openMedia(SourceMedia source) throws IOException {
    return media.open(stored(source));
  }

  /** The library opens and sizes by item; only the stored bytes' hash is needed to find them. */
  private static MediaItem stored(SourceMedia source) {
    return new MediaItem(
        source.id(),
        null,
        source.mimeType(),
        source.ext(),
        null,
        source.sha256(),
        null,
        null,
        null,
        null);
  }

  /** The stored blob's length, from the blob store (a file's size: no bytes are read). */
  @Override
  public long mediaSize(SourceMedia source) throws IOException {
    return media.storedSize(stored(source));
  }

  @Override
  public Optional<SourceWidget> findWidget(String tenantId, UUID widgetId) {
    return media
        .findWidget(tenantId, widgetId)
        .map(w -> new SourceWidget(w.id(), w.widgetType(), w.scriptSha256(), w.styleSha256()));
  }

  @Override
  public InputStream openScript(SourceWidget widget) throws IOException {
    return media.openScript(bundle(widget));
  }

  @Override
  public Optional<InputStream> openStyle(SourceWidget widget) throws IOException {
    return media.openStyle(bundle(widget));
  }

  private static WidgetBundle bundle(SourceWidget w) {
    return new WidgetBundle(w.id(), null, w.widgetType(), w.scriptSha256(), w.styleSha256(), null);
  }

  private static SourceMedia source(MediaItem item) {
    return new SourceMedia(
        item.id(),
        item.mimeType(),
        item.ext(),
        item.sha256(),
        item.externalUrl(),
        item.attribution() == null
            ? null
            : new Attribution(
                item.attribution().text(),
                item.attribution().url(),
                item.attribution().portfolioUrl()));
  }
}
