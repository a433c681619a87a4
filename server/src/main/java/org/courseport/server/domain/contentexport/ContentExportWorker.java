package org.courseport.server.domain.contentexport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.export.CourseExports;
import org.courseport.server.export.CourseExports.ExportedPackage;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs content export jobs: claims one through the store with a lease (renewed while it runs, so a
 * job whose worker died is claimed again by another once the lease ends), exports the course (or
 * each course of a group or user, bundled in one zip), records the completion as it moves (at most
 * every {@link #PROGRESS_STEP} percent) and ends the job exported or failed with a message.
 */
public final class ContentExportWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ContentExportWorker.class);

  /** The completion is written when it grew by at least this much. */
  public static final int PROGRESS_STEP = 5;

  /** Entries of bundles carry this fixed time, so equal contents give equal bytes. */
  private static final long ENTRY_TIME = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();

  private final ContentExports exports;
  private final ContentExportRepository jobs;
  private final CourseExports courseExports;
  private final BlobStore blobs;
  private final Clock clock;
  private final Duration lease;
  private final String workerId = "canvas-" + UUID.randomUUID();
  private final ExecutorService pool;
  private final ScheduledExecutorService timers;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param threads how many jobs run at once
   * @param lease how long a claim holds without renewal; renewed every third of it
   */
  public ContentExportWorker(
      ContentExports exports,
      ContentExportRepository jobs,
      CourseExports courseExports,
      BlobStore blobs,
      int threads,
      Duration lease,
      Clock clock) {
    this.exports = exports;
    this.jobs = jobs;
    this.courseExports = courseExports;
    this.blobs = blobs;
    this.lease = lease;
    this.clock = clock;
    this.pool = Executors.newFixedThreadPool(threads, r -> daemon(r, "content-export"));
    this.timers =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "content-export-lease"));
  }

  /** This worker's id (the holder of its leases). */
  public String workerId() {
    return workerId;
  }

  /** Starts polling for jobs (new ones, and stale ones of dead workers) every {@code interval}. */
  public void start(Duration interval) {
    exports.onStarted(this::wake);
    timers.scheduleWithFixedDelay(
        this::wake, 0, Math.max(1, interval.toMillis()), TimeUnit.MILLISECONDS);
  }

  /** Lets a pool thread claim and run jobs until none is claimable. */
  public void wake() {
    if (closed.get()) {
      return;
    }
    try {
      pool.execute(
          () -> {
            try {
              while (!closed.get() && runOnce()) {
                // next job
              }
            } catch (RuntimeException e) {
              log.warn("Claiming content export jobs failed", e);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  /** Claims and runs one job on the calling thread; false when none was claimable. */
  public boolean runOnce() {
    Instant now = clock.instant();
    Optional<ContentExport> claimed = jobs.claim(workerId, now, now.plus(lease));
    if (claimed.isEmpty()) {
      return false;
    }
    run(claimed.get());
    return true;
  }

  private void run(ContentExport job) {
    long renewEvery = Math.max(1, lease.toMillis() / 3);
    ScheduledFuture<?> renewal =
        timers.scheduleWithFixedDelay(
            () -> renew(job), renewEvery, renewEvery, TimeUnit.MILLISECONDS);
    try {
      ContentExport.Package pkg = export(job);
      String salt = ContentExports.newSalt();
      String token = exports.token(job.tenantId(), job.id(), salt);
      if (!jobs.complete(
          job.tenantId(),
          job.id(),
          workerId,
          pkg,
          salt,
          ContentExports.hash(token),
          clock.instant())) {
        log.info(
            "Content export {}/{} was taken over; not completed here", job.tenantId(), job.id());
      }
    } catch (DomainException e) {
      fail(job, e.getMessage());
    } catch (RuntimeException e) {
      if (closed.get()) {
        log.info("Content export {}/{} interrupted by shutdown", job.tenantId(), job.id());
      } else {
        log.warn("Content export {}/{} failed", job.tenantId(), job.id(), e);
        fail(job, "The export failed because of an internal error.");
      }
    } finally {
      renewal.cancel(false);
    }
  }

  private void renew(ContentExport job) {
    try {
      Instant now = clock.instant();
      jobs.renew(job.tenantId(), job.id(), workerId, now.plus(lease), now);
    } catch (RuntimeException e) {
      log.warn("Renewing the lease of content export {}/{} failed", job.tenantId(), job.id(), e);
    }
  }

  private void fail(ContentExport job, String message) {
    if (closed.get()) {
      return; // the process is going away: the lease ends and another worker runs the job again
    }
    jobs.fail(job.tenantId(), job.id(), workerId, message, clock.instant());
  }

  private ContentExport.Package export(ContentExport job) {
    ExportOptions options = ExportOptions.of(format(job));
    List<String> courses = exports.coursesOf(job);
    if (courses.isEmpty()) {
      throw DomainException.invalid(
          "NOTHING_TO_EXPORT",
          switch (job.contextType()) {
            case GROUP ->
                "Group " + job.contextId() + " holds no courses; there is nothing to export.";
            case USER -> "User " + job.contextId() + " has no courses; there is nothing to export.";
            case COURSE -> "There is nothing to export.";
          });
    }
    Progress progress = new Progress(job);
    if (job.contextType() == ContextType.COURSE) {
      ExportedPackage pkg =
          courseExports.export(job.tenantId(), courses.get(0), options, progress.part(0, 1));
      return new ContentExport.Package(pkg.fileName(), pkg.blobId(), pkg.sha256(), pkg.size());
    }
    List<ExportedPackage> packages = new ArrayList<>();
    for (int i = 0; i < courses.size(); i++) {
      packages.add(
          courseExports.export(
              job.tenantId(), courses.get(i), options, progress.part(i, courses.size())));
    }
    return bundle(job, courses, packages);
  }

  private static ExportFormat format(ContentExport job) {
    return switch (job.exportType()) {
      case COMMON_CARTRIDGE ->
          "1.1".equals(job.ccVersion())
              ? ExportFormat.COMMON_CARTRIDGE_11
              : ExportFormat.COMMON_CARTRIDGE_13;
      case QTI -> ExportFormat.QTI;
      case ZIP -> ExportFormat.ZIP;
    };
  }

  /** One zip holding each course's package as {@code {courseId}/{fileName}}, stored. */
  private ContentExport.Package bundle(
      ContentExport job, List<String> courses, List<ExportedPackage> packages) {
    try (BlobStore.BlobWriter writer = blobs.newWriter()) {
      ZipOutputStream zip = new ZipOutputStream(nonClosing(writer.stream()));
      for (int i = 0; i < packages.size(); i++) {
        ExportedPackage pkg = packages.get(i);
        ZipEntry entry = new ZipEntry(safeName(courses.get(i)) + "/" + safeName(pkg.fileName()));
        entry.setMethod(ZipEntry.STORED);
        entry.setTime(ENTRY_TIME);
        entry.setSize(pkg.size());
        entry.setCompressedSize(pkg.size());
        entry.setCrc(crc(pkg.blobId()));
        zip.putNextEntry(entry);
        try (InputStream in = blobs.open(pkg.blobId())) {
          in.transferTo(zip);
        }
        zip.closeEntry();
      }
      zip.finish();
      zip.flush();
      long size = writer.size();
      String id = writer.commit();
      String name =
          job.contextType().progressName().toLowerCase(java.util.Locale.ROOT)
              + "-"
              + job.contextId()
              + "-"
              + job.exportType().apiName()
              + ".zip";
      return new ContentExport.Package(name, id, id, size);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long crc(String blobId) throws IOException {
    CRC32 crc = new CRC32();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = blobs.open(blobId)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        crc.update(buffer, 0, n);
      }
    }
    return crc.getValue();
  }

  private static String safeName(String name) {
    String cleaned = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return cleaned.isEmpty() || cleaned.startsWith(".") ? "_" + cleaned : cleaned;
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }

  /** The job's completion: parts of the work map onto 0-99; written in steps. */
  private final class Progress {
    private final ContentExport job;
    private int saved;

    Progress(ContentExport job) {
      this.job = job;
      this.saved = job.completion();
    }

    IntConsumer part(int index, int count) {
      return percent -> {
        int p = Math.max(0, Math.min(100, percent));
        int overall = (int) Math.min(99, ((long) index * 100 + p) / count);
        record(overall);
      };
    }

    private synchronized void record(int completion) {
      if (completion >= saved + PROGRESS_STEP) {
        if (jobs.progress(job.tenantId(), job.id(), workerId, completion, clock.instant())) {
          saved = completion;
        }
      }
    }
  }

  /** Stops claiming; a job still running is left to its lease (another worker resumes it). */
  @Override
  public void close() {
    closed.set(true);
    timers.shutdownNow();
    pool.shutdownNow();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
