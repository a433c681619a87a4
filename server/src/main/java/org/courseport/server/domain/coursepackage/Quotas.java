package org.courseport.server.domain.coursepackage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.catalog.CourseCatalog;
import org.courseport.server.domain.course.CourseQuery;
import org.courseport.server.domain.job.ImportQuota;

/**
 * Per-tenant quotas from configuration: number of packages and stored bytes (0: unlimited), with
 * per-tenant overrides. Both are reserved, not only checked, before any byte is kept, so that two
 * requests racing for the last room (on one replica or several) get one success and one
 * QUOTA_EXCEEDED.
 *
 * <p>A reservation reads the tenant's reservations (with their version), counts what the tenant has
 * (its packages, or its stored bytes: each distinct blob once), and takes the reservation with a
 * conditional single-document update on that version ({@link QuotaReservations}); a reservation or
 * release in between changes the version, so the attempt is retried with fresh counts.
 *
 * <p>{@link #reserveNewPackage} holds one package until its import has ended (its package then
 * counts itself); a package reservation older than the {@link #reservationLease} (a crashed
 * process's) no longer counts. {@link #reserveBytes} holds an upload's declared size from the
 * moment it is minted, initiated or opened, and again (checked afresh) when its bytes are about to
 * be kept, until the upload is stored (its bytes then count as stored) or refused; it ends at the
 * latest when the upload expires or its lease ({@link #reservationLease}, {@code
 * COURSEPORT_QUOTA_RESERVATION_LEASE_SECONDS}) has run out since it was taken, so the reservation
 * of an abandoned upload or of a process that died ends by itself.
 */
public final class Quotas implements ImportQuota {

  /** The ErrorInfo reason; the Allure dialect answers it 403 "Quota Exceeded". */
  public static final String REASON = "QUOTA_EXCEEDED";

  /**
   * How long a reservation (a package creation or an upload's bytes) counts after it was taken,
   * unless configured: after it, it is taken to be a crashed process's and no longer counts.
   */
  public static final Duration DEFAULT_RESERVATION_LEASE = Duration.ofHours(1);

  private static final int RESERVE_ATTEMPTS = 20;

  private volatile Duration reservationLease = DEFAULT_RESERVATION_LEASE;

  private volatile Runnable afterUsageRead = () -> {};

  private final CourseCatalog catalog;
  private final QuotaReservations reservations;
  private final java.time.Clock clock;

  /** Hook for tests: runs after the reservations are read, before the packages are counted. */
  volatile Runnable afterRead = () -> {};

  private final QuotaUsage usage;
  private final QuotaOverrides overrides;
  private final long maxPackages;
  private final long maxBytes;

  public Quotas(
      CourseCatalog catalog,
      QuotaUsage usage,
      QuotaOverrides overrides,
      long maxPackages,
      long maxBytes) {
    this(
        catalog,
        usage,
        overrides,
        QuotaReservations.inMemory(),
        java.time.Clock.systemUTC(),
        maxPackages,
        maxBytes);
  }

  /**
   * @param reservations the package creations in flight, shared by the replicas
   */
  public Quotas(
      CourseCatalog catalog,
      QuotaUsage usage,
      QuotaOverrides overrides,
      QuotaReservations reservations,
      java.time.Clock clock,
      long maxPackages,
      long maxBytes) {
    this.reservations = reservations;
    this.clock = clock;
    this.catalog = catalog;
    this.usage = usage;
    this.overrides = overrides;
    this.maxPackages = maxPackages;
    this.maxBytes = maxBytes;
  }

  /** A tenant's effective quotas (0: unlimited). */
  public record Limits(long maxPackages, long maxBytes) {}

  /** The tenant's quotas: its override where set, else the configured defaults. */
  public Limits limits(String tenantId) {
    QuotaOverrides.Values o = overrides.find(tenantId).orElse(QuotaOverrides.Values.NONE);
    return new Limits(
        o.maxPackages() != null ? o.maxPackages() : maxPackages,
        o.maxBytes() != null ? o.maxBytes() : maxBytes);
  }

  /** Overrides the given quotas of a tenant (nulls keep the current override) and answers all. */
  public Limits override(String tenantId, Long packages, Long bytes) {
    if ((packages != null && packages < 0) || (bytes != null && bytes < 0)) {
      throw DomainException.invalid("QUOTA_INVALID", "Quotas are 0 (unlimited) or positive");
    }
    overrides.set(tenantId, packages, bytes);
    return limits(tenantId);
  }

  /** What a tenant uses: its packages and its stored bytes. */
  public record Usage(long packages, long storedBytes) {}

  /** The tenant's current usage. */
  public Usage usage(String tenantId) {
    return new Usage(catalog.count(tenantId, CourseQuery.all()), usage.storedBytes(tenantId));
  }

  /**
   * Reserves {@code bytes} of the tenant's bytes quota for the upload {@code id}, atomically (see
   * the class comment): QUOTA_EXCEEDED naming the bytes when the stored bytes, the bytes reserved
   * by other uploads in flight and these would pass the quota; nothing is reserved then. Taking it
   * again for the same {@code id} (when the upload's bytes are about to be kept, after it was
   * minted) replaces the earlier one, checked afresh. The reservation counts until it is closed,
   * {@code until} (null: no end but the lease) or the {@link #reservationLease} after it was taken,
   * whichever comes first. Close it once the upload is stored (the stored bytes then count
   * themselves) or refused.
   */
  public Reservation reserveBytes(String tenantId, String id, long bytes, Instant until) {
    long maxBytes = limits(tenantId).maxBytes();
    if (maxBytes <= 0) {
      return () -> {};
    }
    for (int attempt = 0; attempt < RESERVE_ATTEMPTS; attempt++) {
      QuotaReservations.State state = reservations.read(tenantId);
      long used = usage.storedBytes(tenantId);
      afterUsageRead.run();
      Instant now = clock.instant();
      List<QuotaReservations.Held> others =
          live(state, now).stream().filter(h -> !h.id().equals(id)).toList();
      long reserved = others.stream().mapToLong(QuotaReservations.Held::bytes).sum();
      if (used + reserved + bytes > maxBytes) {
        throw bytesExceeded(used, reserved, bytes, maxBytes);
      }
      List<QuotaReservations.Held> next = new ArrayList<>(others);
      next.add(new QuotaReservations.Held(id, 0, bytes, now, until));
      if (reservations.replace(tenantId, state.version(), next)) {
        return releasing(tenantId, id);
      }
    }
    throw busy("uploads are being started");
  }

  /** The bytes reserved by the tenant's uploads in flight (live reservations only). */
  public long reservedBytes(String tenantId) {
    return live(reservations.read(tenantId), clock.instant()).stream()
        .mapToLong(QuotaReservations.Held::bytes)
        .sum();
  }

  /**
   * Sets how long a reservation, of a package or of bytes, counts after it was taken ({@link
   * #DEFAULT_RESERVATION_LEASE}).
   */
  public Quotas reservationLease(Duration lease) {
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException(
          "the quota reservation lease must be positive, got " + lease);
    }
    this.reservationLease = lease;
    return this;
  }

  /** How long a reservation counts after it was taken. */
  public Duration reservationLease() {
    return reservationLease;
  }

  /** A hook for tests: runs after a bytes reservation has read the usage, before it reserves. */
  public void afterUsageRead(Runnable hook) {
    this.afterUsageRead = hook == null ? () -> {} : hook;
  }

  /** A held reservation; {@link #close} releases it (once). */
  public interface Reservation extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Reserves one new package of the tenant's quota, atomically (see the class comment);
   * QUOTA_EXCEEDED when its packages and the creations in flight already fill it. Close the answer
   * when the creation has ended, whether it succeeded or not.
   */
  public Reservation reserveNewPackage(String tenantId) {
    return reserveNewPackage(tenantId, java.util.UUID.randomUUID().toString());
  }

  /**
   * As {@link #reserveNewPackage(String)}, under the given id: taking it again for the same id
   * replaces the earlier one, and closing the answer ends it.
   */
  public Reservation reserveNewPackage(String tenantId, String id) {
    long maxPackages = limits(tenantId).maxPackages();
    if (maxPackages <= 0) {
      return () -> {};
    }
    for (int attempt = 0; attempt < RESERVE_ATTEMPTS; attempt++) {
      QuotaReservations.State state = reservations.read(tenantId);
      afterRead.run();
      long count = catalog.count(tenantId, CourseQuery.all());
      List<QuotaReservations.Held> live =
          live(state, clock.instant()).stream().filter(h -> !h.id().equals(id)).toList();
      long inFlight = live.stream().mapToLong(QuotaReservations.Held::packages).sum();
      if (count + inFlight >= maxPackages) {
        throw packagesExceeded(count, maxPackages, inFlight);
      }
      List<QuotaReservations.Held> next = new ArrayList<>(live);
      next.add(new QuotaReservations.Held(id, 1, 0, clock.instant(), null));
      if (reservations.replace(tenantId, state.version(), next)) {
        return releasing(tenantId, id);
      }
    }
    throw busy("packages are being created");
  }

  /** A reservation whose first close removes it (and the tenant's stale ones). */
  private Reservation releasing(String tenantId, String id) {
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.compareAndSet(true, false)) {
        releaseHeld(tenantId, id);
      }
    };
  }

  // Import jobs (SCORM Cloud uploads and fetches): reservations named after the job.

  @Override
  public void reserveNewCourse(String tenantId, String jobId) {
    reserveNewPackage(tenantId, IMPORT_COURSE + jobId);
  }

  @Override
  public void reserveBytes(String tenantId, String jobId, long bytes) {
    reserveBytes(tenantId, IMPORT_BYTES + jobId, bytes, null);
  }

  @Override
  public void release(String tenantId, String jobId) {
    releaseHeld(tenantId, IMPORT_COURSE + jobId);
    releaseHeld(tenantId, IMPORT_BYTES + jobId);
  }

  private static final String IMPORT_COURSE = "import-course:";
  private static final String IMPORT_BYTES = "import-bytes:";

  private void releaseHeld(String tenantId, String id) {
    for (int attempt = 0; attempt < RESERVE_ATTEMPTS; attempt++) {
      QuotaReservations.State state = reservations.read(tenantId);
      if (state.held().stream().noneMatch(h -> h.id().equals(id))) {
        return;
      }
      List<QuotaReservations.Held> next =
          live(state, clock.instant()).stream().filter(h -> !h.id().equals(id)).toList();
      if (reservations.replace(tenantId, state.version(), next)) {
        return;
      }
    }
    // Left to run out: a reservation always ends with its lease.
  }

  /**
   * The reservations that still count: each for the {@link #reservationLease} after it was taken,
   * bytes also not past their {@code until}.
   */
  private List<QuotaReservations.Held> live(QuotaReservations.State state, Instant now) {
    Instant cutoff = now.minus(reservationLease);
    return state.held().stream()
        .filter(
            h ->
                h.at().isAfter(cutoff)
                    && (h.packages() > 0 || h.until() == null || h.until().isAfter(now)))
        .toList();
  }

  private static DomainException busy(String what) {
    return new DomainException(
        DomainException.Kind.ABORTED,
        "QUOTA_BUSY",
        "Too many " + what + " at once for this tenant; retry the request.");
  }

  private static DomainException bytesExceeded(long used, long reserved, long size, long max) {
    return exceeded(
        "Storage quota exceeded: "
            + used
            + " of "
            + max
            + " bytes are used"
            + (reserved > 0 ? ", " + reserved + " are reserved by uploads in progress," : "")
            + " and the upload needs "
            + size
            + ". Delete unused packages.",
        "bytes",
        used + reserved,
        max);
  }

  private static DomainException packagesExceeded(long count, long max, long inFlight) {
    return exceeded(
        "Package quota exceeded: the tenant has "
            + count
            + " of "
            + max
            + " packages"
            + (inFlight > 0 ? " and " + inFlight + " being created" : "")
            + ". Delete unused packages or add a revision to an existing one.",
        "packages",
        count + inFlight,
        max);
  }

  private static DomainException exceeded(String message, String quota, long used, long limit) {
    return new DomainException(
        DomainException.Kind.RESOURCE_EXHAUSTED,
        REASON,
        message,
        Map.of("quota", quota, "used", Long.toString(used), "limit", Long.toString(limit)));
  }
}
