package org.courseport.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SecretHasher}: PBKDF2 hashes, verification, the verified-key cache, generators. */
class SecretHasherTest {
  final SecretHasher hasher = new SecretHasher(SecretHasher.MIN_ITERATIONS, 2);

  @Test
  void hashIsEncodedWithSchemeIterationsSaltAndHash() {
    String encoded = new SecretHasher().hash("s3cret");

    String[] parts = encoded.split("\\$");
    assertThat(parts).hasSize(4);
    assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
    assertThat(parts[1]).isEqualTo(String.valueOf(SecretHasher.DEFAULT_ITERATIONS));
    assertThat(Base64.getDecoder().decode(parts[2])).hasSize(16);
    assertThat(Base64.getDecoder().decode(parts[3])).hasSize(32);
  }

  @Test
  void onlyTheRightSecretVerifies() {
    String encoded = hasher.hash("right secret");

    assertThat(hasher.verify("right secret", encoded)).isTrue();
    assertThat(hasher.verify("right secreT", encoded)).isFalse();
    assertThat(hasher.verify("", encoded)).isFalse();
    assertThat(hasher.verify(null, encoded)).isFalse();
  }

  @Test
  void sameSecretGetsADifferentSaltEachTime() {
    String first = hasher.hash("same");
    String second = hasher.hash("same");

    assertThat(first).isNotEqualTo(second);
    assertThat(hasher.verify("same", first)).isTrue();
    assertThat(hasher.verify("same", second)).isTrue();
  }

  @Test
  void hashWrittenWithOtherIterationsStillVerifies() {
    String stronger = new SecretHasher(150_000, 0).hash("secret");

    assertThat(hasher.verify("secret", stronger)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "plain",
        "md5$1$c2FsdA$aGFzaA",
        "pbkdf2-sha256$x$c2FsdA$aGFzaA",
        "pbkdf2-sha256$0$c2FsdA$aGFzaA",
        "pbkdf2-sha256$99999999$c2FsdA$aGFzaA",
        "pbkdf2-sha256$1000$$aGFzaA",
        "pbkdf2-sha256$1000$c2FsdA$",
        "pbkdf2-sha256$1000$!!$aGFzaA",
        "pbkdf2-sha256$1000$c2FsdA$aGFzaA$extra"
      })
  void malformedStoredHashesNeverVerify(String encoded) {
    assertThat(hasher.verify("secret", encoded)).isFalse();
  }

  @Test
  void tooFewIterationsAndEmptySecretsAreRefused() {
    assertThatThrownBy(() -> new SecretHasher(99_999, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> hasher.hash("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void repeatedVerificationOfAKeyDerivesOnlyOnce() {
    String encoded = hasher.hash("secret");
    long before = hasher.derivations();

    assertThat(hasher.verify("KEY1", "secret", encoded)).isTrue();
    assertThat(hasher.verify("KEY1", "secret", encoded)).isTrue();
    assertThat(hasher.verify("KEY1", "secret", encoded)).isTrue();

    assertThat(hasher.derivations() - before).isEqualTo(1);
  }

  @Test
  void cachedKeyStillRefusesAWrongSecret() {
    String encoded = hasher.hash("secret");
    hasher.verify("KEY1", "secret", encoded);

    assertThat(hasher.verify("KEY1", "wrong", encoded)).isFalse();
    assertThat(hasher.verify("KEY2", "secret", "pbkdf2-sha256$1000$c2FsdA$aGFzaA")).isFalse();
  }

  @Test
  void replacedStoredHashInvalidatesTheCachedSecret() {
    String old = hasher.hash("old secret");
    hasher.verify("KEY1", "old secret", old);

    String rotated = hasher.hash("new secret");

    assertThat(hasher.verify("KEY1", "old secret", rotated)).isFalse();
    assertThat(hasher.verify("KEY1", "new secret", rotated)).isTrue();
  }

  @Test
  void forgottenOrEvictedKeysAreDerivedAgain() {
    String encoded = hasher.hash("secret");
    hasher.verify("KEY1", "secret", encoded);
    hasher.forget("KEY1");
    long afterForget = hasher.derivations();
    hasher.verify("KEY1", "secret", encoded);
    assertThat(hasher.derivations()).isEqualTo(afterForget + 1);

    hasher.verify("KEY2", "secret", encoded);
    hasher.verify("KEY3", "secret", encoded); // cache holds two keys: KEY1 is evicted
    long afterEviction = hasher.derivations();
    hasher.verify("KEY1", "secret", encoded);

    assertThat(hasher.derivations()).isEqualTo(afterEviction + 1);
  }

  @Test
  void generatedSecretsAreRandom32ByteUrlSafeStrings() {
    Set<String> secrets = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String secret = SecretHasher.generateSecret();
      assertThat(secret).matches("[A-Za-z0-9_-]{43}");
      assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(32);
      secrets.add(secret);
    }
    assertThat(secrets).hasSize(100);
  }

  @Test
  void generatedKeyIdsAreDistinctAndSafeInBasicAuth() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String id = SecretHasher.generateKeyId();
      assertThat(id).matches("[A-Z2-9]{20}").doesNotContain(":");
      ids.add(id);
    }
    assertThat(ids).hasSize(100);
  }
}
