package org.courseport.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.ImportJob.Status;
import org.courseport.server.jobs.ImportCheckpoints.Point;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A delete lands after an import committed its version but before the job is COMPLETE: the delete
 * sees the job still RUNNING and keeps the blob for it, so the job must look again once it ended,
 * or the blob outlives every version that used it (found by {@link ImportStressTest}).
 */
class DeleteBeforeCompleteBlobTest {
  private final CountDownLatch committed = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private ImportHarness h;

  @BeforeEach
  void setUp() throws Exception {
    h = new ImportHarness();
    h.startWorker(1, Duration.ofMinutes(3));
  }

  @AfterEach
  void tearDown() throws Exception {
    release.countDown();
    h.close();
  }

  @Test
  void versionDeletedBetweenCommitAndComplete_leavesNoBlobBehind() throws Exception {
    ImportJob first = h.awaitEnd(h.upload("c", false, TestPackages.scorm12("Stays")));
    assertThat(first.status()).isEqualTo(Status.COMPLETE);
    String kept = h.job(first.jobId()).blobId();

    holdAtCommit();
    String second = h.upload("c", true, TestPackages.scorm12("Deleted early"));
    awaitCommitted();
    String doomed = h.job(second).blobId();
    h.catalog.deleteVersion(ImportHarness.TENANT, "c", 1);
    assertThat(h.blobFiles()).as("kept for the running job").contains(doomed);

    release.countDown();
    // Seen COMPLETE: the blob of its deleted version is gone already.
    assertThat(h.awaitEnd(second).status()).isEqualTo(Status.COMPLETE);
    assertThat(h.blobFiles()).containsExactly(kept);
  }

  @Test
  void courseDeletedBetweenCommitAndComplete_leavesNoBlobBehind() throws Exception {
    holdAtCommit();
    String job = h.upload("c", false, TestPackages.scorm12("Only version"));
    awaitCommitted();
    h.catalog.deleteCourse(ImportHarness.TENANT, "c");

    release.countDown();
    assertThat(h.awaitEnd(job).status()).isEqualTo(Status.COMPLETE);
    assertThat(h.documents(org.courseport.server.storage.mongo.MongoStore.COURSE_VERSIONS))
        .isEmpty();
    assertThat(h.blobFiles()).isEmpty();
  }

  /** From now on, holds the next job once its version is committed and before it is COMPLETE. */
  private void holdAtCommit() {
    h.hooks.delegate =
        (point, job) -> {
          if (point == Point.COMMITTED) {
            committed.countDown();
            release.await(1, TimeUnit.MINUTES);
          }
        };
  }

  private void awaitCommitted() throws InterruptedException {
    assertThat(committed.await(1, TimeUnit.MINUTES)).as("job reached COMMITTED").isTrue();
  }
}
