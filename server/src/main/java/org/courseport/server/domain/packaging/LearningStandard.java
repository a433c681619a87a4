package org.courseport.server.domain.packaging;

/**
 * Learning standard of a course, as SCORM Cloud names them (CourseSchema.courseLearningStandard).
 */
public enum LearningStandard {
  UNKNOWN,
  SCORM11,
  SCORM12,
  SCORM2004_2ND,
  SCORM2004_3RD,
  SCORM2004_4TH,
  AICC,
  XAPI,
  CMI5,
  LTI13
}
