package org.courseport.server.domain.coursepackage;

import java.time.Instant;
import java.util.Map;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.catalog.CourseCatalog;
import org.courseport.server.domain.course.CourseQuery;

/**
 * Per-tenant quotas from configuration: number of packages and stored bytes (0: unlimited). Checked
 * before any byte is kept: the bytes quota when an upload URL is minted (with the declared size),
 * the package quota before a new package is imported.
 *
 * <p>The package quota is reserved, not only checked: {@link #reserveNewPackage} reads the tenant's
 * reservations (with their version), counts the packages, and takes a reservation with a
 * conditional single-document update on that version ({@link QuotaReservations}); a creation or
 * release in between changes the version, so the reservation is retried with fresh counts. Two
 * requests racing for the last slot therefore get one package and one QUOTA_EXCEEDED, on any
 * replica. The reservation is released when the import has ended (its package then counts itself);
 * reservations older than {@link #STALE_RESERVATION} (a crashed process's) are reclaimed before a
 * request is refused.
 */
public final class Quotas {

  /** The ErrorInfo reason; the Allure dialect answers it 403 "Quota Exceeded". */
  public static final String REASON = "QUOTA_EXCEEDED";

  /** Age after which a reservation is taken to be a crashed process's and reclaimed. */
  public static final java.time.Duration STALE_RESERVATION = java.time.Duration.ofHours(1);

  private static final int RESERVE_ATTEMPTS = 20;

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

  /** QUOTA_EXCEEDED when storing {@code size} more bytes would pass the bytes quota. */
  public void checkUpload(String tenantId, long size) {
    long maxBytes = limits(tenantId).maxBytes();
    if (maxBytes <= 0) {
      return;
    }
    long used = usage.storedBytes(tenantId);
    if (used + size > maxBytes) {
      throw exceeded(
          "Storage quota exceeded: "
              + used
              + " of "
              + maxBytes
              + " bytes are used, and the upload needs "
              + size
              + ". Delete unused packages.",
          "bytes",
          used,
          maxBytes);
    }
  }

  /** A held package reservation; {@link #close} releases it (once). */
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
    long maxPackages = limits(tenantId).maxPackages();
    if (maxPackages <= 0) {
      return () -> {};
    }
    boolean reclaimed = false;
    for (int attempt = 0; attempt < RESERVE_ATTEMPTS; attempt++) {
      QuotaReservations.State state = reservations.read(tenantId);
      afterRead.run();
      long count = catalog.count(tenantId, CourseQuery.all());
      if (count + state.packages() >= maxPackages) {
        Instant cutoff = clock.instant().minus(STALE_RESERVATION);
        if (!reclaimed && state.oldest() != null && state.oldest().isBefore(cutoff)) {
          reservations.releaseOlderThan(tenantId, cutoff);
          reclaimed = true;
          continue;
        }
        throw packagesExceeded(count, maxPackages, state.packages());
      }
      String id = java.util.UUID.randomUUID().toString();
      if (reservations.reserve(tenantId, state.version(), id, clock.instant())) {
        java.util.concurrent.atomic.AtomicBoolean open =
            new java.util.concurrent.atomic.AtomicBoolean(true);
        return () -> {
          if (open.compareAndSet(true, false)) {
            reservations.release(tenantId, id);
          }
        };
      }
    }
    throw new DomainException(
        DomainException.Kind.ABORTED,
        "QUOTA_BUSY",
        "Too many packages are being created at once for this tenant; retry the request.");
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
