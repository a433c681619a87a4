package org.courseport.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.blob.ForwardingBlobStore;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.ImportJob.Status;
import org.courseport.server.jobs.ImportCheckpoints.Point;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two imports of identical bytes fail together: each one's clean-up first looks while the other is
 * still unfinished, so neither may delete the shared blob then; the blob must still not outlive
 * both jobs.
 */
class IdenticalFailuresBlobTest {
  private final CountDownLatch inspected = new CountDownLatch(2);
  private final CountDownLatch release = new CountDownLatch(1);
  private final CyclicBarrier firstLooks = new CyclicBarrier(2);
  private final AtomicInteger heldLooks = new AtomicInteger();
  private volatile String armedBlob;
  private ImportHarness h;

  @AfterEach
  void tearDown() throws Exception {
    release.countDown();
    firstLooks.reset();
    h.close();
  }

  @Test
  void twoImportsOfTheSameBytesFailingTogether_leaveNoBlob() throws Exception {
    h = new ImportHarness(BarrierBlobs::new);
    h.startWorker(2, Duration.ofMinutes(3));
    ImportJob first = h.awaitEnd(h.upload("c", false, TestPackages.scorm12("One")));
    assertThat(first.status()).isEqualTo(Status.COMPLETE);

    // Both identical uploads are held once inspected, before either writes anything.
    h.hooks.delegate =
        (point, job) -> {
          if (point == Point.INSPECTED) {
            inspected.countDown();
            release.await(1, TimeUnit.MINUTES);
          }
        };
    byte[] same = TestPackages.scorm12("Same bytes");
    String a = h.upload("c", true, same, "a.zip");
    String b = h.upload("c", true, same, "b.zip");
    assertThat(inspected.await(1, TimeUnit.MINUTES)).isTrue();
    String shared = h.job(a).blobId();
    assertThat(h.job(b).blobId()).isEqualTo(shared);

    // Deleting the course makes both fail; their first looks at the shared blob are made to
    // happen together, while both jobs are still unfinished.
    h.catalog.deleteCourse(ImportHarness.TENANT, "c");
    armedBlob = shared;
    release.countDown();
    ImportJob endedA = h.awaitEnd(a);
    ImportJob endedB = h.awaitEnd(b);

    assertThat(endedA.status()).isEqualTo(Status.ERROR);
    assertThat(endedB.status()).isEqualTo(Status.ERROR);
    assertThat(heldLooks.get()).as("looks at the shared blob").isGreaterThanOrEqualTo(2);
    assertThat(h.blobFiles()).as("blob files left").isEmpty();
  }

  /** Delegates; the first two clean-up looks at the armed blob wait for each other. */
  private final class BarrierBlobs extends ForwardingBlobStore {
    BarrierBlobs(BlobStore delegate) {
      super(delegate);
    }

    @Override
    public boolean deleteUnlessReferenced(String blobId, BooleanSupplier referenced)
        throws IOException {
      if (blobId.equals(armedBlob) && heldLooks.incrementAndGet() <= 2) {
        try {
          firstLooks.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        } catch (BrokenBarrierException | TimeoutException e) {
          throw new IOException(e);
        }
      }
      return delegate().deleteUnlessReferenced(blobId, referenced);
    }
  }
}
