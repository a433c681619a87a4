package org.courseport.server.jobs;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.course.CommitOutcome;
import org.courseport.server.domain.course.CourseRepository;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.course.CourseVersionRepository;
import org.courseport.server.domain.course.VersionReservation;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.ImportJobRepository;
import org.courseport.server.domain.job.ImportQuota;
import org.courseport.server.domain.job.ImportService;
import org.courseport.server.domain.job.PackageFetcher;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.domain.packaging.PackageInspector;
import org.courseport.server.packaging.MediaPackages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt at a claimed import job: fetch (if needed), inspect, then commit the version
 * reserved when the upload was accepted. The commit is a sequence of idempotent single-document
 * writes, fenced by the attempt's lease: record the version document (owned by the job), then
 * compare-and-set it into the course record of the reserved generation, then end the job. A refused
 * package, or a commit that loses to a delete or to another first import, leaves nothing behind but
 * the job's ERROR state: the job's own version document is removed and its blob deleted unless
 * something else references it.
 */
public final class ImportRunner {
  private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);

  private final CourseRepository courses;
  private final CourseVersionRepository versions;
  private final ImportJobRepository jobs;
  private final BlobStore blobs;
  private final PackageInspector inspector;
  private final PackageFetcher fetcher;
  private final Clock clock;
  private final ImportCheckpoints checkpoints;
  private volatile ImportQuota quota = ImportQuota.NONE;

  public ImportRunner(
      CourseRepository courses,
      CourseVersionRepository versions,
      ImportJobRepository jobs,
      BlobStore blobs,
      PackageInspector inspector,
      PackageFetcher fetcher,
      Clock clock,
      ImportCheckpoints checkpoints) {
    this.courses = courses;
    this.versions = versions;
    this.jobs = jobs;
    this.blobs = blobs;
    this.inspector = inspector;
    this.fetcher = fetcher;
    this.clock = clock;
    this.checkpoints = checkpoints;
  }

  /**
   * Holds fetched packages to the tenant's stored-bytes quota once their size is known (the job
   * ends in ERROR naming the quota when they do not fit) and releases what a job held of the quotas
   * when it ends; set once at start-up.
   */
  public ImportRunner quota(ImportQuota quota) {
    this.quota = quota;
    return this;
  }

  /** Runs the attempt to its end; never throws. */
  public void run(ImportAttempt attempt) {
    try {
      attemptImport(attempt);
    } finally {
      try {
        checkpoints.reached(ImportCheckpoints.Point.FINISHED, attempt.job());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void attemptImport(ImportAttempt attempt) {
    ImportJob job = attempt.job();
    String blobId = job.blobId();
    VersionReservation reservation = job.reservation();
    try {
      reservation = reservation(job);
      if (blobId == null) {
        blobId = fetcher.fetch(job.fetchUrl());
        jobs.setBlob(job.jobId(), blobId, clock.instant());
      }
      if (job.source() == ImportJob.Source.FETCH) {
        // Only now is the size known: QUOTA_EXCEEDED ends the job in ERROR and removes the bytes.
        quota.reserveBytes(job.tenantId(), job.jobId(), blobs.size(blobId));
      }
      InspectionResult result;
      try (var content = blobs.openChannel(blobId)) {
        result =
            MediaPackages.isMedia(job.contentType(), job.fileName())
                ? MediaPackages.describe(content, job.fileName(), job.contentType(), job.media())
                : inspector.inspect(content, job.fileName());
      }
      checkpoints.reached(ImportCheckpoints.Point.INSPECTED, job);
      if (!result.report().valid() || result.description() == null) {
        String why = result.report().firstError().map(f -> f.describe()).orElse("not a package");
        fail(attempt, blobId, reservation, why);
        return;
      }
      commit(attempt, blobId, reservation, result);
    } catch (DomainException e) {
      fail(attempt, blobId, reservation, e.getMessage());
    } catch (InterruptedException e) {
      log.info("Import job {} attempt {} stopped", job.jobId(), job.attempts());
    } catch (Exception e) {
      if (!attempt.active()) {
        log.info("Import job {} attempt {} stopped: {}", job.jobId(), job.attempts(), e.toString());
        return;
      }
      if (storeFailure(e)) {
        // Not the package's fault: leave the job RUNNING; once its lease runs out a worker takes
        // it up again (the store is back by then, or the next attempt waits the same way).
        log.warn(
            "Import job {} attempt {} stopped: the document store did not answer ({}); the job"
                + " is taken up again when its lease runs out",
            job.jobId(),
            job.attempts(),
            e.getClass().getSimpleName());
        return;
      }
      log.error("Import job {} failed unexpectedly", job.jobId(), e);
      fail(attempt, blobId, reservation, "Internal error while importing the package");
    }
  }

  /** Whether a MongoException is among the causes: the store failed, not the import. */
  static boolean storeFailure(Throwable e) {
    Throwable c = e;
    for (int i = 0; c != null && i < 16; i++, c = c.getCause()) {
      if (c instanceof com.mongodb.MongoException) {
        return true;
      }
    }
    return false;
  }

  /** A job stored before reservations existed takes its number when it runs. */
  private VersionReservation reservation(ImportJob job) {
    return job.reservation() != null
        ? job.reservation()
        : courses.reserveVersion(job.tenantId(), job.courseId(), job.jobId(), clock.instant());
  }

  private void commit(
      ImportAttempt attempt, String blobId, VersionReservation reservation, InspectionResult result)
      throws Exception {
    ImportJob job = attempt.job();
    PackageDescription d = result.description();
    long size = blobs.size(blobId);
    Instant now = clock.instant();
    CourseVersion version =
        new CourseVersion(
            job.tenantId(),
            job.courseId(),
            reservation.version(),
            d.title(),
            blobId,
            size,
            job.fileName(),
            d,
            result.report(),
            now,
            now);
    boolean wrote =
        attempt.write(
            () -> {
              versions.record(version, job.jobId());
              checkpoints.reached(ImportCheckpoints.Point.VERSION_RECORDED, job);
              CommitOutcome outcome =
                  courses.commitVersion(
                      job.tenantId(),
                      job.courseId(),
                      reservation,
                      d.title(),
                      !job.mayCreateNewVersion(),
                      now);
              switch (outcome) {
                case COMMITTED -> {
                  courses.importEnded(job.tenantId(), job.courseId(), job.jobId());
                  checkpoints.reached(ImportCheckpoints.Point.COMMITTED, job);
                  // A delete of the new version (or of the course) since the commit saw this job
                  // still RUNNING and kept the blob for it. Look before ending the job, so that a
                  // caller who sees COMPLETE finds no orphan, and once more after, for a delete
                  // that lands in between; the blob never outlives its last version.
                  collectBlob(job, blobId);
                  jobs.complete(job.jobId(), reservation.version(), result.parserWarnings(), now);
                  collectBlob(job, blobId);
                  releaseQuota(job); // the version counts itself now
                  log.info(
                      "Imported course '{}' version {} (job {})",
                      job.courseId(),
                      reservation.version(),
                      job.jobId());
                }
                case COURSE_DELETED -> cleanUp(job, blobId, reservation, courseDeleted(job));
                case COURSE_EXISTS ->
                    cleanUp(
                        job,
                        blobId,
                        reservation,
                        ImportService.courseExists(job.courseId()).getMessage());
              }
            });
    if (!wrote) {
      log.info(
          "Import job {} attempt {} lost its job before committing", job.jobId(), job.attempts());
    }
  }

  private static String courseDeleted(ImportJob job) {
    return "Course '"
        + job.courseId()
        + "' was deleted while this import ran; nothing was"
        + " imported";
  }

  private void fail(
      ImportAttempt attempt, String blobId, VersionReservation reservation, String message) {
    ImportJob job = attempt.job();
    try {
      if (!attempt.write(() -> cleanUp(job, blobId, reservation, message))) {
        log.info(
            "Import job {} attempt {} lost its job before failing it", job.jobId(), job.attempts());
      }
    } catch (Exception e) {
      log.error("Could not end import job {}", job.jobId(), e);
    }
  }

  /**
   * Ends a job with ERROR after removing what it made: its own version document, its pending mark
   * on the course (a placeholder course it alone kept goes too), and its blob unless another
   * version or running job uses it. Cleans up first and ends the job last, so that a caller who
   * sees ERROR finds nothing left behind, and a worker dying in between leaves a RUNNING job to be
   * taken over, not a leak. The caller holds the attempt's fence.
   */
  void cleanUp(ImportJob job, String blobId, VersionReservation reservation, String message)
      throws IOException {
    if (reservation != null) {
      versions.deleteRecorded(job.tenantId(), job.courseId(), reservation.version(), job.jobId());
    }
    collectBlob(job, blobId);
    if (reservation != null) {
      courses.importEnded(job.tenantId(), job.courseId(), job.jobId());
    }
    jobs.fail(job.jobId(), message, clock.instant());
    releaseQuota(job);
    // Once more now that this job is finished: two failing jobs of identical bytes each saw the
    // other still unfinished in their first look, but the one that ended last sees the other
    // ended here, so the blob of the pair never outlives both.
    collectBlob(job, blobId);
    log.info("Import job {} for course '{}' failed: {}", job.jobId(), job.courseId(), message);
  }

  /** Ends what the job held of the tenant's quotas; a failure leaves them to their lease. */
  private void releaseQuota(ImportJob job) {
    try {
      quota.release(job.tenantId(), job.jobId());
    } catch (RuntimeException e) {
      log.warn("Could not release the quota held by import job {}: {}", job.jobId(), e.toString());
    }
  }

  private void collectBlob(ImportJob job, String blobId) throws IOException {
    if (blobId != null) {
      blobs.deleteUnlessReferenced(
          blobId,
          () ->
              versions.isBlobReferenced(blobId)
                  || jobs.isBlobReferencedByOtherJob(blobId, job.jobId()));
    }
  }
}
