package org.courseport.server.domain;

import org.slf4j.MDC;

/**
 * The request id in the logging MDC ({@value #REQUEST_ID}): set at the HTTP and gRPC entries,
 * stored on the jobs and deliveries a request creates, and set again while a worker runs them, so
 * that every log line of the work a request caused carries its id.
 */
public final class LogContext {

  /** The MDC key, the JSON logs' field name. */
  public static final String REQUEST_ID = "requestId";

  private LogContext() {}

  /** The request id of the work on this thread, or null. */
  public static String requestId() {
    return MDC.get(REQUEST_ID);
  }

  /**
   * Sets the request id for the current thread until the scope is closed, which restores the id
   * before; a null id leaves the MDC as it is.
   */
  public static Scope withRequestId(String requestId) {
    if (requestId == null) {
      return () -> {};
    }
    String previous = MDC.get(REQUEST_ID);
    MDC.put(REQUEST_ID, requestId);
    return () -> {
      if (previous == null) {
        MDC.remove(REQUEST_ID);
      } else {
        MDC.put(REQUEST_ID, previous);
      }
    };
  }

  /** A request id set on this thread; closing it restores the one before. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
