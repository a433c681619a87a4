package org.courseport.server.domain.xapi;

import java.time.Duration;
import java.util.List;

/**
 * One interaction a SCO reported ({@code cmi.interactions.n}), as an {@code answered} statement
 * describes it.
 *
 * @param index the interaction's index n in the SCO's data model
 * @param id the interaction identifier
 * @param type the SCORM interaction type ({@code choice}, {@code true-false}, …), or null
 * @param response the learner's response ({@code student_response} / {@code learner_response}), or
 *     null
 * @param result {@code correct}, {@code wrong}/{@code incorrect}, {@code unanticipated}, {@code
 *     neutral} or a number, or null
 * @param correctResponsePatterns {@code correct_responses.n.pattern} in order
 * @param description the SCORM 2004 description, or null
 * @param latency the reported latency, or null
 */
public record Interaction(
    int index,
    String id,
    String type,
    String response,
    String result,
    List<String> correctResponsePatterns,
    String description,
    Duration latency) {
  public Interaction {
    correctResponsePatterns = List.copyOf(correctResponsePatterns);
  }

  /** Whether {@code other} reports the same answer (id, response and result). */
  public boolean sameAnswer(Interaction other) {
    return other != null
        && id.equals(other.id)
        && java.util.Objects.equals(response, other.response)
        && java.util.Objects.equals(result, other.result);
  }
}
