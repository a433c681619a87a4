package org.courseport.server.content;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.launch.LaunchGrant;
import org.courseport.server.domain.launch.LaunchTokens;
import org.courseport.server.domain.launch.TokenResolution;

/**
 * Resolves the tokens in content-origin URLs to what they open. Package files are requested by the
 * dozen per page, so a live delivery token and its course version are remembered for a few seconds
 * (never past the token's expiry) for file requests; the player page, commits and exits always ask
 * the store. Expired entries are swept out at most once per remembering period, so the map holds
 * only the tokens used in the last few seconds (each entry holds a whole {@link CourseVersion}).
 */
final class Deliveries {
  /** Tokens are URL-safe base64; anything else is unknown without asking the store. */
  private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]{16,128}");

  private static final int MAX_REMEMBERED = 10_000;

  /** What a token opens. */
  sealed interface Outcome {}

  /** A live token whose course version exists. */
  record Live(LaunchGrant grant, String deliveryToken, CourseVersion version) implements Outcome {}

  /** A token that expired. */
  record Expired(LaunchGrant grant) implements Outcome {}

  /** No such token, or its course version is gone. */
  record Unknown() implements Outcome {}

  private record Remembered(Live live, Instant until) {}

  private final LaunchTokens tokens;
  private final Function<LaunchGrant, Optional<CourseVersion>> versions;
  private final Clock clock;
  private final Duration remember;
  private final ConcurrentHashMap<String, Remembered> remembered = new ConcurrentHashMap<>();
  private final AtomicReference<Instant> nextSweep = new AtomicReference<>(Instant.MIN);

  Deliveries(
      LaunchTokens tokens,
      Function<LaunchGrant, Optional<CourseVersion>> versions,
      Clock clock,
      Duration remember) {
    this.tokens = tokens;
    this.versions = versions;
    this.clock = clock;
    this.remember = remember;
  }

  static boolean wellFormed(String token) {
    return token != null && TOKEN_SHAPE.matcher(token).matches();
  }

  /** Opens a link token (mints a delivery token when live). */
  Outcome openLink(String linkToken) {
    return wellFormed(linkToken) ? withVersion(tokens.open(linkToken)) : new Unknown();
  }

  /** Resolves a delivery token, asking the store. */
  Outcome delivery(String deliveryToken) {
    return wellFormed(deliveryToken) ? withVersion(tokens.delivery(deliveryToken)) : new Unknown();
  }

  /** Resolves a delivery token for a file request, remembered for a few seconds when live. */
  Outcome deliveryForFile(String deliveryToken) {
    Instant now = clock.instant();
    Remembered r = remembered.get(deliveryToken);
    if (r != null) {
      if (now.isBefore(r.until())) {
        return r.live();
      }
      remembered.remove(deliveryToken, r);
    }
    Outcome outcome = delivery(deliveryToken);
    if (outcome instanceof Live live && !remember.isZero()) {
      Instant until = now.plus(remember);
      if (live.grant().expiresAt() != null && live.grant().expiresAt().isBefore(until)) {
        until = live.grant().expiresAt();
      }
      sweep(now);
      if (remembered.size() >= MAX_REMEMBERED) {
        remembered.clear();
      }
      remembered.put(deliveryToken, new Remembered(live, until));
    }
    return outcome;
  }

  /**
   * Drops the entries that expired, at most once per remembering period (one thread does it).
   * Without it, a token that was not requested again after its few seconds stayed in the map, with
   * its course version (description, activity tree), until 10,000 had piled up and the map was
   * cleared: memory that grew with every launch, by the size of the course's activity tree.
   */
  private void sweep(Instant now) {
    Instant due = nextSweep.get();
    if (now.isBefore(due) || !nextSweep.compareAndSet(due, now.plus(remember))) {
      return;
    }
    remembered.values().removeIf(r -> !now.isBefore(r.until()));
  }

  /** How many tokens are remembered (for tests). */
  int remembered() {
    return remembered.size();
  }

  private Outcome withVersion(TokenResolution resolution) {
    if (resolution instanceof TokenResolution.Valid valid) {
      return versions
          .apply(valid.grant())
          .<Outcome>map(v -> new Live(valid.grant(), valid.deliveryToken(), v))
          .orElseGet(Unknown::new);
    }
    if (resolution instanceof TokenResolution.Expired expired) {
      return new Expired(expired.grant());
    }
    return new Unknown();
  }
}
