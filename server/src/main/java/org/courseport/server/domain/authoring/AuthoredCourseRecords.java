package org.courseport.server.domain.authoring;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The authored part of a course record: the flag and the module structure, kept on the same
 * document as the course the SCORM Cloud and Allure APIs read.
 */
public interface AuthoredCourseRecords {
  /** Marks the tenant's course as authored and stores what it was made of. */
  void markAuthored(String tenantId, String courseId, Authored authored);

  /** The authored part of the tenant's course; empty when absent or not authored. */
  Optional<Authored> find(String tenantId, String courseId);

  /** What an authored course was made of. */
  record Authored(
      String jobId,
      String headline,
      String format,
      String languageId,
      Instant created,
      List<AuthoredModule> modules) {
    public Authored {
      modules = List.copyOf(modules);
    }
  }
}
