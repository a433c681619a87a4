package org.courseport.server.domain.coursepackage;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks presigned upload URLs: HMAC-SHA256 over the method, path, tenant UUID, expiry
 * and declared size. Keys come from the store (one is generated on first use and a new one every
 * {@code rotation}; old keys stay valid until every URL they signed has expired) or, when
 * configured, from {@code COURSEPORT_UPLOAD_SIGNING_KEY}.
 */
public final class UploadSignatures {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final SigningKeyRepository keys;
  private final Optional<SigningKey> configured;
  private final Duration rotation;
  private final Duration urlLifetime;
  private final Clock clock;

  public UploadSignatures(
      SigningKeyRepository keys,
      Optional<SigningKey> configured,
      Duration rotation,
      Duration urlLifetime,
      Clock clock) {
    this.keys = keys;
    this.configured = configured;
    this.rotation = rotation;
    this.urlLifetime = urlLifetime;
    this.clock = clock;
  }

  /** The key new URLs are signed with; rotates the stored key when it is older than rotation. */
  public SigningKey current() {
    if (configured.isPresent()) {
      return configured.get();
    }
    Instant now = clock.instant();
    List<SigningKey> stored = keys.all();
    if (!stored.isEmpty() && stored.get(0).created().plus(rotation).isAfter(now)) {
      return stored.get(0);
    }
    SigningKey fresh = generate(now);
    keys.insert(fresh);
    // Keys older than one rotation plus a URL lifetime signed nothing that still works.
    keys.deleteCreatedBefore(now.minus(rotation).minus(urlLifetime));
    return fresh;
  }

  /** Rotates now: new URLs get a new key, URLs signed with the old ones keep working. */
  public SigningKey rotate() {
    SigningKey fresh = generate(clock.instant());
    keys.insert(fresh);
    return fresh;
  }

  /** The key with this id, if it may still verify URLs. */
  public Optional<SigningKey> find(String keyId) {
    if (configured.isPresent() && configured.get().keyId().equals(keyId)) {
      return configured;
    }
    return keys.all().stream().filter(k -> k.keyId().equals(keyId)).findFirst();
  }

  /** The hex signature of a PUT of {@code size} bytes to {@code path}. */
  public static String sign(
      SigningKey key, String method, String path, String tenantUuid, long expires, long size) {
    String canonical = method + '\n' + path + '\n' + tenantUuid + '\n' + expires + '\n' + size;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(key.secret()), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /** Constant-time comparison of two hex signatures. */
  public static boolean matches(String expected, String given) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
  }

  /** A key from configuration, {@code id:secret} (the secret at least 32 characters). */
  public static SigningKey configuredKey(String value) {
    int colon = value.indexOf(':');
    if (colon <= 0 || value.length() - colon - 1 < 32) {
      throw new IllegalArgumentException(
          "COURSEPORT_UPLOAD_SIGNING_KEY must be id:secret with a secret of 32+ characters");
    }
    byte[] secret = value.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
    return new SigningKey(
        value.substring(0, colon), Base64.getEncoder().encodeToString(secret), Instant.EPOCH);
  }

  private static SigningKey generate(Instant now) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return new SigningKey(
        "k" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
        Base64.getEncoder().encodeToString(secret),
        now);
  }
}
