package org.courseport.server.domain.course;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Stores {@link Course} records. Every method is scoped to one tenant. */
public interface CourseRepository {
  /** Inserts a new course; throws DomainException ALREADY_EXISTS (COURSE_EXISTS) if present. */
  void insert(Course course);

  Optional<Course> find(String tenantId, String courseId);

  /**
   * A course record with the copy of its latest version that the record keeps, read in one round
   * trip; {@code latest} is null when the store keeps no copy, or none that matches the record's
   * latestVersion (the caller then reads the version itself).
   */
  record WithLatest(Course course, CourseVersion latest) {}

  /**
   * The course with its latest version when the record holds a matching copy (see {@link
   * WithLatest}).
   */
  default Optional<WithLatest> findWithLatest(String tenantId, String courseId) {
    return find(tenantId, courseId).map(c -> new WithLatest(c, null));
  }

  /**
   * As {@link #findWithLatest}, for answers that never show the version's validation report (the
   * course schema of GetCourse): the copy may come without its report ({@code report} null), so
   * that the store need not send nor the mapper decode it. Everything else is as {@link
   * #findWithLatest} returns it.
   */
  default Optional<WithLatest> findWithLatestWithoutReport(String tenantId, String courseId) {
    return findWithLatest(tenantId, courseId);
  }

  /**
   * Takes the next version number of a course for the import {@code jobId} in one atomic update,
   * creating an invisible placeholder record (latestVersion -1) when the course does not exist, and
   * records the job as pending on the course.
   */
  VersionReservation reserveVersion(String tenantId, String courseId, String jobId, Instant at);

  /**
   * Commits a reserved version in one conditional update: only while the course is still in the
   * reservation's generation and, when {@code firstOnly}, has no committed version yet. Raises
   * latestVersion (and takes the title) only if {@code version} is higher than the current one.
   */
  CommitOutcome commitVersion(
      String tenantId,
      String courseId,
      VersionReservation reservation,
      String title,
      boolean firstOnly,
      Instant at);

  /**
   * Ends the pending state of an import job on its course: the job leaves the pending set, and an
   * invisible record (a first import's placeholder, or a purged tombstone) goes with its last
   * pending job, so that the course id starts again from version 0.
   */
  void importEnded(String tenantId, String courseId, String jobId);

  /**
   * Lowers latestVersion from {@code from} to {@code to} (after version {@code from} was deleted)
   * and takes {@code title}; false, changing nothing, if latestVersion is no longer {@code from}.
   */
  boolean lowerLatestVersion(
      String tenantId, String courseId, int from, int to, String title, Instant at);

  /** Sets the title; returns false when the course does not exist. */
  boolean setTitle(String tenantId, String courseId, String title, Instant at);

  /** Replaces the tag set; returns false when the course does not exist. */
  boolean replaceTags(String tenantId, String courseId, List<String> tags, Instant at);

  /** Adds tags (keeping existing ones, no duplicates); returns false when absent. */
  boolean addTags(String tenantId, String courseId, Collection<String> tags, Instant at);

  /** Removes tags (absent ones are ignored); returns false when the course does not exist. */
  boolean removeTags(String tenantId, String courseId, Collection<String> tags, Instant at);

  /** Lists courses matching the query, in its order, skipping {@code offset}, at most limit. */
  List<Course> list(String tenantId, CourseQuery query, int offset, int limit);

  /** Counts courses matching the query. */
  long count(String tenantId, CourseQuery query);

  /**
   * Deletes a course in one update: the record becomes an invisible tombstone of a new generation
   * (latestVersion -1, tags and title cleared, nextVersion kept, marked as being purged), which
   * refuses the commits of imports reserved before. Returns the course's nextVersion at the delete
   * (every version of the deleted course, recorded or still importing, is below it), or empty when
   * there was no visible course.
   */
  OptionalInt delete(String tenantId, String courseId, Instant at);

  /**
   * Ends a delete once the deleted versions are gone: the tombstone is removed unless an import is
   * still pending on it (the last one to end removes it), or the course was imported again.
   */
  void purged(String tenantId, String courseId);
}
