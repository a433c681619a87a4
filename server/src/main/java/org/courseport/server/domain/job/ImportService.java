package org.courseport.server.domain.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.courseport.server.domain.Checkpoints;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.LogContext;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.course.CourseIds;
import org.courseport.server.domain.course.CourseRepository;
import org.courseport.server.domain.course.VersionReservation;

/** Starts import jobs (upload or fetch) and reports their state. */
public final class ImportService {
  /** SCORM Cloud answers for an import job for a week after it ends. */
  public static final Duration RETENTION = Duration.ofDays(7);

  private final CourseRepository courses;
  private final ImportJobRepository jobs;
  private final BlobStore blobs;
  private final Clock clock;
  private final long maxUploadBytes;
  private final Runnable wakeWorkers;
  private volatile ImportQuota quota = ImportQuota.NONE;
  private volatile Checkpoints checkpoints = Checkpoints.NONE;

  /**
   * Checkpoint ({@link Checkpoints}) of an upload: its whole body received into a blob not yet
   * published (on the file blob store, a temp file) and its size reserved of the tenant's
   * stored-bytes quota; no job exists yet and the caller has no answer.
   */
  public static final String CHECKPOINT_RESERVED = "import.upload.reserved";

  public ImportService(
      CourseRepository courses,
      ImportJobRepository jobs,
      BlobStore blobs,
      Clock clock,
      long maxUploadBytes,
      Runnable wakeWorkers) {
    this.courses = courses;
    this.jobs = jobs;
    this.blobs = blobs;
    this.clock = clock;
    this.maxUploadBytes = maxUploadBytes;
    this.wakeWorkers = wakeWorkers;
  }

  /**
   * Holds uploads and fetches to the tenant's quotas (see {@link ImportQuota}); set once at
   * start-up.
   */
  public ImportService quota(ImportQuota quota) {
    this.quota = quota;
    return this;
  }

  /** The checkpoints a crash test holds an upload at ({@link #CHECKPOINT_RESERVED}). */
  public ImportService checkpoints(Checkpoints checkpoints) {
    this.checkpoints = checkpoints == null ? Checkpoints.NONE : checkpoints;
    return this;
  }

  /**
   * Checks the request and opens a blob for the upload's bytes. An upload that creates a course
   * holds a package of the tenant's quota from here, and one that declares its size holds those
   * bytes, until its job ends: QUOTA_EXCEEDED before any byte is kept when there is no room.
   */
  public Upload beginUpload(String tenantId, UploadRequest request) {
    CourseIds.require(request.courseId());
    boolean creates = !checkMayImport(tenantId, request.courseId(), request.mayCreateNewVersion());
    checkUrl("postbackUrl", request.postbackUrl());
    if (request.declaredSize() > maxUploadBytes) {
      throw tooLarge();
    }
    String jobId = UUID.randomUUID().toString();
    try {
      if (creates) {
        quota.reserveNewCourse(tenantId, jobId);
      }
      if (request.declaredSize() > 0) {
        quota.reserveBytes(tenantId, jobId, request.declaredSize());
      }
      return new Upload(tenantId, jobId, request, blobs.newWriter());
    } catch (IOException | RuntimeException e) {
      quota.release(tenantId, jobId);
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  /**
   * Starts a job importing bytes already in the blob store (a presigned upload); returns the job
   * id. NOT_FOUND when the blob is gone.
   */
  public String startStored(String tenantId, UploadRequest request, String blobId) {
    CourseIds.require(request.courseId());
    checkMayImport(tenantId, request.courseId(), request.mayCreateNewVersion());
    if (!blobs.exists(blobId)) {
      throw DomainException.notFound("UPLOAD_NOT_FOUND", "The uploaded bytes are no longer stored");
    }
    return insertUploadJob(
        UUID.randomUUID().toString(), tenantId, request, blobId, request.media());
  }

  /**
   * Starts a job that fetches the package from a URL. One that creates a course holds a package of
   * the tenant's quota until it ends (QUOTA_EXCEEDED here when there is no room); the bytes are
   * held once fetched, when their size is known, or the job ends in ERROR naming the quota.
   */
  public String startFetch(
      String tenantId,
      String courseId,
      boolean mayCreateNewVersion,
      String url,
      String postback,
      String contentType,
      MediaMetadata media) {
    CourseIds.require(courseId);
    if (url == null || url.isBlank()) {
      throw DomainException.invalid("URL_MISSING", "url is required");
    }
    checkUrl("url", url);
    checkUrl("postbackUrl", postback);
    boolean creates = !checkMayImport(tenantId, courseId, mayCreateNewVersion);
    String name = lastSegment(url);
    String jobId = UUID.randomUUID().toString();
    if (creates) {
      quota.reserveNewCourse(tenantId, jobId);
    }
    try {
      return insertJob(
          jobId,
          tenantId,
          courseId,
          mayCreateNewVersion,
          ImportJob.Source.FETCH,
          null,
          url,
          name,
          contentType == null ? "" : contentType,
          postback,
          media);
    } catch (RuntimeException e) {
      quota.release(tenantId, jobId);
      throw e;
    }
  }

  /** The job; NOT_FOUND when unknown, another tenant's, or ended more than a week ago. */
  public ImportJob job(String tenantId, String jobId) {
    return jobs.find(tenantId, jobId)
        .filter(j -> j.finished() == null || j.finished().isAfter(clock.instant().minus(RETENTION)))
        .orElseThrow(
            () ->
                DomainException.notFound(
                    "IMPORT_JOB_NOT_FOUND", "Import job '" + jobId + "' not found"));
  }

  /** Deletes jobs that ended more than a week ago. */
  public long purgeExpired() {
    return jobs.deleteFinishedBefore(clock.instant().minus(RETENTION));
  }

  /** Whether the course exists; ALREADY_EXISTS when it does and no new version may be made. */
  private boolean checkMayImport(String tenantId, String courseId, boolean mayCreateNewVersion) {
    boolean exists =
        courses.find(tenantId, courseId).filter(c -> c.latestVersion() >= 0).isPresent();
    if (exists && !mayCreateNewVersion) {
      throw courseExists(courseId);
    }
    return exists;
  }

  /** The error of an import into an existing course without mayCreateNewVersion. */
  public static DomainException courseExists(String courseId) {
    return DomainException.alreadyExists(
        "COURSE_EXISTS",
        "Course '"
            + courseId
            + "' already exists; set mayCreateNewVersion=true to import a new"
            + " version");
  }

  static DomainException tooLarge() {
    return new DomainException(
        DomainException.Kind.RESOURCE_EXHAUSTED,
        "UPLOAD_TOO_LARGE",
        "The upload is larger than this server accepts (COURSEPORT_MAX_UPLOAD_BYTES)");
  }

  private static void checkUrl(String name, String url) {
    if (url == null || url.isEmpty()) {
      return;
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
        throw DomainException.invalid(
            "URL_INVALID", name + " must be an absolute http or https URL: " + url);
      }
    } catch (URISyntaxException e) {
      throw DomainException.invalid("URL_INVALID", name + " is not a valid URL: " + url);
    }
  }

  private static String lastSegment(String url) {
    String path = URI.create(url).getPath();
    if (path == null || path.isEmpty() || path.endsWith("/")) {
      return "package.zip";
    }
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Inserts the RUNNING job of uploaded bytes stored as {@code blobId}; returns its id. */
  private String insertUploadJob(
      String jobId, String tenantId, UploadRequest request, String blobId, MediaMetadata media) {
    return insertJob(
        jobId,
        tenantId,
        request.courseId(),
        request.mayCreateNewVersion(),
        ImportJob.Source.UPLOAD,
        blobId,
        null,
        request.fileName(),
        request.contentType(),
        request.postbackUrl(),
        media);
  }

  private String insertJob(
      String jobId,
      String tenantId,
      String courseId,
      boolean mayCreate,
      ImportJob.Source source,
      String blobId,
      String url,
      String fileName,
      String contentType,
      String postback,
      MediaMetadata media) {
    Instant now = clock.instant();
    // The version number is taken now, in acceptance order: see "Version numbers" in the README.
    VersionReservation reservation = courses.reserveVersion(tenantId, courseId, jobId, now);
    jobs.insert(
        new ImportJob(
            jobId,
            tenantId,
            courseId,
            mayCreate,
            source,
            blobId,
            url,
            fileName,
            contentType,
            postback == null || postback.isEmpty() ? null : postback,
            ImportJob.Status.RUNNING,
            null,
            null,
            0,
            null,
            -1,
            List.of(),
            now,
            null,
            media,
            reservation,
            LogContext.requestId()));
    wakeWorkers.run();
    return jobId;
  }

  /** Least bytes between two checks of a streamed upload's body against the bytes quota. */
  static final long QUOTA_STEP = 1L << 20;

  /** An upload in progress: bytes go straight to the blob store. */
  public final class Upload implements AutoCloseable {
    private final String tenantId;
    private final String jobId;
    private final UploadRequest request;
    private final BlobStore.BlobWriter writer;
    private boolean started;
    private long checkedUpTo; // the bytes held of the stored-bytes quota cover the body up to here

    private Upload(
        String tenantId, String jobId, UploadRequest request, BlobStore.BlobWriter writer) {
      this.tenantId = tenantId;
      this.jobId = jobId;
      this.request = request;
      this.writer = writer;
      this.checkedUpTo = Math.max(0, request.declaredSize());
    }

    /**
     * Appends bytes; RESOURCE_EXHAUSTED once past the size limit, or QUOTA_EXCEEDED once past the
     * tenant's stored-bytes quota (then {@link #close} discards every byte).
     */
    public void write(byte[] bytes, int off, int len) {
      long size = writer.size() + len;
      if (size > maxUploadBytes) {
        throw tooLarge();
      }
      if (size > checkedUpTo) {
        // Bytes beyond the declared size (or without one, a chunked body): held as they stream
        // in, so that a body over the quota is refused within a step of passing it, not after it
        // was stored whole. The step grows with the body (a sixteenth of it, at least 1 MiB),
        // so that a large body is checked a hundred times or so, not once per chunk.
        quota.reserveBytes(tenantId, jobId, size);
        checkedUpTo = size + Math.max(QUOTA_STEP, size / 16);
      }
      try {
        writer.stream().write(bytes, off, len);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Stores the bytes and starts the import job; returns the job id. */
    public String finish() {
      return finish(null);
    }

    /**
     * As {@link #finish()}, with media metadata that arrived after the bytes (it replaces the
     * request's own); null keeps the request's.
     */
    public String finish(MediaMetadata trailingMedia) {
      if (writer.size() == 0) {
        throw DomainException.invalid("UPLOAD_EMPTY", "The uploaded file is empty");
      }
      // The bytes about to be kept, checked afresh against the stored-bytes quota (the size is
      // known only now); QUOTA_EXCEEDED discards them all (close). Held until the job ends.
      quota.reserveBytes(tenantId, jobId, writer.size());
      checkpoints.reached(CHECKPOINT_RESERVED);
      try {
        // The job is inserted under the blob's guard: a concurrent delete of the same bytes
        // either sees this job's reference or runs before the bytes are published again.
        writer.commit(
            blobId -> {
              insertUploadJob(
                  jobId,
                  tenantId,
                  request,
                  blobId,
                  trailingMedia != null ? trailingMedia : request.media());
              started = true;
            });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return jobId;
    }

    /**
     * Discards the bytes if the upload did not finish, and then what it held of the tenant's
     * quotas.
     */
    @Override
    public void close() {
      try {
        writer.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        if (!started) {
          quota.release(tenantId, jobId);
        }
      }
    }
  }
}
