package org.courseport.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.blob.ForwardingBlobStore;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.ImportJob.Status;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deleting a blob races an upload of the same bytes: the upload must keep its blob. */
class BlobDeleteRaceTest {
  private final CountDownLatch published = new CountDownLatch(1);
  private final CountDownLatch resume = new CountDownLatch(1);
  private volatile boolean pause;
  private ImportHarness h;

  @AfterEach
  void tearDown() throws Exception {
    resume.countDown();
    h.close();
  }

  @Test
  void courseDeleteRacingAnIdenticalUpload_uploadKeepsItsBlob() throws Exception {
    h = new ImportHarness(PausingBlobs::new);
    h.startWorker(1, Duration.ofMinutes(3));
    byte[] zip = TestPackages.scorm12("Same bytes");
    ImportJob first = h.awaitEnd(h.upload("a", false, zip));
    assertThat(first.status()).isEqualTo(Status.COMPLETE);

    // The second upload of the same bytes has published them (the file existed already) and is
    // about to record its job when the delete of course "a" collects that very blob.
    pause = true;
    String[] second = new String[1];
    Thread upload = new Thread(() -> second[0] = h.upload("b", false, zip), "upload");
    upload.start();
    assertThat(published.await(1, TimeUnit.MINUTES)).isTrue();
    Thread delete = new Thread(() -> h.catalog.deleteCourse(ImportHarness.TENANT, "a"), "delete");
    delete.start();
    awaitParked(delete);
    resume.countDown();
    upload.join(TimeUnit.MINUTES.toMillis(1));
    delete.join(TimeUnit.MINUTES.toMillis(1));

    ImportJob ended = h.awaitEnd(second[0]);
    assertThat(ended.status()).isEqualTo(Status.COMPLETE);
    var view = h.catalog.view(ImportHarness.TENANT, "b", OptionalInt.empty());
    assertThat(h.fileBlobs.exists(view.version().blobId())).isTrue();
    assertThat(h.blobFiles()).containsExactly(view.version().blobId());
  }

  /** Waits (bounded) until the thread parks, here on the blob's guard, or ends. */
  private static void awaitParked(Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && t.isAlive() && t.getState() != Thread.State.WAITING) {
      Thread.sleep(10);
    }
  }

  /** Delegates, pausing a commit between publishing the bytes and recording the reference. */
  private final class PausingBlobs extends ForwardingBlobStore {
    PausingBlobs(BlobStore delegate) {
      super(delegate);
    }

    @Override
    public BlobWriter newWriter() throws IOException {
      BlobWriter w = delegate().newWriter();
      return new BlobWriter() {
        @Override
        public OutputStream stream() {
          return w.stream();
        }

        @Override
        public long size() {
          return w.size();
        }

        @Override
        public String commit(Consumer<String> recordReference) throws IOException {
          return w.commit(
              id -> {
                if (pause) {
                  published.countDown();
                  try {
                    resume.await(1, TimeUnit.MINUTES);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
                recordReference.accept(id);
              });
        }

        @Override
        public void close() throws IOException {
          w.close();
        }
      };
    }
  }
}
