package org.courseport.server.domain.coursepackage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.catalog.CourseCatalog;
import org.courseport.server.domain.course.CourseQuery;
import org.courseport.server.domain.course.CourseView;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.ImportService;
import org.courseport.server.domain.job.UploadRequest;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.domain.packaging.PackageInspector;

/**
 * The Allure package API over the course catalog: a package is a course (its id is the course id,
 * its revisions the course's versions + 1), imported through the existing import pipeline.
 */
public final class PackageCatalog {

  /** Largest PATCHed description, in characters. */
  public static final int MAX_DESCRIPTION = 4000;

  /** Largest PATCHed duration, in characters. */
  public static final int MAX_DURATION = 64;

  /** Largest PATCHed custom_metadata, in bytes of compact JSON. */
  public static final int MAX_CUSTOM_METADATA_BYTES = 16 * 1024;

  private final CourseCatalog catalog;
  private final ImportService imports;
  private final JobWaiter waiter;
  private final PackageInspector inspector;
  private final BlobStore blobs;
  private final PresignedUploads uploads;
  private final PackageExtrasRepository extras;
  private final TenantDirectory tenants;
  private final PackageApiSettings settings;
  private final Quotas quotas;
  private final Clock clock;

  public PackageCatalog(
      CourseCatalog catalog,
      ImportService imports,
      JobWaiter waiter,
      PackageInspector inspector,
      BlobStore blobs,
      PresignedUploads uploads,
      PackageExtrasRepository extras,
      TenantDirectory tenants,
      PackageApiSettings settings,
      Quotas quotas,
      Clock clock) {
    this.catalog = catalog;
    this.imports = imports;
    this.waiter = waiter;
    this.inspector = inspector;
    this.blobs = blobs;
    this.uploads = uploads;
    this.extras = extras;
    this.tenants = tenants;
    this.settings = settings;
    this.quotas = quotas;
    this.clock = clock;
  }

  /**
   * The caller's tenant UUID, after checking a {@code tenant_id} the request carried: it must be
   * that UUID (PERMISSION_DENIED otherwise); an empty one is refused when {@code required}.
   */
  public String checkTenant(String tenantId, String given, boolean required) {
    String uuid = tenants.uuidOf(tenantId);
    if (given == null || given.isEmpty()) {
      if (required) {
        throw DomainException.invalid("TENANT_ID_MISSING", "tenant_id is required");
      }
      return uuid;
    }
    if (!given.equalsIgnoreCase(uuid)) {
      throw new DomainException(
          DomainException.Kind.PERMISSION_DENIED,
          "TENANT_MISMATCH",
          "tenant_id '" + given + "' is not the tenant of this API key (" + uuid + ").");
    }
    return uuid;
  }

  /** Imports (or with {@code validateOnly} only inspects) a stored upload; waits for the end. */
  public Processed process(
      String tenantId,
      String storagePath,
      String fileName,
      String packageId,
      boolean validateOnly) {
    UploadSlot upload = uploads.stored(tenantId, storagePath);
    String name = fileName == null || fileName.isBlank() ? upload.fileName() : fileName;
    if (validateOnly) {
      InspectionResult result = inspect(upload.blobId(), name);
      return new Processed(upload, result.description(), result.report().findings(), null);
    }
    boolean revision = packageId != null && !packageId.isEmpty();
    String id = revision ? packageId : "pkg_" + UUID.randomUUID();
    if (revision) {
      catalog.course(tenantId, id); // NOT_FOUND for an unknown (or another tenant's) package
    }
    ImportJob job;
    // A new package holds a slot of the package quota until its import has ended.
    try (Quotas.Reservation slot = revision ? () -> {} : quotas.reserveNewPackage(tenantId)) {
      UploadRequest request =
          new UploadRequest(id, revision, name, "", "", upload.declaredSize(), null);
      String jobId = imports.startStored(tenantId, request, upload.blobId());
      job = waiter.await(jobId, () -> imports.job(tenantId, jobId), settings.processWait());
    }
    if (job == null) {
      throw new DomainException(
          DomainException.Kind.UNAVAILABLE,
          "PACKAGE_PROCESSING_FAILED",
          "Processing did not end within " + settings.processWait().toSeconds() + " s.");
    }
    if (job.status() != ImportJob.Status.COMPLETE) {
      throw invalidPackage(job.message());
    }
    CourseView view = catalog.view(tenantId, id, OptionalInt.of(job.version()));
    return new Processed(
        upload, view.version().description(), view.version().report().findings(), view);
  }

  private InspectionResult inspect(String blobId, String fileName) {
    InspectionResult result;
    try (SeekableByteChannel channel = blobs.openChannel(blobId)) {
      result = inspector.inspect(channel, fileName);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (result.description() == null || !result.report().valid()) {
      String why =
          result.report().firstError().map(f -> f.describe()).orElse("not a recognised package");
      throw invalidPackage(why);
    }
    return result;
  }

  private static DomainException invalidPackage(String why) {
    return DomainException.invalid("INVALID_SCORM_PACKAGE", "The package was refused: " + why);
  }

  /** A page of packages. */
  public record Page(List<PackageView> packages, String nextPageToken) {}

  /** The caller's packages, newest first. */
  public Page list(String tenantId, int pageSize, String pageToken, int maxPageSize) {
    int size = pageSize <= 0 ? maxPageSize : Math.min(pageSize, maxPageSize);
    int offset = offsetOf(pageToken);
    List<CourseView> views = catalog.list(tenantId, CourseQuery.all(), offset, size + 1);
    String uuid = tenants.uuidOf(tenantId);
    List<PackageView> page =
        views.stream()
            .limit(size)
            .map(v -> new PackageView(v, extras.find(tenantId, v.course().courseId()), uuid))
            .toList();
    String next = views.size() > size ? tokenOf(offset + size) : "";
    return new Page(page, next);
  }

  /** The package in its current revision; NOT_FOUND when absent or another tenant's. */
  public PackageView get(String tenantId, String packageId) {
    CourseView view = catalog.view(tenantId, packageId, OptionalInt.empty());
    return new PackageView(view, extras.find(tenantId, packageId), tenants.uuidOf(tenantId));
  }

  /** Sets the given fields (nulls stay as they are) and returns the package. */
  public PackageView update(
      String tenantId,
      String packageId,
      String description,
      String duration,
      List<String> tags,
      String customMetadataJson) {
    catalog.course(tenantId, packageId);
    limit("description", description, MAX_DESCRIPTION);
    limit("duration", duration, MAX_DURATION);
    if (customMetadataJson != null
        && customMetadataJson.getBytes(StandardCharsets.UTF_8).length > MAX_CUSTOM_METADATA_BYTES) {
      throw DomainException.invalid(
          "CUSTOM_METADATA_TOO_LARGE",
          "custom_metadata is larger than " + MAX_CUSTOM_METADATA_BYTES + " bytes of JSON");
    }
    if (tags != null) {
      catalog.replaceTags(tenantId, packageId, tags);
    }
    if (description != null || duration != null || customMetadataJson != null) {
      extras.update(
          tenantId, packageId, description, duration, customMetadataJson, clock.instant());
    }
    return get(tenantId, packageId);
  }

  /** The revisions, newest first. */
  public List<CourseView> versions(String tenantId, String packageId) {
    List<CourseView> all = catalog.versions(tenantId, packageId, null, null);
    return all.stream()
        .sorted((a, b) -> Integer.compare(b.version().version(), a.version().version()))
        .toList();
  }

  private static void limit(String field, String value, int max) {
    if (value != null && value.length() > max) {
      throw DomainException.invalid(
          "FIELD_TOO_LONG", field + " is longer than " + max + " characters");
    }
  }

  private static int offsetOf(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (decoded.startsWith("o:")) {
        int offset = Integer.parseInt(decoded.substring(2));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // Falls through to the error below.
    }
    throw DomainException.invalid("PAGE_TOKEN_INVALID", "page_token is not a token this API gave");
  }

  private static String tokenOf(int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
  }
}
