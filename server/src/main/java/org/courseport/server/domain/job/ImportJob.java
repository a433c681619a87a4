package org.courseport.server.domain.job;

import java.time.Instant;
import java.util.List;
import org.courseport.server.domain.course.VersionReservation;

/**
 * An import job: the unit of work that turns stored (or fetched) bytes into a course version.
 *
 * @param jobId opaque id
 * @param tenantId owning tenant
 * @param courseId course to import into
 * @param mayCreateNewVersion whether an existing course gets a new version
 * @param source where the bytes come from
 * @param blobId stored package (null for a fetch job until fetched)
 * @param fetchUrl URL to fetch from (FETCH jobs), else null
 * @param fileName uploaded file name or last URL segment
 * @param contentType MIME type of the upload
 * @param postbackUrl URL to notify when the job ends, or null
 * @param status RUNNING, COMPLETE or ERROR
 * @param claimedBy worker that holds the job, or null
 * @param claimedAt when it was claimed, or null
 * @param attempts how many times it was claimed
 * @param message the reason, on ERROR
 * @param version the version created, on COMPLETE (else -1)
 * @param warnings parser warnings, on COMPLETE
 * @param created when the job was created
 * @param finished when it ended, or null
 * @param media what the caller said about a media-file course, or null
 * @param reservation the version number reserved when the upload was accepted, or null (a job
 *     stored before reservations existed takes one when it runs)
 * @param requestId the request that created the job, set in the logs while a worker runs it, or
 *     null
 */
public record ImportJob(
    String jobId,
    String tenantId,
    String courseId,
    boolean mayCreateNewVersion,
    Source source,
    String blobId,
    String fetchUrl,
    String fileName,
    String contentType,
    String postbackUrl,
    Status status,
    String claimedBy,
    Instant claimedAt,
    int attempts,
    String message,
    int version,
    List<String> warnings,
    Instant created,
    Instant finished,
    MediaMetadata media,
    VersionReservation reservation,
    String requestId) {
  public ImportJob {
    warnings = List.copyOf(warnings);
  }

  /** A job without a request id. */
  public ImportJob(
      String jobId,
      String tenantId,
      String courseId,
      boolean mayCreateNewVersion,
      Source source,
      String blobId,
      String fetchUrl,
      String fileName,
      String contentType,
      String postbackUrl,
      Status status,
      String claimedBy,
      Instant claimedAt,
      int attempts,
      String message,
      int version,
      List<String> warnings,
      Instant created,
      Instant finished,
      MediaMetadata media,
      VersionReservation reservation) {
    this(
        jobId,
        tenantId,
        courseId,
        mayCreateNewVersion,
        source,
        blobId,
        fetchUrl,
        fileName,
        contentType,
        postbackUrl,
        status,
        claimedBy,
        claimedAt,
        attempts,
        message,
        version,
        warnings,
        created,
        finished,
        media,
        reservation,
        null);
  }

  /** A job without a reservation. */
  public ImportJob(
      String jobId,
      String tenantId,
      String courseId,
      boolean mayCreateNewVersion,
      Source source,
      String blobId,
      String fetchUrl,
      String fileName,
      String contentType,
      String postbackUrl,
      Status status,
      String claimedBy,
      Instant claimedAt,
      int attempts,
      String message,
      int version,
      List<String> warnings,
      Instant created,
      Instant finished,
      MediaMetadata media) {
    this(
        jobId,
        tenantId,
        courseId,
        mayCreateNewVersion,
        source,
        blobId,
        fetchUrl,
        fileName,
        contentType,
        postbackUrl,
        status,
        claimedBy,
        claimedAt,
        attempts,
        message,
        version,
        warnings,
        created,
        finished,
        media,
        null);
  }

  /** The same job with a reservation. */
  public ImportJob withReservation(VersionReservation r) {
    return new ImportJob(
        jobId,
        tenantId,
        courseId,
        mayCreateNewVersion,
        source,
        blobId,
        fetchUrl,
        fileName,
        contentType,
        postbackUrl,
        status,
        claimedBy,
        claimedAt,
        attempts,
        message,
        version,
        warnings,
        created,
        finished,
        media,
        r,
        requestId);
  }

  /** A job without media metadata. */
  public ImportJob(
      String jobId,
      String tenantId,
      String courseId,
      boolean mayCreateNewVersion,
      Source source,
      String blobId,
      String fetchUrl,
      String fileName,
      String contentType,
      String postbackUrl,
      Status status,
      String claimedBy,
      Instant claimedAt,
      int attempts,
      String message,
      int version,
      List<String> warnings,
      Instant created,
      Instant finished) {
    this(
        jobId,
        tenantId,
        courseId,
        mayCreateNewVersion,
        source,
        blobId,
        fetchUrl,
        fileName,
        contentType,
        postbackUrl,
        status,
        claimedBy,
        claimedAt,
        attempts,
        message,
        version,
        warnings,
        created,
        finished,
        null,
        null);
  }

  /** Where the job's bytes come from. */
  public enum Source {
    UPLOAD,
    FETCH
  }

  /** The job's state as SCORM Cloud reports it. */
  public enum Status {
    RUNNING,
    COMPLETE,
    ERROR
  }
}
