package org.courseport.server.player;

import java.util.List;

/**
 * What launching a course version means.
 *
 * @param standard {@code scorm12}, {@code scorm2004}, or {@code unsupported}
 * @param title the course title
 * @param items the organization's items in document order; launchable ones have an href
 * @param sequencingJson SCORM 2004: scorm-again's {@code SequencingSettings} JSON, always present
 *     for a 2004 plan (an {@code activityTree} whose every activity carries its full controlMode,
 *     with the IMS SS defaults where the manifest says nothing, plus rules, objectives, rollup and
 *     delivery controls; sequencing collections are already merged in, see {@link
 *     ManifestLaunchPlans}); null for SCORM 1.2 and plain IMS content packages
 * @param choice whether the learner may pick items from the table of contents (2004: the
 *     organization's controlMode choice, default true; 1.2: true)
 * @param flow whether previous/next navigation is offered (2004: the organization's controlMode
 *     flow, default FALSE as IMS SS says, so a 2004 package that does not ask for flow gets no
 *     previous/next buttons, only its table of contents; 1.2: true)
 * @param unsupportedReason when standard is {@code unsupported}: why (e.g. "cmi5 courses cannot be
 *     previewed: they need an LRS"), else null
 */
public record LaunchPlan(
    String standard,
    String title,
    List<PlanItem> items,
    String sequencingJson,
    boolean choice,
    boolean flow,
    String unsupportedReason) {
  public LaunchPlan {
    items = List.copyOf(items);
  }

  /** A plan for a course the player cannot launch. */
  public static LaunchPlan unsupported(String title, String reason) {
    return new LaunchPlan("unsupported", title, List.of(), null, false, false, reason);
  }

  public boolean supported() {
    return unsupportedReason == null;
  }

  /** The launchable items in order. */
  public List<PlanItem> launchable() {
    return items.stream().filter(PlanItem::launchable).toList();
  }
}
