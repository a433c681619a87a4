package org.courseport.server.net;

import java.time.Duration;

/**
 * Read (idle) timeout plus an overall deadline for one logical request, redirects included.
 *
 * @param read longest wait for the response headers or for the next body chunk
 * @param deadlineNanos {@link System#nanoTime()} value after which nothing more is awaited
 */
public record Timeouts(Duration read, long deadlineNanos) {
  /** Starts the clock now: idle timeout {@code read}, everything over after {@code total}. */
  public static Timeouts of(Duration read, Duration total) {
    return new Timeouts(read, System.nanoTime() + total.toNanos());
  }

  /** The timeout for the next wait: the idle timeout, cut to what is left of the total. */
  public long nextMillis() {
    long remaining = Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis();
    return Math.max(1, Math.min(read.toMillis(), remaining));
  }
}
