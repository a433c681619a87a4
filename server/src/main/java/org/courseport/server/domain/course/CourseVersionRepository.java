package org.courseport.server.domain.course;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Stores {@link CourseVersion} records. */
public interface CourseVersionRepository {
  /** Inserts a version; throws DomainException ALREADY_EXISTS if that number exists. */
  void insert(CourseVersion version);

  /**
   * Stores the version an import job made, idempotently: a second call by the same job (a retry)
   * replaces its own document; ALREADY_EXISTS if another job or caller holds the number.
   */
  void record(CourseVersion version, String jobId);

  /** Deletes the version document that {@code jobId} recorded, if it still exists. */
  boolean deleteRecorded(String tenantId, String courseId, int version, String jobId);

  Optional<CourseVersion> find(String tenantId, String courseId, int version);

  /**
   * Several courses' versions in one read: for each course id the version numbered as given, keyed
   * by course id; courses whose version does not exist are left out. A listing page costs one round
   * trip however many courses it shows.
   */
  Map<String, CourseVersion> findEach(String tenantId, Map<String, Integer> versionByCourse);

  /** All versions of a course, by version number ascending. */
  List<CourseVersion> list(String tenantId, String courseId);

  /** Sets the title of every version of a course. */
  void setTitle(String tenantId, String courseId, String title, Instant at);

  /** Deletes one version; returns false when it did not exist. */
  boolean delete(String tenantId, String courseId, int version);

  /**
   * Deletes every version of a course numbered below {@code belowVersion} (the versions of a
   * deleted generation); returns the blob ids they referenced.
   */
  List<String> deleteAll(String tenantId, String courseId, int belowVersion);

  /** Whether any version of any tenant still references the blob. */
  boolean isBlobReferenced(String blobId);
}
