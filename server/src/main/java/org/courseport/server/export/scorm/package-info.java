/**
 * SCORM 1.2 / 2004 3rd / 2004 4th Edition packages of authored courses ({@link
 * org.courseport.server.export.scorm.AuthoredScormWriter}), and the small helpers the authored
 * course writers share: a deterministic XML writer, names and identifiers, the course's quizzes.
 */
package org.courseport.server.export.scorm;
