package org.courseport.server.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a thread (an import at a checkpoint, a request at a hook) until the test opens it. Test
 * helper.
 */
public final class Gate {
  private final CountDownLatch arrived = new CountDownLatch(1);
  private final CountDownLatch open = new CountDownLatch(1);

  /** Called by the import: signals arrival, then waits (bounded) for the test. */
  public void pass() throws InterruptedException {
    arrived.countDown();
    if (!open.await(2, TimeUnit.MINUTES)) {
      throw new IllegalStateException("gate never opened");
    }
  }

  /** Waits until an import arrived. */
  public void awaitArrival() throws InterruptedException {
    if (!arrived.await(2, TimeUnit.MINUTES)) {
      throw new AssertionError("no import reached the gate");
    }
  }

  public boolean arrived() {
    return arrived.getCount() == 0;
  }

  public void open() {
    open.countDown();
  }
}
