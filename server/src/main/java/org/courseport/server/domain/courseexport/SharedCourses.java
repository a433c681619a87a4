package org.courseport.server.domain.courseexport;

import java.util.Optional;

/** Finds authored courses by id alone (the share page names no tenant). */
public interface SharedCourses {
  /**
   * The title of the authored course with this id; when several tenants have an authored course of
   * that id (authored ids are random {@code cou_} ids, so practically never), the oldest.
   */
  Optional<String> authoredTitle(String courseId);
}
