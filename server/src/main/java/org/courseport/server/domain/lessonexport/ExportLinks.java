package org.courseport.server.domain.lessonexport;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.coursepackage.SigningKey;
import org.courseport.server.domain.coursepackage.UploadSignatures;

/**
 * Signed URLs of the files of a lesson export, valid for {@link #LIFETIME}: {@code
 * {base}/api/lessons/{lessonId}/versions/{versionId}/export-files/{path}?tenant=&export=&expires=&kid=&sig=}.
 * The signature is the presigned-upload mechanism's HMAC-SHA256 (rotating keys in the store, {@link
 * UploadSignatures}) over the method, the path, the export (its cache key), the tenant and the
 * expiry; the URL is the capability, no API key is needed.
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

  /**
   * A signer of the files of one export, for URLs that expire {@link #LIFETIME} from now; the
   * signing key is fetched (and rotated when due) once per signer.
   *
   * @param exportKey the cache key of the export body the URLs serve
   */
  public Signer signer(String tenantId, String lessonId, String versionId, String exportKey) {
    Instant expires = clock.instant().plus(LIFETIME).truncatedTo(ChronoUnit.SECONDS);
    return new Signer(
        signatures.current(), baseUrl.get(), tenantId, lessonId, versionId, exportKey, expires);
  }

  /** Signs the file URLs of one export. */
  public record Signer(
      SigningKey key,
      String baseUrl,
      String tenantId,
      String lessonId,
      String versionId,
      String exportKey,
      Instant expires) {

    /** The signed URL of {@code path} (relative to the export's top folder). */
    public String url(String path) {
      String urlPath = path(lessonId, versionId, path);
      long exp = expires.getEpochSecond();
      return baseUrl
          + urlPath
          + "?tenant="
          + URLEncoder.encode(tenantId, StandardCharsets.UTF_8)
          + "&export="
          + exportKey
          + "&expires="
          + exp
          + "&kid="
          + URLEncoder.encode(key.keyId(), StandardCharsets.UTF_8)
          + "&sig="
          + sign(key, urlPath, tenantId, exportKey, exp);
    }
  }

  /** Throws PERMISSION_DENIED unless the URL parts carry a valid, unexpired signature. */
  public void verify(
      String tenantId,
      String lessonId,
      String versionId,
      String path,
      String exportKey,
      long expires,
      String keyId,
      String signature) {
    String invalid = "The signature of this file URL is not valid; request a new manifest.";
    SigningKey key = signatures.find(keyId).orElseThrow(() -> denied(INVALID, invalid));
    String expected = sign(key, path(lessonId, versionId, path), tenantId, exportKey, expires);
    if (!UploadSignatures.matches(expected, signature == null ? "" : signature)) {
      throw denied(INVALID, invalid);
    }
    if (clock.instant().getEpochSecond() > expires) {
      throw denied(
          EXPIRED,
          "This file URL expired at "
              + Instant.ofEpochSecond(expires)
              + "; request a new manifest for fresh URLs.");
    }
  }

  private static String sign(
      SigningKey key, String urlPath, String tenantId, String exportKey, long expires) {
    return UploadSignatures.sign(
        key, "GET", urlPath + "?export=" + exportKey, tenantId, expires, 0);
  }

  /** The URL path of a file, as signed. */
  public static String path(String lessonId, String versionId, String path) {
    return "/api/lessons/" + lessonId + "/versions/" + versionId + "/export-files/" + path;
  }

  private static DomainException denied(String reason, String message) {
    return new DomainException(DomainException.Kind.PERMISSION_DENIED, reason, message);
  }
}
