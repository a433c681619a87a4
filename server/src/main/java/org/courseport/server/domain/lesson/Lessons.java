package org.courseport.server.domain.lesson;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.lesson.LessonContent.Checked;
import org.courseport.server.domain.lesson.LessonContent.ContentProblem;
import org.courseport.server.domain.lesson.LessonRepository.UpdateOutcome;

/**
 * The lesson rules: creating and editing lessons (title, slug unique per tenant, draft content
 * checked and sanitised on every save) and publishing the draft as immutable numbered versions
 * after checking that everything it references exists.
 */
public final class Lessons implements LessonCatalog {

  /** How many {@code -n} suffixes a derived slug tries before giving up. */
  private static final int SLUG_ATTEMPTS = 100;

  private static final Pattern UUID_FORM =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final LessonRepository repository;
  private final ContentReferences references;
  private final LessonContent content;
  private final Clock clock;
  private final PublishCheckpoint checkpoint;

  private volatile BiConsumer<String, UUID> deleted = (tenant, lesson) -> {};

  public Lessons(
      LessonRepository repository,
      ContentReferences references,
      LessonContent content,
      Clock clock,
      PublishCheckpoint checkpoint) {
    this.repository = repository;
    this.references = references;
    this.content = content;
    this.clock = clock;
    this.checkpoint = checkpoint;
  }

  /**
   * Creates a lesson.
   *
   * @param slug the slug, or null/blank to derive one from the title
   * @param json the draft content, or null for an empty document
   */
  public Lesson create(String tenantId, String title, String slug, String json) {
    String checkedTitle = checkTitle(title);
    boolean derived = slug == null || slug.isBlank();
    String base = derived ? Slugs.fromTitle(checkedTitle) : Slugs.check(slug);
    String draft = json == null ? LessonContent.EMPTY : checkForSave(json).json();
    Instant now = now();
    UUID id = UUID.randomUUID();
    for (int n = 1; n <= (derived ? SLUG_ATTEMPTS : 1); n++) {
      String candidate = Slugs.candidate(base, n);
      Lesson lesson =
          new Lesson(id, tenantId, checkedTitle, candidate, draft, 1, 0, 0, null, now, now);
      if (repository.insert(lesson)) {
        return lesson;
      }
    }
    throw LessonErrors.slugTaken(base);
  }

  /** The tenant's lesson. */
  public Lesson get(String tenantId, String lessonId) {
    return repository
        .find(tenantId, parseLessonId(lessonId))
        .orElseThrow(LessonErrors::lessonNotFound);
  }

  /** A page of the tenant's lessons, oldest first. */
  public List<Lesson> list(String tenantId, int offset, int limit) {
    return repository.list(tenantId, offset, limit);
  }

  /** Changes the given fields (null keeps the current value) of the tenant's lesson. */
  public Lesson update(String tenantId, String lessonId, String title, String slug, String json) {
    Lesson current = get(tenantId, lessonId);
    String newTitle = title == null ? current.title() : checkTitle(title);
    String newSlug = slug == null ? current.slug() : Slugs.check(slug);
    String newContent = json == null ? current.content() : checkForSave(json).json();
    UpdateOutcome outcome =
        repository.update(tenantId, current.id(), newTitle, newSlug, newContent, now());
    return switch (outcome) {
      case UPDATED -> get(tenantId, lessonId);
      case NOT_FOUND -> throw LessonErrors.lessonNotFound();
      case SLUG_TAKEN -> throw LessonErrors.slugTaken(newSlug);
    };
  }

  /**
   * Tells {@code listener} (tenant, lesson) after each lesson is deleted, e.g. so that caches of
   * what was made from its versions are dropped. One listener; the last one set wins.
   */
  public void onDeleted(BiConsumer<String, UUID> listener) {
    this.deleted = listener;
  }

  /** Deletes the tenant's lesson and its versions. */
  public void delete(String tenantId, String lessonId) {
    UUID id = parseLessonId(lessonId);
    if (!repository.delete(tenantId, id)) {
      throw LessonErrors.lessonNotFound();
    }
    deleted.accept(tenantId, id);
  }

  /**
   * Publishes the current draft as the next version. The draft is checked against the schema and
   * sanitised again, its media and widgets must exist; the version number is claimed with a
   * conditional increment, so concurrent publishes get distinct numbers, and only while the draft
   * that was checked is still the current one.
   */
  public PublishedLessonVersion publish(String tenantId, String lessonId) {
    Lesson lesson = get(tenantId, lessonId);
    Checked checked;
    try {
      checked = content.check(lesson.content());
    } catch (ContentProblem e) {
      throw LessonErrors.unpublishable(e.getMessage());
    }
    Set<UUID> missingMedia = references.missingMedia(tenantId, checked.media());
    Set<UUID> missingWidgets = references.missingWidgets(tenantId, checked.widgets());
    if (!missingMedia.isEmpty() || !missingWidgets.isEmpty()) {
      throw LessonErrors.unpublishable(missingMedia, missingWidgets);
    }
    checkpoint.beforeNumbering();
    OptionalInt number =
        repository.claimVersionNumber(tenantId, lesson.id(), lesson.draftRevision());
    if (number.isEmpty()) {
      throw repository.find(tenantId, lesson.id()).isPresent()
          ? LessonErrors.draftChanged()
          : LessonErrors.lessonNotFound();
    }
    PublishedLessonVersion version =
        new PublishedLessonVersion(
            lesson.id(),
            UUID.randomUUID(),
            lesson.title(),
            lesson.slug(),
            number.getAsInt(),
            now(),
            checked.json());
    repository.insertVersion(tenantId, version);
    return version;
  }

  /** A page of the lesson's published versions, newest first. */
  public List<PublishedLessonVersion> versions(
      String tenantId, String lessonId, int offset, int limit) {
    Lesson lesson = get(tenantId, lessonId);
    return repository.listVersions(tenantId, lesson.id(), offset, limit);
  }

  /** One published version of the tenant's lesson. */
  public PublishedLessonVersion version(String tenantId, String lessonId, String versionId) {
    UUID lesson = parseLessonId(lessonId);
    UUID version = parse(versionId, LessonErrors::invalidVersionId);
    return findPublished(tenantId, lesson, version).orElseThrow(LessonErrors::versionNotFound);
  }

  @Override
  public Optional<PublishedLessonVersion> findPublished(
      String tenantId, UUID lessonId, UUID versionId) {
    // The lesson must still exist: its versions are deleted after it.
    if (repository.find(tenantId, lessonId).isEmpty()) {
      return Optional.empty();
    }
    return repository.findVersion(tenantId, lessonId, versionId);
  }

  /** A lesson id from a request; INVALID_ARGUMENT "Invalid lesson ID" unless it is a UUID. */
  public static UUID parseLessonId(String id) {
    return parse(id, LessonErrors::invalidLessonId);
  }

  private static UUID parse(String id, Supplier<DomainException> error) {
    if (id == null || !UUID_FORM.matcher(id).matches()) {
      throw error.get();
    }
    return UUID.fromString(id);
  }

  private Checked checkForSave(String json) {
    try {
      return content.check(json);
    } catch (ContentProblem e) {
      throw LessonErrors.invalidContent("Invalid lesson content: " + e.getMessage());
    }
  }

  /** Now, at the millisecond precision the store keeps. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static String checkTitle(String title) {
    if (title == null || title.isBlank() || title.strip().length() > LessonErrors.MAX_TITLE) {
      throw LessonErrors.invalidTitle();
    }
    return title.strip();
  }
}
