package org.courseport.server.domain;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Named points inside long operations (a multipart completion handing its file to the blob store,
 * say) where a crash test holds the work, so that it can {@code kill -9} the process exactly there
 * instead of guessing with timing. Production runs with {@link #NONE}: every point passes.
 */
@FunctionalInterface
public interface Checkpoints {

  /** Every point passes. */
  Checkpoints NONE = name -> {};

  /** Called by the operation when it reaches the point {@code name}. */
  void reached(String name);

  /**
   * The checkpoints that {@code COURSEPORT_TEST_HOLD_AT} asks for (one name, or several separated
   * by commas): a thread reaching a named point announces it and waits there until the process dies
   * (for crash tests only; unset, {@link #NONE}).
   */
  static Checkpoints fromEnvironment(Map<String, String> env, Consumer<String> announce) {
    String points = env.get("COURSEPORT_TEST_HOLD_AT");
    Set<String> held =
        points == null
            ? Set.of()
            : Arrays.stream(points.split(","))
                .map(String::trim)
                .filter(p -> !p.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    if (held.isEmpty()) {
      return NONE;
    }
    announce.accept(
        "COURSEPORT_TEST_HOLD_AT is set: work reaching checkpoint "
            + String.join(", ", held)
            + " waits");
    return name -> {
      if (held.contains(name)) {
        announce.accept("Held at checkpoint " + name);
        Object never = new Object();
        synchronized (never) {
          while (true) {
            try {
              never.wait();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("interrupted at checkpoint " + name, e);
            }
          }
        }
      }
    };
  }
}
