package org.courseport.server.jobs;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.course.Course;
import org.courseport.server.domain.course.CourseRepository;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.course.CourseVersionRepository;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.ImportJobRepository;
import org.courseport.server.domain.job.ImportService;
import org.courseport.server.domain.job.PackageFetcher;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.domain.packaging.PackageInspector;
import org.courseport.server.packaging.MediaPackages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one claimed import job: fetch (if needed), inspect, then record the course version. A
 * refused package leaves nothing behind but the job's ERROR state: its blob is deleted unless
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

  public ImportRunner(
      CourseRepository courses,
      CourseVersionRepository versions,
      ImportJobRepository jobs,
      BlobStore blobs,
      PackageInspector inspector,
      PackageFetcher fetcher,
      Clock clock) {
    this.courses = courses;
    this.versions = versions;
    this.jobs = jobs;
    this.blobs = blobs;
    this.inspector = inspector;
    this.fetcher = fetcher;
    this.clock = clock;
  }

  /** Runs the job to its end; never throws. */
  public void run(ImportJob job) {
    String blobId = job.blobId();
    try {
      if (blobId == null) {
        blobId = fetcher.fetch(job.fetchUrl());
        jobs.setBlob(job.jobId(), blobId, clock.instant());
      }
      InspectionResult result;
      try (var content = blobs.openChannel(blobId)) {
        result = MediaPackages.isMedia(job.contentType(), job.fileName())
            ? MediaPackages.describe(content, job.fileName(), job.contentType(), job.media())
            : inspector.inspect(content, job.fileName());
      }
      if (!result.report().valid() || result.description() == null) {
        String why = result.report().firstError().map(f -> f.describe()).orElse("not a package");
        fail(job, blobId, why);
        return;
      }
      int version = record(job, blobId, result);
      jobs.complete(job.jobId(), version, result.parserWarnings(), clock.instant());
      log.info("Imported course '{}' version {} (job {})", job.courseId(), version, job.jobId());
    } catch (DomainException e) {
      fail(job, blobId, e.getMessage());
    } catch (IOException | RuntimeException e) {
      log.error("Import job {} failed unexpectedly", job.jobId(), e);
      fail(job, blobId, "Internal error while importing the package");
    }
  }

  private int record(ImportJob job, String blobId, InspectionResult result) throws IOException {
    PackageDescription d = result.description();
    Instant now = clock.instant();
    Optional<Course> existing = courses.find(job.tenantId(), job.courseId());
    if (existing.isPresent() && existing.get().latestVersion() >= 0 && !job.mayCreateNewVersion()) {
      throw ImportService.courseExists(job.courseId());
    }
    if (existing.isEmpty()) {
      try {
        courses.insert(
            new Course(job.tenantId(), job.courseId(), d.title(), List.of(), now, now, -1, 0));
      } catch (DomainException e) {
        if (e.kind() != DomainException.Kind.ALREADY_EXISTS || !job.mayCreateNewVersion()) {
          throw ImportService.courseExists(job.courseId());
        }
      }
    }
    int version =
        courses
            .reserveVersion(job.tenantId(), job.courseId())
            .orElseThrow(() -> new IllegalStateException("course vanished during import"));
    long size = blobs.size(blobId);
    versions.insert(
        new CourseVersion(
            job.tenantId(), job.courseId(), version, d.title(), blobId, size, job.fileName(), d,
            result.report(), now, now));
    courses.versionAdded(job.tenantId(), job.courseId(), version, d.title(), now);
    return version;
  }

  /**
   * Cleans up first and ends the job last, so that a caller who sees ERROR finds nothing left
   * behind, and a worker dying in between leaves a RUNNING job to be claimed again, not a leak.
   */
  private void fail(ImportJob job, String blobId, String message) {
    discardCourseIfEmpty(job);
    if (blobId != null && !versions.isBlobReferenced(blobId)
        && !jobs.isBlobReferencedByOtherJob(blobId, job.jobId())) {
      try {
        blobs.delete(blobId);
      } catch (IOException e) {
        log.warn("Could not delete refused blob {}", blobId, e);
      }
    }
    jobs.fail(job.jobId(), message, clock.instant());
    log.info("Import job {} for course '{}' failed: {}", job.jobId(), job.courseId(), message);
  }

  private void discardCourseIfEmpty(ImportJob job) {
    courses
        .find(job.tenantId(), job.courseId())
        .filter(c -> c.latestVersion() < 0 && versions.list(job.tenantId(), job.courseId()).isEmpty())
        .ifPresent(c -> courses.delete(job.tenantId(), job.courseId()));
  }
}
