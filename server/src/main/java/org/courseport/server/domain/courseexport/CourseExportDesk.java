package org.courseport.server.domain.courseexport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.Sha256;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.course.CourseRepository;
import org.courseport.server.domain.delivery.Delivery;
import org.courseport.server.domain.delivery.DeliveryQueue;
import org.courseport.server.domain.delivery.EndpointUrlPolicy;
import org.courseport.server.domain.delivery.NewDelivery;
import org.courseport.server.domain.tenant.TenantPlans;
import org.courseport.server.export.CourseExports;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportOptions;

/**
 * LearningStudio's course export around {@link CourseExports}: the request checks in the order
 * LearningStudio answers them, the permanent download capability, its revocation and download, the
 * share page and the {@code course.exported} event.
 *
 * <p>Order of the checks: the rate limit (429 RATE_LIMIT_EXCEEDED, 30 requests per minute per key,
 * counted for every request, valid or not) is the general one of the {@code export} route class,
 * checked before the call runs ({@code auth.AuthInterceptor}); then {@link #export} checks the plan
 * (403 PAID_PLAN_REQUIRED), the body (400 VALIDATION_ERROR), the course (404). The download URL is
 * {@code {public base}/downloads/{token}} with a 256-bit random token of which only the SHA-256 is
 * stored.
 */
public final class CourseExportDesk {
  /** The event sent to a request's callbackUrl. */
  public static final String EXPORTED_EVENT = "course.exported";

  /** The LearningStudio formats and what they export as. */
  public static final List<ExportFormat> FORMATS =
      List.of(ExportFormat.SCORM12, ExportFormat.SCORM2004_3RD, ExportFormat.SCORM2004_4TH);

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CourseExports exports;
  private final CourseRepository courses;
  private final ExportDownloadRepository downloads;
  private final SharedCourses shared;
  private final TenantPlans plans;
  private final EndpointUrlPolicy callbackPolicy;
  private final DeliveryQueue deliveries;
  private final SigningEndpoints signing;
  private final BlobStore blobs;
  private final Supplier<String> publicBase;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** Finds the tenant's webhook endpoint registered with a callback URL (its secret signs). */
  @FunctionalInterface
  public interface SigningEndpoints {
    Optional<String> endpointFor(String tenantId, String url);
  }

  /**
   * @param callbackPolicy the webhook URL rules (https unless the operator allows plain HTTP for
   *     the host, SSRF guard)
   * @param publicBase the server's public base URL without a trailing slash
   */
  public CourseExportDesk(
      CourseExports exports,
      CourseRepository courses,
      ExportDownloadRepository downloads,
      SharedCourses shared,
      TenantPlans plans,
      EndpointUrlPolicy callbackPolicy,
      DeliveryQueue deliveries,
      SigningEndpoints signing,
      BlobStore blobs,
      Supplier<String> publicBase,
      Clock clock) {
    this.exports = exports;
    this.courses = courses;
    this.downloads = downloads;
    this.shared = shared;
    this.plans = plans;
    this.callbackPolicy = callbackPolicy;
    this.deliveries = deliveries;
    this.signing = signing;
    this.blobs = blobs;
    this.publicBase = publicBase;
    this.clock = clock;
  }

  /** What an export request asks. Empty strings are absent fields. */
  public record Request(String courseId, String format, String callbackUrl, boolean multiSco) {}

  /** The answer of an export. */
  public record Result(
      String courseId,
      String format,
      String downloadUrl,
      String shareUrl,
      String exportedAt,
      String exportId,
      String sha256,
      long size) {}

  /** Exports the course of the caller's tenant; see the class comment for the checks. */
  public Result export(String tenantId, Request request) {
    plans.requirePaid(tenantId);
    String formatName = request.format() == null ? "" : request.format().trim();
    ExportFormat format = formatName.isEmpty() ? ExportFormat.SCORM12 : formatOf(formatName);
    String callback = callback(request.callbackUrl());
    String courseId = request.courseId() == null ? "" : request.courseId().trim();
    if (courseId.isEmpty() || courses.find(tenantId, courseId).isEmpty()) {
      throw DomainException.notFound("NOT_FOUND", "Course '" + courseId + "' not found.");
    }
    CourseExports.ExportedPackage pkg =
        exports.export(tenantId, courseId, new ExportOptions(format, request.multiSco()), p -> {});
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Instant now = clock.instant();
    ExportDownload download =
        new ExportDownload(
            UUID.randomUUID().toString(),
            tenantId,
            courseId,
            pkg.title(),
            format.apiName(),
            pkg.blobId(),
            pkg.fileName(),
            pkg.size(),
            pkg.sha256(),
            hash(token),
            now,
            null);
    downloads.insert(download);
    Result result =
        new Result(
            courseId,
            format.apiName(),
            publicBase.get() + "/downloads/" + token,
            shareUrl(courseId),
            timestamp(now),
            download.exportId(),
            pkg.sha256(),
            pkg.size());
    if (callback != null) {
      notifyExported(tenantId, callback, result);
    }
    return result;
  }

  /** Revokes an export's download URL; NOT_FOUND for an unknown or another tenant's export. */
  public ExportDownload revoke(String tenantId, String courseId, String exportId) {
    return downloads
        .revoke(tenantId, courseId, exportId, clock.instant())
        .orElseThrow(
            () ->
                DomainException.notFound(
                    "NOT_FOUND",
                    "Export '" + exportId + "' of course '" + courseId + "' not found."));
  }

  /** The download a token names; NOT_FOUND for a malformed, unknown or revoked token. */
  public ExportDownload download(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      throw downloadNotFound();
    }
    return downloads.findActive(hash(token)).orElseThrow(CourseExportDesk::downloadNotFound);
  }

  /** The stored zip of a download. */
  public InputStream open(ExportDownload download) throws IOException {
    return blobs.open(download.blobId());
  }

  /** What the share page shows. */
  public record SharePage(String courseId, String title, boolean previewEnabled) {}

  /**
   * The share page of an authored or exported course (an authored course's title first, else the
   * title of the newest export); NOT_FOUND otherwise. No preview yet: the player comes later.
   */
  public SharePage sharePage(String courseId) {
    String id = courseId == null ? "" : courseId.trim();
    Optional<String> title = shared.authoredTitle(id);
    if (title.isEmpty()) {
      title = downloads.newestOfCourse(id).map(ExportDownload::title);
    }
    return new SharePage(
        id,
        title.orElseThrow(
            () -> DomainException.notFound("NOT_FOUND", "Course '" + id + "' is not shared.")),
        false);
  }

  /** {@code {public base}/go/{courseId}}. */
  public String shareUrl(String courseId) {
    return publicBase.get() + "/go/" + courseId;
  }

  /** An instant as LearningStudio writes it: {@code 2026-04-28T17:15:42.000Z}. */
  public static String timestamp(Instant at) {
    return MILLIS.format(at);
  }

  /** Lower-case hex SHA-256 of a token. */
  static String hash(String token) {
    return Sha256.hex(token.getBytes(StandardCharsets.US_ASCII));
  }

  private static DomainException downloadNotFound() {
    return DomainException.notFound("NOT_FOUND", "No such download (unknown or revoked).");
  }

  private static ExportFormat formatOf(String name) {
    return FORMATS.stream()
        .filter(f -> f.apiName().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                DomainException.invalid(
                    "VALIDATION_ERROR",
                    "format must be one of \"scorm12\", \"scorm2004\", \"scorm2004_4\", not \""
                        + name
                        + "\""));
  }

  private String callback(String url) {
    String value = url == null ? "" : url.trim();
    if (value.isEmpty()) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw badCallback("it is not a URL");
    }
    if (!uri.isAbsolute() || uri.getHost() == null) {
      throw badCallback("it is not an absolute URL");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw badCallback("it must be an https URL");
    }
    try {
      return callbackPolicy.check(value);
    } catch (DomainException e) {
      throw badCallback(e.getMessage());
    }
  }

  private static DomainException badCallback(String why) {
    return DomainException.invalid(
        "VALIDATION_ERROR", "callbackUrl must be an absolute HTTPS URL: " + why);
  }

  private void notifyExported(String tenantId, String callback, Result result) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("event", EXPORTED_EVENT)
            .put("courseId", result.courseId())
            .put("format", result.format())
            .put("downloadUrl", result.downloadUrl())
            .put("shareUrl", result.shareUrl())
            .put("exportedAt", result.exportedAt());
    String endpointId = signing.endpointFor(tenantId, callback).orElse(null);
    deliveries.enqueue(
        new NewDelivery(
            tenantId,
            endpointId != null ? Delivery.Kind.WEBHOOK : Delivery.Kind.POSTBACK,
            EXPORTED_EVENT,
            result.exportId(),
            endpointId,
            callback,
            Map.of(),
            body.toString()));
  }
}
