package org.courseport.server.player;

/**
 * One item of a course's organization, flattened in document order (the table of contents).
 *
 * @param id the manifest item identifier
 * @param title the item's title
 * @param depth 0 for the organization's top-level items
 * @param href for a launchable item: the resource's file path relative to the package root (the
 *     root as {@code PackageFiles} serves it: a single top-level folder holding the manifest is
 *     stripped), resolved to the stored entry with the import's path repairs and written as that
 *     entry's path (not percent-encoded), with the item's parameters appended as the SCORM CAM says
 *     ({@code ?a=1} or {@code &a=1}, {@code #x}); null for an aggregation
 * @param sco true for a SCO (it gets the run-time API), false for an asset
 * @param visible the item's {@code isvisible}
 * @param dataFromLms {@code adlcp:datafromlms} / {@code adlcp:dataFromLMS}, or null
 * @param masteryScore SCORM 1.2 {@code adlcp:masteryscore}, or null
 * @param maxTimeAllowed SCORM 1.2 {@code adlcp:maxtimeallowed} (CMITimespan), or null
 * @param timeLimitAction {@code adlcp:timelimitaction}, or null
 * @param completionThreshold SCORM 2004 {@code adlcp:completionThreshold}: the 3rd Edition text
 *     value, or the 4th Edition minProgressMeasure (default 1.0) when completedByMeasure is true;
 *     else null
 * @param scaledPassingScore SCORM 2004 primary objective's {@code minNormalizedMeasure} when {@code
 *     satisfiedByMeasure}, or null
 */
public record PlanItem(
    String id,
    String title,
    int depth,
    String href,
    boolean sco,
    boolean visible,
    String dataFromLms,
    String masteryScore,
    String maxTimeAllowed,
    String timeLimitAction,
    String completionThreshold,
    String scaledPassingScore) {

  /** Whether the item opens something (a SCO or an asset). */
  public boolean launchable() {
    return href != null;
  }
}
