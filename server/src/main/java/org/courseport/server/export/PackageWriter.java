package org.courseport.server.export;

/**
 * Turns a course into the plan of one package. Writers are pure: they read the course and its media
 * through the sources they were built with, and never write to the store.
 */
public interface PackageWriter {

  /** Whether this writer makes the format for this kind of course (authored or imported). */
  boolean supports(CourseSnapshot course, ExportFormat format);

  /**
   * The plan of the package.
   *
   * @throws ExportRefusedException when the course cannot be exported faithfully in the format
   */
  ExportPlan plan(CourseSnapshot course, ExportOptions options);
}
