package org.courseport.server.domain.lesson;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/** Storage of lessons and their published versions (port). */
public interface LessonRepository {

  /** Stores a new lesson; false when the tenant already has a lesson with its slug. */
  boolean insert(Lesson lesson);

  Optional<Lesson> find(String tenantId, UUID id);

  /** The tenant's lessons, oldest first. */
  List<Lesson> list(String tenantId, int offset, int limit);

  /** The outcome of {@link #update}. */
  enum UpdateOutcome {
    UPDATED,
    NOT_FOUND,
    SLUG_TAKEN
  }

  /**
   * Replaces title, slug and draft content and increments the draft revision, in one
   * single-document update.
   */
  UpdateOutcome update(
      String tenantId, UUID id, String title, String slug, String content, Instant at);

  /** Deletes the lesson and its versions; false when there was no such lesson. */
  boolean delete(String tenantId, UUID id);

  /**
   * Hands out the next version number of the lesson, atomically (a conditional single-document
   * increment), only while its draft revision is still {@code draftRevision}; empty otherwise (the
   * lesson was deleted or its draft changed).
   */
  OptionalInt claimVersionNumber(String tenantId, UUID id, long draftRevision);

  /** Stores a published version and makes it the lesson's latest when its number is higher. */
  void insertVersion(String tenantId, PublishedLessonVersion version);

  Optional<PublishedLessonVersion> findVersion(String tenantId, UUID lessonId, UUID versionId);

  /** The lesson's published versions, newest first. */
  List<PublishedLessonVersion> listVersions(String tenantId, UUID lessonId, int offset, int limit);
}
