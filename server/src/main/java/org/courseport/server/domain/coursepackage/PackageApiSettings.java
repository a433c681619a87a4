package org.courseport.server.domain.coursepackage;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of the Allure package API, from the environment.
 *
 * @param publicBaseUrl base of the presigned URLs ({@code COURSEPORT_PUBLIC_BASE_URL}, e.g. {@code
 *     https://courseport.example.com}); null: {@code http://localhost:<HTTP port>}
 * @param singleUploadMaxBytes largest presigned upload ({@code COURSEPORT_SINGLE_UPLOAD_MAX_BYTES},
 *     default 100 MB as the Allure API documents)
 * @param urlLifetime how long a presigned URL works ({@code COURSEPORT_UPLOAD_URL_TTL_SECONDS},
 *     default 900)
 * @param keyRotation how often a new signing key is generated ({@code
 *     COURSEPORT_UPLOAD_KEY_ROTATION_HOURS}, default 24)
 * @param signingKey a fixed signing key {@code id:secret} ({@code COURSEPORT_UPLOAD_SIGNING_KEY}),
 *     or null to keep generated keys in the store
 * @param processWait longest a ProcessPackage call waits for its import ({@code
 *     COURSEPORT_PROCESS_WAIT_SECONDS}, default 600)
 * @param maxPackages packages per tenant ({@code COURSEPORT_QUOTA_MAX_PACKAGES}, 0: unlimited)
 * @param maxStoredBytes stored bytes per tenant ({@code COURSEPORT_QUOTA_MAX_BYTES}, 0: unlimited)
 */
public record PackageApiSettings(
    String publicBaseUrl,
    long singleUploadMaxBytes,
    Duration urlLifetime,
    Duration keyRotation,
    String signingKey,
    Duration processWait,
    long maxPackages,
    long maxStoredBytes,
    String adminToken) {

  /** 100 MB: the Allure API's documented single-upload limit. */
  public static final long DEFAULT_SINGLE_UPLOAD_MAX_BYTES = 100L * 1000 * 1000;

  /** Reads the settings from environment variables, with defaults. */
  public static PackageApiSettings fromEnvironment(Map<String, String> env) {
    return new PackageApiSettings(
        blankToNull(env.get("COURSEPORT_PUBLIC_BASE_URL")),
        number(env, "COURSEPORT_SINGLE_UPLOAD_MAX_BYTES", DEFAULT_SINGLE_UPLOAD_MAX_BYTES),
        Duration.ofSeconds(number(env, "COURSEPORT_UPLOAD_URL_TTL_SECONDS", 900)),
        Duration.ofHours(number(env, "COURSEPORT_UPLOAD_KEY_ROTATION_HOURS", 24)),
        blankToNull(env.get("COURSEPORT_UPLOAD_SIGNING_KEY")),
        Duration.ofSeconds(number(env, "COURSEPORT_PROCESS_WAIT_SECONDS", 600)),
        quota(env, "COURSEPORT_QUOTA_MAX_PACKAGES"),
        quota(env, "COURSEPORT_QUOTA_MAX_BYTES"),
        blankToNull(env.get("COURSEPORT_ADMIN_TOKEN")));
  }

  /**
   * How long an upload's record (and the bytes only it holds) is kept after its URL expired, from
   * {@code COURSEPORT_UPLOAD_RETENTION_HOURS}, default 24: time enough to process (or validate,
   * then process) what was uploaded; afterwards the upload is swept.
   */
  public static Duration uploadRetentionFrom(Map<String, String> env) {
    return Duration.ofHours(number(env, "COURSEPORT_UPLOAD_RETENTION_HOURS", 24));
  }

  private static long quota(Map<String, String> env, String name) {
    String raw = blankToNull(env.get(name));
    return raw == null || raw.equals("0") ? 0 : number(env, name, 0);
  }

  private static long number(Map<String, String> env, String name, long fallback) {
    String raw = blankToNull(env.get(name));
    if (raw == null) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw.trim());
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive: " + raw);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number: " + raw, e);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
