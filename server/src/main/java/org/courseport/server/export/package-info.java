/**
 * Course exports (issue 10): package writers that turn a course into an ordered {@link
 * org.courseport.server.export.ExportPlan} of zip entries, the deterministic zip assembler that
 * writes a plan into the blob store, the checks every package passes before it is handed out, and
 * {@link org.courseport.server.export.CourseExports}, which ties them together for the
 * LearningStudio and Canvas routes.
 */
package org.courseport.server.export;
