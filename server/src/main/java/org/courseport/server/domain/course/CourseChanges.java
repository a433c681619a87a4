package org.courseport.server.domain.course;

import java.util.function.Supplier;

/**
 * Told after every write to a tenant's courses or course versions, before the write is answered:
 * the store layer increments the course epoch of the tenant's API keys, which invalidates the
 * cached course views of every replica ({@link
 * org.courseport.server.domain.catalog.LatestViewCache}).
 */
@FunctionalInterface
public interface CourseChanges {
  /** Tells nobody (stores without a view cache, tests). */
  CourseChanges NONE = tenantId -> {};

  /** The courses or versions of {@code tenantId} may have changed. */
  void changed(String tenantId);

  /**
   * Runs {@code write} and then tells {@code changes}, also when the write failed (it may have been
   * applied before the failure was seen). A failure to tell after a successful write fails the
   * write's caller, so that a write is never answered as done while caches may still show the old
   * state; a failure to tell after a failed write is added to the write's failure.
   */
  static <T> T after(CourseChanges changes, String tenantId, Supplier<T> write) {
    T result;
    try {
      result = write.get();
    } catch (RuntimeException | Error e) {
      try {
        changes.changed(tenantId);
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    changes.changed(tenantId);
    return result;
  }

  /** As {@link #after(CourseChanges, String, Supplier)} for a write without a result. */
  static void run(CourseChanges changes, String tenantId, Runnable write) {
    after(
        changes,
        tenantId,
        () -> {
          write.run();
          return null;
        });
  }
}
