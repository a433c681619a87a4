/**
 * Courses authored from published lesson versions: the creation request and its checks, the
 * creation job (stored, claimed conditionally, run in-process), the course record it writes into
 * the same courses the SCORM Cloud and Allure APIs read (flagged as authored, version 0 holding the
 * module structure and no package), and the {@code course.created} / {@code course.failed}
 * callbacks handed to the delivery queue.
 */
package org.courseport.server.domain.authoring;
