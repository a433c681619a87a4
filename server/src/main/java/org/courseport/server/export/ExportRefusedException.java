package org.courseport.server.export;

import org.courseport.server.domain.DomainException;

/**
 * A course that cannot be exported faithfully in the asked format (a 400 that names why): e.g.
 * SCORM 2004 sequencing rules to SCORM 1.2, a cmi5 course as SCORM, a course without lessons.
 */
public final class ExportRefusedException extends DomainException {
  /** Reason of the refusal (LearningStudio: 400 VALIDATION_ERROR). */
  public static final String REASON = "EXPORT_REFUSED";

  public ExportRefusedException(String message) {
    super(Kind.INVALID_ARGUMENT, REASON, message);
  }
}
