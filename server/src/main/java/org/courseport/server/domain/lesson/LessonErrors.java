package org.courseport.server.domain.lesson;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.DomainException.Kind;

/** The failures of lesson operations, with their stable reasons. */
public final class LessonErrors {

  /** A lesson id that is not a UUID. */
  public static final String INVALID_LESSON_ID = "INVALID_LESSON_ID";

  /** A version id that is not a UUID. */
  public static final String INVALID_VERSION_ID = "INVALID_VERSION_ID";

  /** No such lesson for the tenant. */
  public static final String LESSON_NOT_FOUND = "LESSON_NOT_FOUND";

  /** No such published version of the tenant's lesson. */
  public static final String VERSION_NOT_FOUND = "VERSION_NOT_FOUND";

  /** A title that is blank or too long. */
  public static final String INVALID_TITLE = "INVALID_TITLE";

  /** A slug of the wrong form. */
  public static final String INVALID_SLUG = "INVALID_SLUG";

  /** A slug another lesson of the tenant has. */
  public static final String SLUG_TAKEN = "SLUG_TAKEN";

  /** Content refused when saving: not JSON, fails the schema or a content rule. */
  public static final String INVALID_LESSON_CONTENT = "INVALID_LESSON_CONTENT";

  /** A draft that cannot be published (unknown media or widgets, or fails the schema). */
  public static final String INVALID_CONTENT = "INVALID_CONTENT";

  /** The draft changed while it was being published. */
  public static final String DRAFT_CHANGED = "DRAFT_CHANGED";

  /** Longest title accepted. */
  public static final int MAX_TITLE = 200;

  private LessonErrors() {}

  static DomainException invalidLessonId() {
    return DomainException.invalid(INVALID_LESSON_ID, "Invalid lesson ID");
  }

  static DomainException invalidVersionId() {
    return DomainException.invalid(INVALID_VERSION_ID, "Invalid version ID");
  }

  static DomainException lessonNotFound() {
    return DomainException.notFound(LESSON_NOT_FOUND, "Lesson not found");
  }

  static DomainException versionNotFound() {
    return DomainException.notFound(VERSION_NOT_FOUND, "Published version not found");
  }

  static DomainException invalidTitle() {
    return DomainException.invalid(
        INVALID_TITLE, "The title must be 1 to " + MAX_TITLE + " characters and not blank");
  }

  static DomainException invalidSlug(String slug) {
    return DomainException.invalid(
        INVALID_SLUG,
        "Invalid slug '"
            + slug
            + "': use 1 to "
            + Slugs.MAX_LENGTH
            + " lower-case letters, digits and single hyphens (for example 'cell-biology')");
  }

  static DomainException slugTaken(String slug) {
    return DomainException.alreadyExists(
        SLUG_TAKEN, "Another lesson already has the slug '" + slug + "'");
  }

  static DomainException invalidContent(String message) {
    return DomainException.invalid(INVALID_LESSON_CONTENT, message);
  }

  static DomainException draftChanged() {
    return new DomainException(
        Kind.ALREADY_EXISTS,
        DRAFT_CHANGED,
        "The lesson's draft changed while it was being published; publish again");
  }

  /** A draft that cannot be published; metadata lists the missing media and widget ids. */
  static DomainException unpublishable(Collection<?> missingMedia, Collection<?> missingWidgets) {
    StringBuilder message = new StringBuilder("The draft cannot be published:");
    if (!missingMedia.isEmpty()) {
      message.append(" unknown media ").append(join(missingMedia, "media:"));
    }
    if (!missingWidgets.isEmpty()) {
      message
          .append(missingMedia.isEmpty() ? "" : ";")
          .append(" unknown widgets ")
          .append(join(missingWidgets, ""));
    }
    return new DomainException(
        Kind.FAILED_PRECONDITION,
        INVALID_CONTENT,
        message.toString(),
        Map.of("missingMedia", join(missingMedia, ""), "missingWidgets", join(missingWidgets, "")));
  }

  /** A draft that no longer fits the schema (saved before a schema change). */
  static DomainException unpublishable(String problem) {
    return new DomainException(
        Kind.FAILED_PRECONDITION, INVALID_CONTENT, "The draft cannot be published: " + problem);
  }

  private static String join(Collection<?> ids, String prefix) {
    return ids.stream().map(id -> prefix + id).sorted().collect(Collectors.joining(", "));
  }
}
