package org.courseport.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.ImportJob.Status;
import org.courseport.server.jobs.ImportCheckpoints.Point;
import org.courseport.server.packaging.xml.SchemaRegistry;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The per-import time budget, with a hook that never finishes in place of a slow package. */
class ImportBudgetTest {
  private ImportHarness h;

  @BeforeAll
  static void compileSchemas() {
    SchemaRegistry.shared().compileAll();
  }

  @AfterEach
  void tearDown() throws Exception {
    h.close();
  }

  @Test
  void importOverItsBudgetEndsErrorLeavesNothingAndFreesTheWorker() throws Exception {
    h = new ImportHarness();
    CountDownLatch stuckUntil = new CountDownLatch(1);
    CountDownLatch stuckAttemptOver = new CountDownLatch(1);
    h.hooks.delegate =
        (point, job) -> {
          if (job.fileName().equals("stuck.zip") && point == Point.INSPECTED) {
            awaitIgnoringInterrupts(stuckUntil);
          }
          if (job.fileName().equals("stuck.zip") && point == Point.FINISHED) {
            stuckAttemptOver.countDown();
          }
        };
    h.startWorker(1, Duration.ofMillis(300));

    String stuck = h.upload("c", false, TestPackages.scorm12("Stuck"), "stuck.zip");
    ImportJob ended = h.awaitEnd(stuck);

    assertThat(ended.status()).isEqualTo(Status.ERROR);
    assertThat(ended.message()).isEqualTo("The import exceeded its time budget of 300 ms");
    assertThat(h.store.courses().find(ImportHarness.TENANT, "c")).as("placeholder").isEmpty();
    assertThat(h.documents(MongoStore.COURSE_VERSIONS)).isEmpty();
    assertThat(h.blobFiles()).isEmpty();

    // The stuck attempt's thread still hangs, yet the single worker thread takes the next job.
    String next = h.upload("d", false, TestPackages.scorm12("Next"), "next.zip");
    ImportJob nextEnded = h.awaitEnd(next);
    assertThat(nextEnded.attempts()).isEqualTo(1);
    assertThat(stuckAttemptOver.getCount()).as("stuck attempt still hanging").isEqualTo(1);

    // When the stuck attempt finally wakes, its fence refuses every write.
    stuckUntil.countDown();
    assertThat(stuckAttemptOver.await(2, TimeUnit.MINUTES)).isTrue();
    assertThat(h.job(stuck).status()).isEqualTo(Status.ERROR);
    assertThat(h.store.versions().list(ImportHarness.TENANT, "c")).isEmpty();
    assertThat(h.store.courses().find(ImportHarness.TENANT, "c")).isEmpty();
  }

  /** Like a package whose processing ignores interrupts. */
  private static void awaitIgnoringInterrupts(CountDownLatch latch) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (latch.getCount() > 0 && System.nanoTime() < deadline) {
      try {
        latch.await(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
