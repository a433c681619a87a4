package org.courseport.server.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.courseport.server.domain.LogContext;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.ImportJobListener;
import org.courseport.server.domain.job.ImportJobRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker threads that claim import jobs from the store and run them. Any replica's workers may
 * claim any job. A claim is a short lease ({@link #LEASE} unless configured) that a heartbeat
 * renews while the job runs; a worker that dies (kill -9) stops renewing, and another worker takes
 * the job over once the lease has run out. Each job runs within a time budget; over it, the job
 * ends ERROR and the worker goes on. Local submissions {@link #wake()} the workers; jobs from other
 * replicas are found by polling.
 */
public final class ImportWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ImportWorker.class);
  private static final Duration POLL = Duration.ofSeconds(1);

  /** How long a claim holds without renewal, unless configured otherwise. */
  public static final Duration LEASE = Duration.ofSeconds(30);

  /** A job whose worker died this often is failed rather than tried again. */
  static final int MAX_ATTEMPTS = 3;

  private final ImportJobRepository jobs;
  private final ImportRunner runner;
  private final List<ImportJobListener> listeners;
  private final Clock clock;
  private final Duration budget;
  private final Duration lease;
  private final Semaphore signal = new Semaphore(0);
  private final List<Thread> threads = new ArrayList<>();
  private final String workerId = "worker-" + UUID.randomUUID();
  private final Set<ImportAttempt> running = ConcurrentHashMap.newKeySet();
  private final ExecutorService attempts =
      Executors.newCachedThreadPool(r -> daemon(r, "import-attempt"));
  private final ScheduledExecutorService heartbeat =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "import-lease-heartbeat"));
  private volatile boolean open = true;

  /**
   * @param budget how long one attempt at a job may take before the job ends ERROR
   */
  public ImportWorker(
      ImportJobRepository jobs,
      ImportRunner runner,
      List<ImportJobListener> listeners,
      Clock clock,
      Duration budget) {
    this(jobs, runner, listeners, clock, budget, LEASE);
  }

  /**
   * @param budget how long one attempt at a job may take before the job ends ERROR
   * @param lease how long a claim holds without renewal (renewed every third of it); a job whose
   *     worker died is taken over this long after its last renewal
   */
  public ImportWorker(
      ImportJobRepository jobs,
      ImportRunner runner,
      List<ImportJobListener> listeners,
      Clock clock,
      Duration budget,
      Duration lease) {
    if (lease.toMillis() < 3) {
      throw new IllegalArgumentException("the import lease must be at least 3 ms, got " + lease);
    }
    this.lease = lease;
    this.jobs = jobs;
    this.runner = runner;
    this.listeners = List.copyOf(listeners);
    this.clock = clock;
    this.budget = budget;
  }

  /** Starts {@code count} worker threads and the lease heartbeat. */
  public void start(int count) {
    startThreads(count, true);
  }

  /** Starts the worker threads, and the heartbeat unless a test drives leases by hand. */
  void startThreads(int count, boolean withHeartbeat) {
    if (withHeartbeat) {
      long period = lease.toMillis() / 3;
      heartbeat.scheduleWithFixedDelay(this::renewLeases, period, period, TimeUnit.MILLISECONDS);
    }
    for (int i = 0; i < count; i++) {
      Thread t = daemon(this::loop, "import-worker-" + i);
      threads.add(t);
      t.start();
    }
  }

  /** Tells the workers a job is waiting. */
  public void wake() {
    signal.release();
  }

  /** Renews the lease of every running attempt; one that lost its lease stops. */
  void renewLeases() {
    for (ImportAttempt attempt : running) {
      try {
        if (!attempt.renew() && !attempt.over()) {
          log.warn("Import job {} lost its lease; this worker stops it", attempt.job().jobId());
        }
      } catch (RuntimeException e) {
        log.warn("Renewing the lease of import job {} failed", attempt.job().jobId(), e);
      }
    }
  }

  private void loop() {
    while (open) {
      try {
        Instant now = clock.instant();
        Optional<ImportJob> job = jobs.claimNext(workerId, now, now.minus(lease));
        if (job.isPresent()) {
          // The log lines of the job carry the id of the request that created it.
          try (LogContext.Scope scope = LogContext.withRequestId(job.get().requestId())) {
            process(new ImportAttempt(job.get(), workerId, jobs, clock));
            notifyEnded(job.get().tenantId(), job.get().jobId());
          }
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

  private void process(ImportAttempt attempt) throws InterruptedException {
    ImportJob job = attempt.job();
    if (job.attempts() > MAX_ATTEMPTS) {
      stop(
          attempt,
          "The import was abandoned after " + MAX_ATTEMPTS + " attempts that did not finish");
      return;
    }
    running.add(attempt);
    try {
      Future<?> execution =
          attempts.submit(
              () -> {
                try (LogContext.Scope scope = LogContext.withRequestId(job.requestId())) {
                  runner.run(attempt);
                }
              });
      attempt.runningAs(execution);
      try {
        execution.get(budget.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        stop(attempt, "The import exceeded its time budget of " + describe(budget));
      } catch (ExecutionException e) {
        log.error("Import job {} attempt failed", job.jobId(), e.getCause());
      } catch (java.util.concurrent.CancellationException e) {
        log.info("Import job {} attempt was cancelled (lease lost)", job.jobId());
      } catch (InterruptedException e) {
        execution.cancel(true);
        throw e;
      }
    } finally {
      running.remove(attempt);
    }
  }

  /** Stops an attempt and, if it still held its job, ends the job ERROR with its clean-up. */
  private void stop(ImportAttempt attempt, String message) {
    ImportJob job = attempt.job();
    try {
      attempt.stop(
          () -> {
            // A fetch job records its blob after the claim; read it back for the clean-up.
            String blobId =
                jobs.find(job.tenantId(), job.jobId()).map(ImportJob::blobId).orElse(job.blobId());
            runner.cleanUp(job, blobId, job.reservation(), message);
          });
    } catch (Exception e) {
      log.error("Could not stop import job {}", job.jobId(), e);
    }
  }

  static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private void notifyEnded(String tenantId, String jobId) {
    jobs.find(tenantId, jobId)
        .filter(ended -> ended.status() != ImportJob.Status.RUNNING)
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

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Stops claiming and waits (bounded) for running jobs to end; a job still running then is
   * released, so that the next worker to start takes it up again at once.
   */
  @Override
  public void close() {
    open = false;
    signal.release(threads.size());
    for (Thread t : threads) {
      try {
        t.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    heartbeat.shutdownNow();
    attempts.shutdownNow();
    if (threads.stream().anyMatch(Thread::isAlive)) {
      long released = jobs.releaseClaims(workerId, clock.instant());
      log.info("Released {} unfinished import job(s) at shutdown", released);
    }
  }
}
