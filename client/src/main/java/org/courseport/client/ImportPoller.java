package org.courseport.client;

import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.courseport.api.v1.ImportJobResult;

/**
 * Polls an import job until it leaves RUNNING, waiting between polls with an exponential backoff
 * (doubling from the initial delay up to the maximum) and never past the caller's timeout.
 */
final class ImportPoller {
  private final Function<String, ImportJobResult> status;
  private final Duration initialDelay;
  private final Duration maxDelay;

  ImportPoller(Function<String, ImportJobResult> status, Duration initialDelay, Duration maxDelay) {
    this.status = status;
    this.initialDelay = initialDelay;
    this.maxDelay = maxDelay;
  }

  ImportJobResult waitFor(String jobId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Duration delay = initialDelay;
    while (true) {
      ImportJobResult result = status.apply(jobId);
      if (result.getStatus() != ImportJobResult.Status.RUNNING) {
        return result;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw timedOut(jobId, timeout);
      }
      sleep(Math.min(delay.toNanos(), remaining));
      delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
    }
  }

  private static CourseportException timedOut(String jobId, Duration timeout) {
    String message = "import job " + jobId + " still running after " + timeout.toSeconds() + "s";
    return new DeadlineExceededException(
        Status.DEADLINE_EXCEEDED.withDescription(message),
        "IMPORT_WAIT_TIMEOUT",
        Map.of("jobId", jobId),
        null);
  }

  private static void sleep(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CourseportException(
          Status.CANCELLED.withDescription("interrupted while waiting for the import"),
          "",
          Map.of(),
          e);
    }
  }
}
