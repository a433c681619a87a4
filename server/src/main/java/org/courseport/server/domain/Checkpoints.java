package org.courseport.server.domain;

import java.util.Map;
import java.util.function.Consumer;

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
   * The checkpoints that {@code COURSEPORT_TEST_HOLD_AT} asks for: a thread reaching the named
   * point announces it and waits there until the process dies (for crash tests only; unset, {@link
   * #NONE}).
   */
  static Checkpoints fromEnvironment(Map<String, String> env, Consumer<String> announce) {
    String point = env.get("COURSEPORT_TEST_HOLD_AT");
    if (point == null || point.isBlank()) {
      return NONE;
    }
    String held = point.trim();
    announce.accept("COURSEPORT_TEST_HOLD_AT is set: work reaching checkpoint " + held + " waits");
    return name -> {
      if (name.equals(held)) {
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
