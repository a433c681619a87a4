package org.courseport.server.domain.course;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Stores {@link Course} records. Every method is scoped to one tenant. */
public interface CourseRepository {
  /** Inserts a new course; throws DomainException ALREADY_EXISTS (COURSE_EXISTS) if present. */
  void insert(Course course);

  Optional<Course> find(String tenantId, String courseId);

  /**
   * Atomically takes the next version number of a course (returns the value before the
   * increment); empty when the course does not exist.
   */
  Optional<Integer> reserveVersion(String tenantId, String courseId);

  /** Records that {@code version} exists now, raising latestVersion if it is higher. */
  void versionAdded(String tenantId, String courseId, int version, String title, Instant at);

  /** Sets latestVersion (after a version was deleted). */
  void setLatestVersion(String tenantId, String courseId, int latestVersion, Instant at);

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

  /** Deletes the course record; returns false when it did not exist. */
  boolean delete(String tenantId, String courseId);
}
