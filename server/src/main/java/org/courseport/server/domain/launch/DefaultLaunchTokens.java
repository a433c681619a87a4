package org.courseport.server.domain.launch;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.courseport.server.domain.Sha256;

/**
 * {@link LaunchTokens} over a {@link LaunchTokenRepository}: 256 random bits from {@link
 * SecureRandom}, URL-safe base64 without padding; only the SHA-256 (hex) is stored. Expiry is
 * decided by the {@link Clock} against the grant's {@code expiresAt}; a token is live while {@code
 * now < expiresAt}.
 */
public final class DefaultLaunchTokens implements LaunchTokens {
  /** What a token looks like: 43 URL-safe base64 characters (256 bits). */
  public static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final LaunchTokenRepository repository;
  private final Duration playerSessionTtl;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param playerSessionTtl how long a delivery token minted by {@link #open} works
   *     (LaunchConfig.playerSessionTtl)
   */
  public DefaultLaunchTokens(
      LaunchTokenRepository repository, Duration playerSessionTtl, Clock clock) {
    if (playerSessionTtl.isNegative() || playerSessionTtl.isZero()) {
      throw new IllegalArgumentException("playerSessionTtl must be positive");
    }
    this.repository = repository;
    this.playerSessionTtl = playerSessionTtl;
    this.clock = clock;
  }

  @Override
  public String issueLink(LaunchGrant grant) {
    if (grant.expiresAt() == null) {
      throw new IllegalArgumentException("a launch grant needs an expiry");
    }
    return issue(TokenKind.LINK, grant);
  }

  @Override
  public TokenResolution open(String linkToken) {
    Optional<LaunchTokenRecord> found = find(linkToken, TokenKind.LINK);
    if (found.isEmpty()) {
      return new TokenResolution.Unknown();
    }
    LaunchGrant grant = found.get().grant();
    Instant now = clock.instant();
    if (!now.isBefore(grant.expiresAt())) {
      return new TokenResolution.Expired(grant);
    }
    LaunchGrant delivery = grant.withExpiry(now.plus(playerSessionTtl));
    return new TokenResolution.Valid(delivery, issue(TokenKind.DELIVERY, delivery));
  }

  @Override
  public TokenResolution delivery(String deliveryToken) {
    Optional<LaunchTokenRecord> found = find(deliveryToken, TokenKind.DELIVERY);
    if (found.isEmpty()) {
      return new TokenResolution.Unknown();
    }
    LaunchGrant grant = found.get().grant();
    if (!clock.instant().isBefore(grant.expiresAt())) {
      return new TokenResolution.Expired(grant);
    }
    return new TokenResolution.Valid(grant, deliveryToken);
  }

  /** Lower-case hex SHA-256 of a token, as stored. */
  public static String hash(String token) {
    return Sha256.hex(token.getBytes(StandardCharsets.US_ASCII));
  }

  private String issue(TokenKind kind, LaunchGrant grant) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    repository.insert(new LaunchTokenRecord(hash(token), kind, grant, clock.instant()));
    return token;
  }

  private Optional<LaunchTokenRecord> find(String token, TokenKind kind) {
    if (token == null || !FORMAT.matcher(token).matches()) {
      return Optional.empty(); // tampered or truncated: never looked up
    }
    return repository.find(hash(token)).filter(r -> r.kind() == kind);
  }
}
