package org.courseport.server.domain.tenant;

import java.util.Locale;
import java.util.Optional;

/**
 * A tenant's plan. API access on plan-gated routes (the LearningStudio export) needs {@link #PAID}.
 */
public enum Plan {
  FREE("free"),
  PAID("paid");

  private final String wireName;

  Plan(String wireName) {
    this.wireName = wireName;
  }

  /** The name the APIs and the store use: {@code free} or {@code paid}. */
  public String wireName() {
    return wireName;
  }

  /** The plan named {@code name} (case-insensitive, trimmed), if any. */
  public static Optional<Plan> byName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (Plan p : values()) {
      if (p.wireName.equals(n)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
