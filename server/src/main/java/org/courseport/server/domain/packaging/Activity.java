package org.courseport.server.domain.packaging;

import java.util.List;

/**
 * One node of a course's activity tree.
 *
 * @param itemIdentifier the manifest item (or AU, block) identifier
 * @param resourceIdentifier the manifest resource identifier, empty for aggregations
 * @param type the kind of activity
 * @param href launch path relative to the package root, with parameters; empty when not launchable
 * @param title the title
 * @param scaledPassingScore passing score in [0,1] as a string, empty when none
 * @param children child activities in manifest order
 */
public record Activity(
    String itemIdentifier,
    String resourceIdentifier,
    ActivityType type,
    String href,
    String title,
    String scaledPassingScore,
    List<Activity> children) {
  public Activity {
    children = List.copyOf(children);
  }

  /** Number of SCO activities in this subtree. */
  public int countOf(ActivityType wanted) {
    int n = type == wanted ? 1 : 0;
    for (Activity child : children) {
      n += child.countOf(wanted);
    }
    return n;
  }
}
