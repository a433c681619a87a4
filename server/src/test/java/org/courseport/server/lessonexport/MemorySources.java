package org.courseport.server.lessonexport;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.courseport.server.domain.lessonexport.ExportSources;

/** In-memory lessons, media and widgets for the lesson export tests. */
final class MemorySources implements ExportSources {

  /** Content containing this block type fails the "schema". */
  static final String BAD_BLOCK = "marquee";

  private final Map<String, PublishedLesson> lessons = new ConcurrentHashMap<>();
  private final Map<String, SourceMedia> media = new ConcurrentHashMap<>();
  private final Map<UUID, byte[]> mediaBytes = new ConcurrentHashMap<>();
  private final Map<String, SourceWidget> widgets = new ConcurrentHashMap<>();
  private final Map<UUID, byte[]> scripts = new ConcurrentHashMap<>();
  private final Map<UUID, byte[]> styles = new ConcurrentHashMap<>();

  /** Media whose stored bytes fail from the given read on (1 = first read). */
  final Map<UUID, Integer> failingReads = new ConcurrentHashMap<>();

  final Set<String> explodingLessons = ConcurrentHashMap.newKeySet();
  final AtomicInteger mediaReads = new AtomicInteger();
  final AtomicInteger mediaLookups = new AtomicInteger();
  private final Map<UUID, AtomicInteger> readsOf = new ConcurrentHashMap<>();

  PublishedLesson publish(String tenant, String title, String slug, int number, String content) {
    PublishedLesson l =
        new PublishedLesson(
            UUID.randomUUID(),
            UUID.randomUUID(),
            title,
            slug,
            number,
            Instant.parse("2025-01-15T10:30:00Z"),
            content);
    lessons.put(key(tenant, l.lessonId(), l.versionId()), l);
    return l;
  }

  UUID addMedia(String tenant, String mime, String ext, byte[] bytes, Attribution attribution) {
    UUID id = UUID.randomUUID();
    media.put(key(tenant, id), new SourceMedia(id, mime, ext, sha256(bytes), null, attribution));
    mediaBytes.put(id, bytes);
    return id;
  }

  UUID addExternal(String tenant, String url, String mime, String ext, Attribution attribution) {
    UUID id = UUID.randomUUID();
    media.put(key(tenant, id), new SourceMedia(id, mime, ext, null, url, attribution));
    return id;
  }

  UUID addWidget(String tenant, String type, byte[] script, byte[] style) {
    UUID id = UUID.randomUUID();
    widgets.put(
        key(tenant, id),
        new SourceWidget(id, type, sha256(script), style == null ? null : sha256(style)));
    scripts.put(id, script);
    if (style != null) {
      styles.put(id, style);
    }
    return id;
  }

  @Override
  public Optional<PublishedLesson> findPublished(String tenantId, UUID lessonId, UUID versionId) {
    if (explodingLessons.contains(lessonId.toString())) {
      throw new IllegalStateException("database exploded at /var/secret/db");
    }
    return Optional.ofNullable(lessons.get(key(tenantId, lessonId, versionId)));
  }

  @Override
  public Optional<String> contentProblem(String content) {
    return content.contains("\"" + BAD_BLOCK + "\"")
        ? Optional.of("unknown block type " + BAD_BLOCK)
        : Optional.empty();
  }

  @Override
  public Optional<SourceMedia> findMedia(String tenantId, UUID mediaId) {
    mediaLookups.incrementAndGet();
    return Optional.ofNullable(media.get(key(tenantId, mediaId)));
  }

  @Override
  public InputStream openMedia(SourceMedia m) throws IOException {
    mediaReads.incrementAndGet();
    int read = readsOf.computeIfAbsent(m.id(), k -> new AtomicInteger()).incrementAndGet();
    byte[] bytes = mediaBytes.get(m.id());
    Integer failFrom = failingReads.get(m.id());
    if (failFrom != null && read >= failFrom) {
      return new FilterInputStream(new ByteArrayInputStream(bytes)) {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          throw new IOException("disk failure at /var/secret/blobs");
        }
      };
    }
    return new ByteArrayInputStream(bytes);
  }

  @Override
  public Optional<SourceWidget> findWidget(String tenantId, UUID widgetId) {
    return Optional.ofNullable(widgets.get(key(tenantId, widgetId)));
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

  private static String key(String tenant, UUID... ids) {
    StringBuilder b = new StringBuilder(tenant);
    for (UUID id : ids) {
      b.append('|').append(id);
    }
    return b.toString();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
