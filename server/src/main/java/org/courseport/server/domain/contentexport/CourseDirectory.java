package org.courseport.server.domain.contentexport;

import java.util.List;

/** The tenant's courses, as content exports see them. */
public interface CourseDirectory {
  /** Whether the tenant has this course (another tenant's is absent). */
  boolean exists(String tenantId, String courseId);

  /** The ids of all the tenant's courses, oldest first. */
  List<String> courseIds(String tenantId);
}
