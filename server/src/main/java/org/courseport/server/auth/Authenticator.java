package org.courseport.server.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.courseport.server.domain.tenant.ApiKey;
import org.courseport.server.domain.tenant.TenantRepository;

/**
 * Turns an {@code Authorization} value into a tenant id. Accepts HTTP Basic ({@code id:secret}),
 * {@code Bearer id:secret} (the single token is the same pair, so one key works with clients
 * configured for either scheme) and {@code Bearer id.secret} (the lesson API's token form, key id
 * and secret joined by a dot). A token with a colon is always split at its first colon; the dot
 * form is only read from a token without a colon and with exactly one dot, so it is unambiguous:
 * generated key ids (A-Z, 2-9) and secrets (base64url) contain neither character, and a key whose
 * id or secret contains a dot is used in the colon form.
 *
 * <p>The key document is read from the store on every call, so a revocation or rotation made
 * through any replica applies to the next request everywhere. A revoked key authenticates nothing.
 * After a rotation the previous secret authenticates until the key's {@code previousValidUntil} (by
 * this authenticator's clock), and not after. The verified-secret cache of {@link SecretHasher} is
 * only consulted after these checks, with the hash just read, so it cannot let a revoked key or an
 * expired previous secret through.
 */
public final class Authenticator {
  private final TenantRepository tenants;
  private final SecretHasher hasher;
  private final Clock clock;

  public Authenticator(TenantRepository tenants, SecretHasher hasher) {
    this(tenants, hasher, Clock.systemUTC());
  }

  /**
   * @param clock decides whether a rotated key's previous secret is still inside its grace period
   */
  public Authenticator(TenantRepository tenants, SecretHasher hasher, Clock clock) {
    this.tenants = tenants;
    this.hasher = hasher;
    this.clock = clock;
  }

  /** The tenant the credentials belong to, or empty when they are absent, malformed or wrong. */
  public Optional<String> authenticate(String authorization) {
    return authenticateKey(authorization).map(ApiKey::tenantId);
  }

  /** The key the credentials name, or empty when they are absent, malformed or wrong. */
  public Optional<ApiKey> authenticateKey(String authorization) {
    return parse(authorization).flatMap(this::verify);
  }

  /**
   * Checks the pair. An unknown key id costs the same PBKDF2 derivation and constant-time
   * comparison as a known id with a wrong secret, so response times do not reveal which ids exist.
   */
  private Optional<ApiKey> verify(String[] pair) {
    Optional<ApiKey> key = tenants.findKey(pair[0]);
    if (key.isEmpty()) {
      hasher.verifyUnknownKey(pair[1]);
      return Optional.empty();
    }
    ApiKey k = key.get();
    if (k.revoked()) {
      // Same cost as a wrong secret; the answer does not tell a revoked key from a wrong secret.
      hasher.verifyUnknownKey(pair[1]);
      return Optional.empty();
    }
    if (hasher.verify(k.keyId(), pair[1], k.secretHash())) {
      return key;
    }
    if (k.previousSecretHash() != null
        && k.previousValidUntil() != null
        && clock.instant().isBefore(k.previousValidUntil())
        && hasher.verify(k.keyId() + PREVIOUS_SUFFIX, pair[1], k.previousSecretHash())) {
      return key;
    }
    return Optional.empty();
  }

  /**
   * Cache name of a key's previous secret, so that clients still on the old secret during a grace
   * period and clients on the new one do not evict each other's cache entry. Key ids never contain
   * a NUL character (they come from an HTTP header).
   */
  private static final String PREVIOUS_SUFFIX = "\u0000previous";

  /** Splits a Basic or Bearer value into {@code [id, secret]}. */
  static Optional<String[]> parse(String authorization) {
    if (authorization == null) {
      return Optional.empty();
    }
    String value = authorization.trim();
    String token;
    if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        token =
            new String(
                Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    } else if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = value.substring(7).trim();
      if (token.indexOf(':') < 0) {
        return dotted(token);
      }
    } else {
      return Optional.empty();
    }
    int colon = token.indexOf(':');
    if (colon <= 0 || colon == token.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new String[] {token.substring(0, colon), token.substring(colon + 1)});
  }

  /** Splits a colon-less Bearer token {@code id.secret} with exactly one dot. */
  private static Optional<String[]> dotted(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0 || dot == token.length() - 1 || token.indexOf('.', dot + 1) >= 0) {
      return Optional.empty();
    }
    return Optional.of(new String[] {token.substring(0, dot), token.substring(dot + 1)});
  }
}
