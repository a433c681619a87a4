package org.courseport.server.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.courseport.server.domain.tenant.ApiKey;
import org.courseport.server.domain.tenant.TenantRepository;

/**
 * Turns an {@code Authorization} value into a tenant id. Accepts HTTP Basic ({@code id:secret}) and
 * {@code Bearer id:secret} (the single token is the same pair, so one key works with clients
 * configured for either scheme).
 */
public final class Authenticator {
  private final TenantRepository tenants;
  private final SecretHasher hasher;

  public Authenticator(TenantRepository tenants, SecretHasher hasher) {
    this.tenants = tenants;
    this.hasher = hasher;
  }

  /** The tenant the credentials belong to, or empty when they are absent, malformed or wrong. */
  public Optional<String> authenticate(String authorization) {
    return parse(authorization).flatMap(this::verify);
  }

  /**
   * Checks the pair. An unknown key id costs the same PBKDF2 derivation and constant-time
   * comparison as a known id with a wrong secret, so response times do not reveal which ids exist.
   */
  private Optional<String> verify(String[] pair) {
    Optional<ApiKey> key = tenants.findKey(pair[0]);
    if (key.isEmpty()) {
      hasher.verifyUnknownKey(pair[1]);
      return Optional.empty();
    }
    if (!hasher.verify(key.get().keyId(), pair[1], key.get().secretHash())) {
      return Optional.empty();
    }
    return Optional.of(key.get().tenantId());
  }

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
    } else {
      return Optional.empty();
    }
    int colon = token.indexOf(':');
    if (colon <= 0 || colon == token.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new String[] {token.substring(0, colon), token.substring(colon + 1)});
  }
}
