package org.courseport.server.export.core;

import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.courseport.server.domain.lessonexport.ExportSources;

/** Published lesson versions in memory (no media or widgets), for the core tests. */
final class TestSources implements ExportSources {
  private final Map<String, PublishedLesson> lessons = new ConcurrentHashMap<>();

  PublishedLesson publish(String tenant, String title, String content) {
    PublishedLesson l =
        new PublishedLesson(
            UUID.randomUUID(),
            UUID.randomUUID(),
            title,
            title.toLowerCase().replace(' ', '-'),
            1,
            Instant.parse("2026-01-15T10:30:00Z"),
            content);
    lessons.put(key(tenant, l.lessonId(), l.versionId()), l);
    return l;
  }

  void unpublish(String tenant, PublishedLesson lesson) {
    lessons.remove(key(tenant, lesson.lessonId(), lesson.versionId()));
  }

  private static String key(String tenant, UUID lessonId, UUID versionId) {
    return tenant + "/" + lessonId + "/" + versionId;
  }

  @Override
  public Optional<PublishedLesson> findPublished(String tenantId, UUID lessonId, UUID versionId) {
    return Optional.ofNullable(lessons.get(key(tenantId, lessonId, versionId)));
  }

  @Override
  public Optional<String> contentProblem(String content) {
    return Optional.empty();
  }

  @Override
  public Optional<SourceMedia> findMedia(String tenantId, UUID mediaId) {
    return Optional.empty();
  }

  @Override
  public InputStream openMedia(SourceMedia media) {
    throw new UnsupportedOperationException("no media in these tests");
  }

  @Override
  public Optional<SourceWidget> findWidget(String tenantId, UUID widgetId) {
    return Optional.empty();
  }

  @Override
  public InputStream openScript(SourceWidget widget) {
    throw new UnsupportedOperationException("no widgets in these tests");
  }

  @Override
  public Optional<InputStream> openStyle(SourceWidget widget) {
    return Optional.empty();
  }
}
