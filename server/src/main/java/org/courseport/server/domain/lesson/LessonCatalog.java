package org.courseport.server.domain.lesson;

import java.util.Optional;
import java.util.UUID;

/** Read access to published lesson versions, for the exports. */
public interface LessonCatalog {

  /**
   * The published version {@code versionId} of the tenant's lesson {@code lessonId}; empty when the
   * lesson or the version does not exist, belongs to another tenant or to another lesson.
   */
  Optional<PublishedLessonVersion> findPublished(String tenantId, UUID lessonId, UUID versionId);
}
