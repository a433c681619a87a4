package org.courseport.server.domain.lesson;

import java.time.Instant;
import java.util.UUID;

/**
 * A published, immutable version of a lesson.
 *
 * @param versionNumber 1 for the first published version
 * @param content the published content document as JSON (rich text sanitised), exactly as stored
 */
public record PublishedLessonVersion(
    UUID lessonId,
    UUID versionId,
    String title,
    String slug,
    int versionNumber,
    Instant publishedAt,
    String content) {}
