package org.courseport.server.config;

import java.time.Duration;
import java.util.Map;

/**
 * How quickly work left behind by a process that died (kill -9, a lost machine) is taken up again,
 * and when the sweepers first run. Every claim on shared work is a lease: a live holder renews it,
 * a dead one stops, and once it has run out any replica takes the work over. Shorter leases recover
 * sooner after a crash but renew more often; the defaults suit production.
 *
 * @param importLease how long an import job's claim holds without renewal ({@code
 *     COURSEPORT_IMPORT_LEASE_SECONDS}, 30; renewed every third of it)
 * @param contentExportLease the same for Canvas content export jobs ({@code
 *     COURSEPORT_CONTENT_EXPORT_LEASE_SECONDS}, 30)
 * @param contentExportPoll how often content export workers look for claimable jobs, among them
 *     those of dead workers ({@code COURSEPORT_CONTENT_EXPORT_POLL_SECONDS}, 30)
 * @param deliveryLease how long a claimed delivery (webhook, postback) stays with its sender before
 *     another may send it again ({@code COURSEPORT_DELIVERY_LEASE_SECONDS}, 90: twice the request
 *     timeout and 30 s; a lease shorter than the 30 s request timeout lets a slow receiver get the
 *     same delivery twice, which its delivery id lets it drop)
 * @param uploadClaimLease how long a presigned PUT or a multipart completion in progress holds its
 *     upload without renewal ({@code COURSEPORT_UPLOAD_CLAIM_LEASE_SECONDS}, 60; renewed while
 *     bytes flow), after which a retry of the PUT or the completion may take the upload over
 * @param sweepFirstRun when the housekeeping sweepers (expired uploads and multipart parts, ended
 *     jobs, expired launch tokens) first run after the start ({@code
 *     COURSEPORT_SWEEP_FIRST_RUN_SECONDS}); null keeps each sweeper's own delay (1 to 20 minutes)
 * @param quotaReservationLease how long a reservation of bytes of a tenant's storage quota counts
 *     after it was taken ({@code COURSEPORT_QUOTA_RESERVATION_LEASE_SECONDS}, 3600): an upload
 *     holds its declared size from its URL or start and again while its bytes are being stored; one
 *     abandoned, or held by a process that died, no longer counts after this
 * @param courseJobStale how long a LearningStudio course creation job may stay running without a
 *     change before it is taken to have lost its process and is started again ({@code
 *     COURSEPORT_COURSE_JOB_STALE_SECONDS}, 300; looked for at the start and every minute)
 */
public record RecoverySettings(
    Duration importLease,
    Duration contentExportLease,
    Duration contentExportPoll,
    Duration deliveryLease,
    Duration uploadClaimLease,
    Duration sweepFirstRun,
    Duration quotaReservationLease,
    Duration courseJobStale) {

  /** The production defaults. */
  public static final RecoverySettings DEFAULT =
      new RecoverySettings(
          Duration.ofSeconds(30),
          Duration.ofSeconds(30),
          Duration.ofSeconds(30),
          Duration.ofSeconds(90),
          Duration.ofSeconds(60),
          null,
          Duration.ofHours(1),
          org.courseport.server.domain.authoring.CourseAuthoring.STALE_AFTER);

  /** Reads the settings; a value that is not a positive number of seconds stops the start. */
  public static RecoverySettings fromEnvironment(Map<String, String> env) {
    Duration first = seconds(env, "COURSEPORT_SWEEP_FIRST_RUN_SECONDS", null, true);
    return new RecoverySettings(
        seconds(env, "COURSEPORT_IMPORT_LEASE_SECONDS", DEFAULT.importLease(), false),
        seconds(
            env, "COURSEPORT_CONTENT_EXPORT_LEASE_SECONDS", DEFAULT.contentExportLease(), false),
        seconds(env, "COURSEPORT_CONTENT_EXPORT_POLL_SECONDS", DEFAULT.contentExportPoll(), false),
        seconds(env, "COURSEPORT_DELIVERY_LEASE_SECONDS", DEFAULT.deliveryLease(), false),
        seconds(env, "COURSEPORT_UPLOAD_CLAIM_LEASE_SECONDS", DEFAULT.uploadClaimLease(), false),
        first,
        seconds(
            env,
            "COURSEPORT_QUOTA_RESERVATION_LEASE_SECONDS",
            DEFAULT.quotaReservationLease(),
            false),
        seconds(env, "COURSEPORT_COURSE_JOB_STALE_SECONDS", DEFAULT.courseJobStale(), false));
  }

  /** The first run of a sweeper: the configured one, else {@code own}. */
  public Duration firstRun(Duration own) {
    return sweepFirstRun == null ? own : sweepFirstRun;
  }

  private static Duration seconds(
      Map<String, String> env, String name, Duration fallback, boolean zeroAllowed) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a whole number of seconds, got '" + raw.trim() + "'", e);
    }
    if (value < 0 || (value == 0 && !zeroAllowed)) {
      throw new IllegalArgumentException(
          name + " must be " + (zeroAllowed ? "zero or more" : "positive") + ", got " + value);
    }
    return Duration.ofSeconds(value);
  }
}
