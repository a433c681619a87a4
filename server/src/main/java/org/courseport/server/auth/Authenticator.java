package org.courseport.server.auth;

import java.nio.charset.StandardCharsets;
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
    if (!hasher.verify(key.get().keyId(), pair[1], key.get().secretHash())) {
      return Optional.empty();
    }
    return key;
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
