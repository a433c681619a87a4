package org.courseport.server.contentexport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.IntConsumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.export.CourseExports;
import org.courseport.server.export.ExportOptions;
import org.courseport.server.export.ExportRefusedException;

/**
 * A test CourseExports (the real one is the core engineer's): writes a real small zip naming the
 * course and format into the blob store. When {@link #gated} is set, it reports 20, 60 and 90
 * percent, and after each report waits for a permit from the test, so the test observes the job
 * with its completion moving; {@link #reported} receives each value after it was reported. A course
 * id starting with {@code refuse-} is refused; with {@link #hang} set, every export waits until
 * released or interrupted.
 */
final class ScriptedCourseExports implements CourseExports {
  final BlobStore blobs;
  volatile boolean gated;
  volatile boolean hang;
  final Semaphore permits = new Semaphore(0);
  final BlockingQueue<Integer> reported = new LinkedBlockingQueue<>();
  final CountDownLatch hanging = new CountDownLatch(1);
  final CountDownLatch releaseHang = new CountDownLatch(1);

  ScriptedCourseExports(BlobStore blobs) {
    this.blobs = blobs;
  }

  @Override
  public ExportedPackage export(
      String tenantId, String courseId, ExportOptions options, IntConsumer progress) {
    if (courseId.startsWith("refuse-")) {
      throw new ExportRefusedException(
          "Course "
              + courseId
              + " has no content to export as "
              + options.format().apiName()
              + ".");
    }
    if (hang) {
      hanging.countDown();
      try {
        releaseHang.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    if (gated) {
      for (int p : new int[] {20, 60, 90}) {
        progress.accept(p);
        reported.add(p);
        try {
          permits.acquire();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new DomainException(DomainException.Kind.UNAVAILABLE, "INTERRUPTED", "interrupted");
        }
      }
    }
    byte[] zip = zip(courseId, options);
    try (BlobStore.BlobWriter w = blobs.newWriter()) {
      w.stream().write(zip);
      String id = w.commit();
      String ext = options.format().apiName().startsWith("common_cartridge") ? ".imscc" : ".zip";
      return new ExportedPackage(
          courseId,
          "Course " + courseId,
          options.format(),
          courseId + "-" + options.format().apiName() + ext,
          id,
          id,
          zip.length,
          "plan-" + courseId,
          false,
          Instant.EPOCH);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] zip(String courseId, ExportOptions options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      ZipEntry e = new ZipEntry("course.txt");
      e.setTime(0);
      z.putNextEntry(e);
      z.write((courseId + " " + options.format().name()).getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
