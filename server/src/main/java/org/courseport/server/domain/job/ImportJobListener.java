package org.courseport.server.domain.job;

/** Told when an import job ends (COMPLETE or ERROR), e.g. to deliver its postback. */
public interface ImportJobListener {
  void jobEnded(ImportJob job);
}
