package org.courseport.server.domain.lessonexport;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.coursepackage.SigningKey;
import org.courseport.server.domain.coursepackage.UploadSignatures;

/**
 * Signed URLs of the files of a lesson export, valid for {@link #LIFETIME}: {@code
 * {base}/api/lessons/{lessonId}/versions/{versionId}/export-files/{path}?tenant=&expires=&kid=&sig=}.
 * The signature is the presigned-upload mechanism's HMAC-SHA256 (rotating keys in the store, {@link
 * UploadSignatures}) over the method, the path, the tenant and the expiry; the URL is the
 * capability, no API key is needed.
 */
public final class ExportLinks {

  /** How long a signed file URL works. */
  public static final Duration LIFETIME = Duration.ofHours(4);

  /** Reason of a URL used after its expiry. */
  public static final String EXPIRED = "SIGNED_URL_EXPIRED";

  /** Reason of a URL whose signature does not match (tampered or from a retired key). */
  public static final String INVALID = "SIGNED_URL_INVALID";

  private final UploadSignatures signatures;
  private final Supplier<String> baseUrl;
  private final Clock clock;

  /**
   * @param signatures signer whose URL lifetime is at least {@link #LIFETIME} (so keys outlive the
   *     URLs they signed), on a key collection of its own
   * @param baseUrl the public base URL of the HTTP front, without a trailing slash
   */
  public ExportLinks(UploadSignatures signatures, Supplier<String> baseUrl, Clock clock) {
    this.signatures = signatures;
    this.baseUrl = baseUrl;
    this.clock = clock;
  }

  /** When URLs minted now expire. */
  public Instant expiry() {
    return clock.instant().plus(LIFETIME).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  /** The signed URL of {@code path} (relative to the export's top folder). */
  public String url(
      String tenantId, String lessonId, String versionId, String path, Instant expires) {
    SigningKey key = signatures.current();
    String urlPath = path(lessonId, versionId, path);
    long exp = expires.getEpochSecond();
    String sig = UploadSignatures.sign(key, "GET", urlPath, tenantId, exp, 0);
    return baseUrl.get()
        + urlPath
        + "?tenant="
        + URLEncoder.encode(tenantId, StandardCharsets.UTF_8)
        + "&expires="
        + exp
        + "&kid="
        + URLEncoder.encode(key.keyId(), StandardCharsets.UTF_8)
        + "&sig="
        + sig;
  }

  /** Throws PERMISSION_DENIED unless the URL parts carry a valid, unexpired signature. */
  public void verify(
      String tenantId,
      String lessonId,
      String versionId,
      String path,
      long expires,
      String keyId,
      String signature) {
    SigningKey key =
        signatures
            .find(keyId)
            .orElseThrow(
                () ->
                    denied(
                        INVALID,
                        "The signature of this file URL is not valid; request a new manifest."));
    String expected =
        UploadSignatures.sign(key, "GET", path(lessonId, versionId, path), tenantId, expires, 0);
    if (!UploadSignatures.matches(expected, signature == null ? "" : signature)) {
      throw denied(INVALID, "The signature of this file URL is not valid; request a new manifest.");
    }
    if (clock.instant().getEpochSecond() > expires) {
      throw denied(
          EXPIRED,
          "This file URL expired at "
              + Instant.ofEpochSecond(expires)
              + "; request a new manifest for fresh URLs.");
    }
  }

  /** The URL path of a file, as signed. */
  public static String path(String lessonId, String versionId, String path) {
    return "/api/lessons/" + lessonId + "/versions/" + versionId + "/export-files/" + path;
  }

  private static DomainException denied(String reason, String message) {
    return new DomainException(DomainException.Kind.PERMISSION_DENIED, reason, message);
  }
}
