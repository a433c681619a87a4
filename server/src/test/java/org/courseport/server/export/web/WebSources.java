package org.courseport.server.export.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.courseport.server.domain.lessonexport.ExportSources;
import org.courseport.server.export.ExportEntry;

/** In-memory media and widgets of one tenant for the rendering tests (ids are fixed). */
final class WebSources implements ExportSources {

  private final Map<UUID, SourceMedia> media = new LinkedHashMap<>();
  private final Map<UUID, byte[]> mediaBytes = new LinkedHashMap<>();
  private final Map<UUID, SourceWidget> widgets = new LinkedHashMap<>();
  private final Map<UUID, byte[]> scripts = new LinkedHashMap<>();
  private final Map<UUID, byte[]> styles = new LinkedHashMap<>();
  final AtomicInteger mediaOpens = new AtomicInteger();

  UUID addMedia(String id, String mime, String ext, byte[] bytes) {
    UUID uuid = UUID.fromString(id);
    media.put(uuid, new SourceMedia(uuid, mime, ext, ExportEntry.sha256Hex(bytes), null, null));
    mediaBytes.put(uuid, bytes);
    return uuid;
  }

  /** A media item whose stored bytes cannot be read. */
  UUID addUnreadable(String id, String mime, String ext) {
    UUID uuid = UUID.fromString(id);
    media.put(uuid, new SourceMedia(uuid, mime, ext, "00".repeat(32), null, null));
    return uuid;
  }

  UUID addExternal(String id, String url, String mime, String ext) {
    UUID uuid = UUID.fromString(id);
    media.put(uuid, new SourceMedia(uuid, mime, ext, null, url, null));
    return uuid;
  }

  UUID addWidget(String id, String type, byte[] script, byte[] style) {
    UUID uuid = UUID.fromString(id);
    widgets.put(
        uuid,
        new SourceWidget(
            uuid,
            type,
            ExportEntry.sha256Hex(script),
            style == null ? null : ExportEntry.sha256Hex(style)));
    scripts.put(uuid, script);
    if (style != null) {
      styles.put(uuid, style);
    }
    return uuid;
  }

  @Override
  public Optional<PublishedLesson> findPublished(String tenantId, UUID lessonId, UUID versionId) {
    return Optional.empty();
  }

  @Override
  public Optional<String> contentProblem(String content) {
    return Optional.empty();
  }

  @Override
  public Optional<SourceMedia> findMedia(String tenantId, UUID mediaId) {
    return "t1".equals(tenantId) ? Optional.ofNullable(media.get(mediaId)) : Optional.empty();
  }

  @Override
  public InputStream openMedia(SourceMedia m) throws IOException {
    mediaOpens.incrementAndGet();
    byte[] bytes = mediaBytes.get(m.id());
    if (bytes == null) {
      throw new IOException("no bytes for " + m.id());
    }
    return new ByteArrayInputStream(bytes);
  }

  @Override
  public Optional<SourceWidget> findWidget(String tenantId, UUID widgetId) {
    return "t1".equals(tenantId) ? Optional.ofNullable(widgets.get(widgetId)) : Optional.empty();
  }

  @Override
  public InputStream openScript(SourceWidget widget) {
    return new ByteArrayInputStream(scripts.get(widget.id()));
  }

  @Override
  public Optional<InputStream> openStyle(SourceWidget widget) {
    byte[] css = styles.get(widget.id());
    return css == null ? Optional.empty() : Optional.of(new ByteArrayInputStream(css));
  }
}
