package org.courseport.server.domain.course;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Stores {@link CourseVersion} records. */
public interface CourseVersionRepository {
  /** Inserts a version; throws DomainException ALREADY_EXISTS if that number exists. */
  void insert(CourseVersion version);

  Optional<CourseVersion> find(String tenantId, String courseId, int version);

  /** All versions of a course, by version number ascending. */
  List<CourseVersion> list(String tenantId, String courseId);

  /** Sets the title of every version of a course. */
  void setTitle(String tenantId, String courseId, String title, Instant at);

  /** Deletes one version; returns false when it did not exist. */
  boolean delete(String tenantId, String courseId, int version);

  /** Deletes every version of a course; returns the blob ids they referenced. */
  List<String> deleteAll(String tenantId, String courseId);

  /** Whether any version of any tenant still references the blob. */
  boolean isBlobReferenced(String blobId);
}
