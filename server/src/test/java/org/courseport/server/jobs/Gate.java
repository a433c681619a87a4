package org.courseport.server.jobs;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Holds an import at a checkpoint until the test opens it. */
final class Gate {
  private final CountDownLatch arrived = new CountDownLatch(1);
  private final CountDownLatch open = new CountDownLatch(1);

  /** Called by the import: signals arrival, then waits (bounded) for the test. */
  void pass() throws InterruptedException {
    arrived.countDown();
    if (!open.await(2, TimeUnit.MINUTES)) {
      throw new IllegalStateException("gate never opened");
    }
  }

  /** Waits until an import arrived. */
  void awaitArrival() throws InterruptedException {
    if (!arrived.await(2, TimeUnit.MINUTES)) {
      throw new AssertionError("no import reached the gate");
    }
  }

  boolean arrived() {
    return arrived.getCount() == 0;
  }

  void open() {
    open.countDown();
  }
}
