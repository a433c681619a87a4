package org.courseport.server.player;

import org.courseport.server.domain.course.CourseVersion;

/**
 * Reads a version's launch plan from its stored package (the manifest, through the zip's central
 * directory), cached by blob id: a stored package never changes.
 */
public interface LaunchPlans {
  LaunchPlan planFor(CourseVersion version);
}
