package org.courseport.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.courseport.server.domain.tenant.ApiKey;
import org.courseport.server.domain.tenant.InMemoryTenants;
import org.courseport.server.testing.AdjustableClock;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  private final SecretHasher hasher = new SecretHasher(SecretHasher.MIN_ITERATIONS, 100);
  private final InMemoryTenants keys = new InMemoryTenants();
  private final Authenticator authenticator = new Authenticator(keys, hasher);

  @Test
  void unknownKeyId_costsTheSameDerivationAsAWrongSecret() {
    keys.insertKey(new ApiKey("known", "t1", hasher.hash("right"), Instant.EPOCH));

    long before = hasher.derivations();
    assertThat(authenticator.authenticate("Bearer unknown:right")).isEmpty();
    long unknownId = hasher.derivations() - before;

    before = hasher.derivations();
    assertThat(authenticator.authenticate("Bearer known:wrong")).isEmpty();
    long wrongSecret = hasher.derivations() - before;

    assertThat(unknownId).isEqualTo(1);
    assertThat(wrongSecret).isEqualTo(1);
  }

  @Test
  void verifiedKeyCache_speedsUpTheRightSecretOnly() {
    keys.insertKey(new ApiKey("known", "t1", hasher.hash("right"), Instant.EPOCH));
    assertThat(authenticator.authenticate("Bearer known:right")).contains("t1");

    long before = hasher.derivations();
    assertThat(authenticator.authenticate("Bearer known:right")).contains("t1");
    assertThat(hasher.derivations() - before).as("cached: no derivation").isZero();

    // A wrong secret for a cached id still pays a full derivation, like an unknown id.
    assertThat(authenticator.authenticate("Bearer known:wrong")).isEmpty();
    assertThat(authenticator.authenticate("Bearer nobody:wrong")).isEmpty();
    assertThat(hasher.derivations() - before).isEqualTo(2);
  }

  @Test
  void dummyHash_usesTheIterationsOfNewHashes_andMatchesNoSecret() {
    String[] dummy = hasher.dummyHash().split("\\$");
    String[] real = hasher.hash("x").split("\\$");

    assertThat(dummy[0]).isEqualTo(real[0]);
    assertThat(dummy[1]).isEqualTo(real[1]);
    assertThat(dummy[3]).hasSameSizeAs(real[3]);
    assertThat(hasher.verifyUnknownKey("x")).isFalse();
    assertThat(new SecretHasher(SecretHasher.MIN_ITERATIONS, 0).dummyHash())
        .as("random per hasher")
        .isNotEqualTo(hasher.dummyHash());
  }

  @Test
  void parse_basic_splitsIdAndSecret() {
    String header =
        "Basic "
            + Base64.getEncoder().encodeToString("app:s3:cr:et".getBytes(StandardCharsets.UTF_8));
    assertThat(Authenticator.parse(header))
        .get()
        .satisfies(
            p -> {
              assertThat(p[0]).isEqualTo("app");
              assertThat(p[1]).isEqualTo("s3:cr:et");
            });
  }

  @Test
  void parse_bearer_acceptsTheSamePair() {
    assertThat(Authenticator.parse("bearer app:secret"))
        .get()
        .satisfies(p -> assertThat(p).containsExactly("app", "secret"));
  }

  @Test
  void parse_bearerDotForm_splitsAtTheOneDot() {
    assertThat(Authenticator.parse("Bearer tapub_xxxxx.tasec_yyyy"))
        .get()
        .satisfies(p -> assertThat(p).containsExactly("tapub_xxxxx", "tasec_yyyy"));
    // Generated ids (A-Z, 2-9) and secrets (base64url) have neither ':' nor '.'.
    String id = SecretHasher.generateKeyId();
    String secret = SecretHasher.generateSecret();
    assertThat(Authenticator.parse("Bearer " + id + "." + secret))
        .get()
        .satisfies(p -> assertThat(p).containsExactly(id, secret));
  }

  @Test
  void parse_colonWins_andAmbiguousDotFormsAreRefused() {
    // A token with a colon is always id:secret, dots included.
    assertThat(Authenticator.parse("Bearer my.app:se.cret"))
        .get()
        .satisfies(p -> assertThat(p).containsExactly("my.app", "se.cret"));
    assertThat(Authenticator.parse("Bearer a.b.c")).isEmpty();
    assertThat(Authenticator.parse("Bearer .secret")).isEmpty();
    assertThat(Authenticator.parse("Bearer id.")).isEmpty();
    // The dot form is a Bearer token only; Basic stays id:secret.
    String basic =
        "Basic " + Base64.getEncoder().encodeToString("id.secret".getBytes(StandardCharsets.UTF_8));
    assertThat(Authenticator.parse(basic)).isEmpty();
  }

  @Test
  void authenticate_dotForm_reachesTheSameTenant() {
    InMemoryTenants keys = new InMemoryTenants();
    keys.insertKey(new ApiKey("KEYID", "t1", hasher.hash("s3cret"), Instant.EPOCH));
    Authenticator auth = new Authenticator(keys, hasher);

    assertThat(auth.authenticate("Bearer KEYID.s3cret")).hasValue("t1");
    assertThat(auth.authenticate("Bearer KEYID:s3cret")).hasValue("t1");
    assertThat(auth.authenticate("Bearer KEYID.wrong")).isEmpty();
  }

  @Test
  void parse_malformed_isEmpty() {
    assertThat(Authenticator.parse(null)).isEmpty();
    assertThat(Authenticator.parse("Basic !!!")).isEmpty();
    assertThat(Authenticator.parse("Bearer onlyid")).isEmpty();
    assertThat(Authenticator.parse("Bearer :secret")).isEmpty();
    assertThat(Authenticator.parse("Digest x")).isEmpty();
  }

  @Test
  void revokedKey_isRefusedAtOnce_evenWhenItsSecretIsCached() {
    keys.insertKey(new ApiKey("K", "t1", hasher.hash("right"), Instant.EPOCH, Set.of("read")));
    assertThat(authenticator.authenticate("Bearer K:right")).contains("t1");
    assertThat(authenticator.authenticate("Bearer K:right")).as("now cached").contains("t1");

    keys.revokeKey("K", Instant.EPOCH.plusSeconds(1));

    long before = hasher.derivations();
    assertThat(authenticator.authenticate("Bearer K:right")).isEmpty();
    assertThat(authenticator.authenticateKey("Basic " + basic("K:right"))).isEmpty();
    assertThat(hasher.derivations() - before)
        .as("a revoked key costs a derivation like a wrong secret")
        .isEqualTo(2);
  }

  @Test
  void rotatedKey_previousSecretWorksUntilTheGraceEnds_thenOnlyTheNewOne() {
    AdjustableClock clock = new AdjustableClock(Instant.parse("2026-01-01T00:00:00Z"));
    Authenticator auth = new Authenticator(keys, hasher, clock);
    String oldHash = hasher.hash("old");
    keys.insertKey(new ApiKey("K", "t1", oldHash, Instant.EPOCH, Set.of("read", "admin")));
    assertThat(auth.authenticate("Bearer K:old")).as("cache the old secret").contains("t1");

    keys.rotateKey("K", oldHash, hasher.hash("new"), clock.instant().plus(Duration.ofHours(1)));

    assertThat(auth.authenticate("Bearer K:new")).contains("t1");
    assertThat(auth.authenticate("Bearer K:old")).as("inside the grace").contains("t1");
    assertThat(auth.authenticateKey("Bearer K:old").orElseThrow().scopes())
        .containsExactlyInAnyOrder("read", "admin");
    assertThat(auth.authenticate("Bearer K:other")).isEmpty();

    clock.advance(Duration.ofMinutes(59));
    assertThat(auth.authenticate("Bearer K:old")).contains("t1");
    clock.advance(Duration.ofMinutes(1));
    assertThat(auth.authenticate("Bearer K:old")).as("grace over (end exclusive)").isEmpty();
    assertThat(auth.authenticate("Bearer K:new")).contains("t1");
  }

  @Test
  void rotatedThenRevokedKey_refusesBothSecrets() {
    String oldHash = hasher.hash("old");
    keys.insertKey(new ApiKey("K", "t1", oldHash, Instant.EPOCH));
    keys.rotateKey("K", oldHash, hasher.hash("new"), Instant.now().plus(Duration.ofDays(1)));
    assertThat(authenticator.authenticate("Bearer K:old")).contains("t1");
    assertThat(authenticator.authenticate("Bearer K:new")).contains("t1");

    keys.revokeKey("K", Instant.now());

    assertThat(authenticator.authenticate("Bearer K:old")).isEmpty();
    assertThat(authenticator.authenticate("Bearer K:new")).isEmpty();
  }

  private static String basic(String pair) {
    return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }
}
