package org.courseport.server.domain.launch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.courseport.server.domain.xapi.Interaction;

/**
 * What a validated commit's CMI data says, in SCORM 2004 terms for both standards.
 *
 * @param standard {@code scorm12} or {@code scorm2004}
 * @param cmi the CMI object (without a {@code {"cmi": …}} wrapper)
 * @param completionStatus completed, incomplete, not attempted or unknown (1.2: from lesson_status)
 * @param successStatus passed, failed or unknown
 * @param scoreScaled the scaled score (1.2: raw over its min..max range, or raw / 100), or null
 * @param scoreRaw the raw score, or null
 * @param scoreMin the lowest raw score, or null
 * @param scoreMax the highest raw score, or null
 * @param location the bookmark, or ""
 * @param suspendData the suspend data, or ""
 * @param exit the exit value, or ""
 * @param entry the entry value the SCO was launched with, or ""
 * @param sessionTime the reported session time, zero when none
 * @param interactions the interactions with an identifier, in index order
 */
public record CmiData(
    String standard,
    ObjectNode cmi,
    String completionStatus,
    String successStatus,
    Double scoreScaled,
    Double scoreRaw,
    Double scoreMin,
    Double scoreMax,
    String location,
    String suspendData,
    String exit,
    String entry,
    Duration sessionTime,
    List<Interaction> interactions) {
  public CmiData {
    interactions = List.copyOf(interactions);
  }

  /** Whether the SCO was launched to resume its previous session. */
  public boolean resumed() {
    return "resume".equals(entry);
  }
}
