package org.courseport.server.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.ImportJobListener;
import org.courseport.server.domain.job.ImportJobRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker threads that claim import jobs from the store and run them. Any replica's workers may
 * claim any job; a job whose worker died is claimed again once its claim is stale. Local
 * submissions {@link #wake()} the workers; jobs from other replicas are found by polling.
 */
public final class ImportWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ImportWorker.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration STALE = Duration.ofMinutes(30);
  /** A job whose worker died this often is failed rather than tried again. */
  static final int MAX_ATTEMPTS = 3;

  private final ImportJobRepository jobs;
  private final ImportRunner runner;
  private final List<ImportJobListener> listeners;
  private final Clock clock;
  private final Semaphore signal = new Semaphore(0);
  private final List<Thread> threads = new ArrayList<>();
  private final String workerId = "worker-" + UUID.randomUUID();
  private volatile boolean running = true;

  public ImportWorker(
      ImportJobRepository jobs, ImportRunner runner, List<ImportJobListener> listeners, Clock clock) {
    this.jobs = jobs;
    this.runner = runner;
    this.listeners = List.copyOf(listeners);
    this.clock = clock;
  }

  /** Starts {@code count} worker threads. */
  public void start(int count) {
    for (int i = 0; i < count; i++) {
      Thread t = new Thread(this::loop, "import-worker-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /** Tells the workers a job is waiting. */
  public void wake() {
    signal.release();
  }

  private void loop() {
    while (running) {
      try {
        Instant now = clock.instant();
        Optional<ImportJob> job = jobs.claimNext(workerId, now, now.minus(STALE));
        if (job.isPresent() && job.get().attempts() > MAX_ATTEMPTS) {
          jobs.fail(job.get().jobId(), "The import was abandoned after " + MAX_ATTEMPTS
              + " attempts that did not finish", clock.instant());
          notifyEnded(job.get().tenantId(), job.get().jobId());
        } else if (job.isPresent()) {
          runner.run(job.get());
          notifyEnded(job.get().tenantId(), job.get().jobId());
        } else {
          signal.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
          signal.drainPermits();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("Import worker loop failed; retrying", e);
        sleepQuietly();
      }
    }
  }

  private void notifyEnded(String tenantId, String jobId) {
    jobs.find(tenantId, jobId)
        .ifPresent(
            ended -> {
              for (ImportJobListener l : listeners) {
                try {
                  l.jobEnded(ended);
                } catch (RuntimeException e) {
                  log.warn("Import job listener failed for job {}", jobId, e);
                }
              }
            });
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops claiming and waits (bounded) for running jobs to end; a job still running then is
   * released, so that the next worker to start takes it up again at once.
   */
  @Override
  public void close() {
    running = false;
    signal.release(threads.size());
    for (Thread t : threads) {
      try {
        t.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (threads.stream().anyMatch(Thread::isAlive)) {
      long released = jobs.releaseClaims(workerId, clock.instant());
      log.info("Released {} unfinished import job(s) at shutdown", released);
    }
  }
}
