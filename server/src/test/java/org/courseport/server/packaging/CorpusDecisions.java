package org.courseport.server.packaging;

import java.util.List;

/**
 * The manifest inspector's decision for each shared corpus package ({@link CorpusExpectations}),
 * readable from tests in other packages, so that server-level corpus tests follow the same table.
 */
public final class CorpusDecisions {
  /**
   * One decision.
   *
   * @param file the corpus file name
   * @param refusal the first error's rule when the package is refused, null when it imports
   * @param title the course title when described, null otherwise
   * @param launch the launch URL when described, null otherwise
   */
  public record Decision(String file, String refusal, String title, String launch) {}

  private CorpusDecisions() {}

  /** Every row of the table. */
  public static List<Decision> all() {
    return CorpusExpectations.ROWS.stream()
        .map(r -> new Decision(r.file(), r.refusal(), r.title(), r.launch()))
        .toList();
  }
}
