package org.courseport.server.jobs;

import java.time.Clock;
import java.util.concurrent.Future;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.ImportJobRepository;

/**
 * One worker's attempt at a claimed job: the lease it holds and the fence around its writes. A
 * write runs only while the attempt is active and, checked under the same lock, its lease is still
 * renewable; so an attempt that lost its lease or ran out of time writes nothing more.
 */
public final class ImportAttempt {
  /** Why an attempt stopped. */
  enum State {
    ACTIVE,
    LEASE_LOST,
    STOPPED
  }

  /** A write of the attempt. */
  @FunctionalInterface
  public interface Write {
    void run() throws Exception;
  }

  private final ImportJob job;
  private final String workerId;
  private final ImportJobRepository jobs;
  private final Clock clock;
  private State state = State.ACTIVE;
  private Future<?> execution;

  ImportAttempt(ImportJob job, String workerId, ImportJobRepository jobs, Clock clock) {
    this.job = job;
    this.workerId = workerId;
    this.jobs = jobs;
    this.clock = clock;
  }

  public ImportJob job() {
    return job;
  }

  /** Whether the attempt still holds its job (as far as it knows). */
  public synchronized boolean active() {
    return state == State.ACTIVE;
  }

  /**
   * Runs {@code write} if the attempt is active and renews its lease first; returns false, running
   * nothing, when the attempt stopped or its lease is lost.
   */
  public synchronized boolean write(Write write) throws Exception {
    if (!renew()) {
      return false;
    }
    write.run();
    return true;
  }

  /** Renews the lease (the heartbeat); false, stopping the attempt, when it is lost. */
  synchronized boolean renew() {
    if (state != State.ACTIVE) {
      return false;
    }
    if (!jobs.renewLease(job.jobId(), workerId, job.attempts(), clock.instant())) {
      state = State.LEASE_LOST;
      if (execution != null) {
        execution.cancel(true);
      }
      return false;
    }
    return true;
  }

  /**
   * Stops the attempt (waiting for a write in progress to end) and, if it still held its job, runs
   * {@code last} as its final write; returns whether {@code last} ran.
   */
  synchronized boolean stop(Write last) throws Exception {
    boolean held = renew();
    state = State.STOPPED;
    if (execution != null) {
      execution.cancel(true);
    }
    if (held) {
      last.run();
    }
    return held;
  }

  /** Whether the attempt's thread has returned (a failed renewal then only means the job ended). */
  synchronized boolean over() {
    return execution != null && execution.isDone();
  }

  synchronized void runningAs(Future<?> execution) {
    this.execution = execution;
    if (state != State.ACTIVE) {
      execution.cancel(true);
    }
  }
}
