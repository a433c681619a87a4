package org.courseport.server.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.courseport.server.domain.ratelimit.KeyRateLimiter;
import org.courseport.server.domain.ratelimit.RateLimiter;
import org.courseport.server.domain.ratelimit.RateLimits;
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
 *
 * <p>With a {@link KeyRateLimiter}, {@link #authenticateAndCount} reads the key and counts the
 * request against its rate limit in one store operation (one round trip in the steady state), and
 * verifies the secret against the key state that operation returned; a request whose verification
 * fails is handed back ({@link KeyRateLimiter#refund}), so wrong secrets do not use up the key's
 * quota, and it is answered as unauthenticated even when the key is over its limit.
 */
public final class Authenticator {
  private final TenantRepository tenants;
  private final SecretHasher hasher;
  private final Clock clock;
  private final KeyRateLimiter counters;

  public Authenticator(TenantRepository tenants, SecretHasher hasher) {
    this(tenants, hasher, Clock.systemUTC());
  }

  /**
   * @param clock decides whether a rotated key's previous secret is still inside its grace period
   */
  public Authenticator(TenantRepository tenants, SecretHasher hasher, Clock clock) {
    this(tenants, hasher, clock, null);
  }

  /**
   * @param counters counts requests with the key read ({@link #authenticateAndCount}); null to
   *     count nothing here
   */
  public Authenticator(
      TenantRepository tenants, SecretHasher hasher, Clock clock, KeyRateLimiter counters) {
    this.tenants = tenants;
    this.hasher = hasher;
    this.clock = clock;
    this.counters = counters;
  }

  /**
   * The outcome of {@link #authenticateAndCount}.
   *
   * @param key the authenticated key, or null when the credentials are absent, malformed or wrong
   * @param decision the rate-limit decision of an authenticated request, or null when nothing was
   *     counted (no limit applies, or the credentials were refused)
   * @param courseEpoch the key's course epoch read with the key when it was counted (it stamps the
   *     request for {@link org.courseport.server.domain.catalog.LatestViewCache}), or -1
   */
  public record Verdict(ApiKey key, RateLimiter.Decision decision, long courseEpoch) {
    static final Verdict REFUSED = new Verdict(null, null);

    /** Without a course epoch. */
    public Verdict(ApiKey key, RateLimiter.Decision decision) {
      this(key, decision, -1);
    }

    /** Whether the credentials authenticated a key. */
    public boolean authenticated() {
      return key != null;
    }
  }

  /**
   * Authenticates the credentials and, when {@code applied} is not null (and this authenticator has
   * a {@link KeyRateLimiter}), counts the request against the key's limit in the same store
   * operation. A request with wrong credentials is never left counted and gets no decision.
   */
  public Verdict authenticateAndCount(String authorization, RateLimits.Applied applied) {
    if (applied == null || counters == null) {
      return authenticateKey(authorization).map(k -> new Verdict(k, null)).orElse(Verdict.REFUSED);
    }
    Optional<String[]> pair = parse(authorization);
    if (pair.isEmpty()) {
      return Verdict.REFUSED;
    }
    String keyId = pair.get()[0];
    KeyRateLimiter.Counted counted = counters.acquire(keyId, applied.counter(), applied.limit());
    Optional<ApiKey> key = check(Optional.ofNullable(counted.key()), pair.get()[1]);
    if (key.isEmpty()) {
      counters.refund(keyId, applied.counter(), counted);
      return Verdict.REFUSED;
    }
    return new Verdict(key.get(), counted.decision(), counted.courseEpoch());
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
    return check(tenants.findKey(pair[0]), pair[1]);
  }

  /** Checks {@code secret} against {@code key} as just read from the store (empty: no such key). */
  private Optional<ApiKey> check(Optional<ApiKey> key, String secret) {
    if (key.isEmpty()) {
      hasher.verifyUnknownKey(secret);
      return Optional.empty();
    }
    ApiKey k = key.get();
    if (k.revoked()) {
      // Same cost as a wrong secret; the answer does not tell a revoked key from a wrong secret.
      hasher.verifyUnknownKey(secret);
      return Optional.empty();
    }
    if (hasher.verify(k.keyId(), secret, k.secretHash())) {
      return key;
    }
    if (k.previousSecretHash() != null
        && k.previousValidUntil() != null
        && clock.instant().isBefore(k.previousValidUntil())
        && hasher.verify(k.keyId() + PREVIOUS_SUFFIX, secret, k.previousSecretHash())) {
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
