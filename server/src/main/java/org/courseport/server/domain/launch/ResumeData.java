package org.courseport.server.domain.launch;

import java.util.Map;

/**
 * What the player page loads at a (re)launch of a tracked session.
 *
 * @param lastItemId the SCO to resume, null for a first launch
 * @param cmiByItem stored CMI JSON by item identifier (the player loads it and sets entry)
 * @param entryByItem {@code resume} or {@code ab-initio} (1.2: {@code ""} stays {@code ab-initio})
 *     by item identifier
 */
public record ResumeData(
    String lastItemId, Map<String, String> cmiByItem, Map<String, String> entryByItem) {
  public static final ResumeData NONE = new ResumeData(null, Map.of(), Map.of());

  public ResumeData {
    cmiByItem = Map.copyOf(cmiByItem);
    entryByItem = Map.copyOf(entryByItem);
  }
}
