package org.courseport.server.storage.mongo;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the document store answers: a watcher that pings it every interval, and at once when the
 * driver sees its server change state (a request that hit a closed connection, a monitor that lost
 * it). Listeners hear every change (the gRPC health service and the HTTP readiness follow it); the
 * checks run one at a time on one daemon thread, so listeners see the changes in order.
 */
public final class StoreHealth implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StoreHealth.class);

  /** Hears whether the store is reachable, on every change and once when added. */
  @FunctionalInterface
  public interface Listener {
    void changed(boolean serving);
  }

  private final Runnable ping;
  private final Duration interval;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean checkQueued = new AtomicBoolean();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "store-health");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean serving = true;
  private volatile boolean started;

  /**
   * @param ping round-trips a command to the store; throws when the store does not answer
   * @param interval time between two pings
   */
  public StoreHealth(Runnable ping, Duration interval) {
    this.ping = ping;
    this.interval = interval;
  }

  /** Starts the periodic pings. The store counts as reachable until a ping fails. */
  public synchronized StoreHealth start() {
    if (!started) {
      started = true;
      long ms = interval.toMillis();
      thread.scheduleWithFixedDelay(this::checkQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** Whether the last ping succeeded. */
  public boolean serving() {
    return serving;
  }

  /** Adds a listener and tells it the current state at once. */
  public synchronized void addListener(Listener listener) {
    listeners.add(listener);
    listener.changed(serving);
  }

  /** Asks for a ping now (something suggests the store went away or came back). */
  public void suspect() {
    if (!started || !checkQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      thread.execute(
          () -> {
            checkQueued.set(false);
            checkQuietly();
          });
    } catch (RejectedExecutionException e) {
      checkQueued.set(false); // closed
    }
  }

  /** Pings once on the calling thread and records the outcome; returns whether it succeeded. */
  public boolean check() {
    try {
      ping.run();
    } catch (RuntimeException e) {
      record(false, e);
      return false;
    }
    record(true, null);
    return true;
  }

  private void checkQuietly() {
    try {
      check();
    } catch (RuntimeException e) {
      // A listener failed; the next interval checks again (a scheduled task must not throw).
      log.warn("Store health listener failed", e);
    }
  }

  private synchronized void record(boolean now, RuntimeException failure) {
    if (now == serving) {
      return;
    }
    serving = now;
    if (now) {
      log.info("The document store answers again; serving");
    } else {
      log.warn(
          "The document store is unreachable; not serving until it answers: {}",
          String.valueOf(failure));
    }
    for (Listener l : listeners) {
      try {
        l.changed(now);
      } catch (RuntimeException e) {
        log.warn("Store health listener failed", e); // the others still hear the change
      }
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
