package org.courseport.server.export.core;

import java.util.Optional;

/**
 * The plan key each course source key led to: a course whose source key is unchanged (same version,
 * same published lesson versions, same writers' output format) plans the same package, so an export
 * can find its stored build without loading and rendering the course. Only complete plans are
 * recorded ({@link org.courseport.server.export.ExportPlan#complete()}).
 */
public interface ExportSourceKeys {

  /** The plan key recorded for the tenant's source key. */
  Optional<String> planKey(String tenantId, String sourceKey);

  /**
   * Records that the source key plans {@code planKey}; when the source key is already recorded (a
   * concurrent export of the same source), the first record stays.
   */
  void record(String tenantId, String sourceKey, String courseId, String planKey);

  /** Forgets the source keys of the tenant's course (it or one of its versions was deleted). */
  void forgetCourse(String tenantId, String courseId);

  /**
   * Forgets every source key of the tenant: a lesson was deleted, and the source keys do not say
   * which courses were made from it (the next export of each course plans again, and refuses a
   * course whose lesson version is gone).
   */
  void forgetTenant(String tenantId);
}
