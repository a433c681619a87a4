package org.courseport.server.domain.coursepackage;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.ImportJobListener;

/**
 * Lets a caller wait for an import job to end: told by the local workers when a job ends, and
 * re-reading the job every second (a job run by another server's worker is not told here).
 */
public final class JobWaiter implements ImportJobListener {
  private final Map<String, CompletableFuture<ImportJob>> waiting = new ConcurrentHashMap<>();

  @Override
  public void jobEnded(ImportJob job) {
    CompletableFuture<ImportJob> future = waiting.get(job.jobId());
    if (future != null) {
      future.complete(job);
    }
  }

  /** The ended job, or null when it has not ended within {@code max}. */
  public ImportJob await(String jobId, Supplier<ImportJob> read, Duration max) {
    CompletableFuture<ImportJob> future = new CompletableFuture<>();
    waiting.put(jobId, future);
    try {
      Instant deadline = Instant.now().plus(max);
      while (true) {
        ImportJob job = read.get();
        if (job.finished() != null) {
          return job;
        }
        if (!Instant.now().isBefore(deadline)) {
          return null;
        }
        try {
          future.get(1, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
          // Re-read below: the job's stored state is what counts.
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      waiting.remove(jobId);
    }
  }
}
