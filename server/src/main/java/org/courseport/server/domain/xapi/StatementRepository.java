package org.courseport.server.domain.xapi;

import java.util.List;

/** Storage of statements (collection {@code xapiStatements}). */
public interface StatementRepository {
  /** Stores statements; an id stored before is skipped (a retried commit stores nothing twice). */
  void insertAll(List<StoredStatement> statements);

  /** One page; an invalid {@code more} is IllegalArgumentException. */
  StatementPage find(StatementQuery query);

  /** Removes a course's statements; answers how many. */
  long deleteForCourse(String tenantId, String courseId);

  /** Removes one version's statements (the version was deleted); answers how many. */
  long deleteForVersion(String tenantId, String courseId, int version);
}
