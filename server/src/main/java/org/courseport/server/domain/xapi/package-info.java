/**
 * xAPI statements that SCORM run-time events become (ADL SCORM profile verbs), stored per course
 * version and served by SCORM Cloud's course statement routes.
 */
package org.courseport.server.domain.xapi;
