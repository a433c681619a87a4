package org.courseport.server.domain.coursepackage;

import java.util.Map;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.catalog.CourseCatalog;
import org.courseport.server.domain.course.CourseQuery;

/**
 * Per-tenant quotas from configuration: number of packages and stored bytes (0: unlimited). Checked
 * before any byte is kept: the bytes quota when an upload URL is minted (with the declared size),
 * the package quota before a new package is imported.
 */
public final class Quotas {

  /** The ErrorInfo reason; the Allure dialect answers it 403 "Quota Exceeded". */
  public static final String REASON = "QUOTA_EXCEEDED";

  private final CourseCatalog catalog;
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

  /** QUOTA_EXCEEDED when the tenant has as many packages as its quota allows. */
  public void checkNewPackage(String tenantId) {
    long maxPackages = limits(tenantId).maxPackages();
    if (maxPackages <= 0) {
      return;
    }
    long count = catalog.count(tenantId, CourseQuery.all());
    if (count >= maxPackages) {
      throw exceeded(
          "Package quota exceeded: the tenant has "
              + count
              + " of "
              + maxPackages
              + " packages. Delete unused packages or add a revision to an existing one.",
          "packages",
          count,
          maxPackages);
    }
  }

  private static DomainException exceeded(String message, String quota, long used, long limit) {
    return new DomainException(
        DomainException.Kind.RESOURCE_EXHAUSTED,
        REASON,
        message,
        Map.of("quota", quota, "used", Long.toString(used), "limit", Long.toString(limit)));
  }
}
