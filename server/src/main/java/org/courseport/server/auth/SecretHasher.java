package org.courseport.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hashes API-key secrets (PBKDF2-HMAC-SHA256, {@code pbkdf2-sha256$iterations$salt$hash}) and
 * verifies them, remembering recently verified keys so repeated requests skip the derivation.
 */
public final class SecretHasher {
  private static final Logger log = LoggerFactory.getLogger(SecretHasher.class);

  public static final String SCHEME = "pbkdf2-sha256";
  public static final int MIN_ITERATIONS = 100_000;
  public static final int DEFAULT_ITERATIONS = 310_000;
  public static final int DEFAULT_CACHE_SIZE = 10_000;

  /** Bound on the iterations read from a stored hash, so a corrupt record cannot stall a thread. */
  static final int MAX_ITERATIONS = 10_000_000;

  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final char[] KEY_ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;
  private final String dummyHash;
  private final VerifiedKeys verified;
  private final AtomicLong derivations = new AtomicLong();

  public SecretHasher() {
    this(DEFAULT_ITERATIONS, DEFAULT_CACHE_SIZE);
  }

  /** A hasher writing hashes with {@code iterations} (at least 100,000). */
  public SecretHasher(int iterations, int cacheSize) {
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException("iterations must be in [100000, 10000000]");
    }
    if (cacheSize < 0) {
      throw new IllegalArgumentException("cacheSize must not be negative");
    }
    this.iterations = iterations;
    this.dummyHash = encode(iterations, randomBytes(SALT_BYTES), randomBytes(HASH_BITS / 8));
    this.verified = new VerifiedKeys(cacheSize);
  }

  /** Hashes a secret with a fresh random salt. */
  public String hash(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("secret must not be empty");
    }
    byte[] salt = randomBytes(SALT_BYTES);
    return encode(iterations, salt, derive(secret, salt, iterations, HASH_BITS));
  }

  /**
   * Does the work of verifying {@code secret} against a stored hash, against a hash no secret
   * matches: for a key id that does not exist, so that the answer takes as long as for a known id
   * with a wrong secret and response times do not tell which key ids exist. Always false.
   */
  public boolean verifyUnknownKey(String secret) {
    return verify(secret, dummyHash);
  }

  /** The hash {@link #verifyUnknownKey} checks against: random, with this hasher's iterations. */
  String dummyHash() {
    return dummyHash;
  }

  /** Whether {@code secret} matches the encoded hash; compares in constant time. */
  public boolean verify(String secret, String encoded) {
    if (secret == null || encoded == null) {
      return false;
    }
    String[] parts = encoded.split("\\$", -1);
    try {
      if (parts.length != 4 || !SCHEME.equals(parts[0])) {
        throw new IllegalArgumentException("unknown scheme");
      }
      int rounds = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      if (rounds < 1 || rounds > MAX_ITERATIONS || salt.length == 0 || expected.length == 0) {
        throw new IllegalArgumentException("parameters out of range");
      }
      return MessageDigest.isEqual(expected, derive(secret, salt, rounds, expected.length * 8));
    } catch (IllegalArgumentException e) {
      log.warn("stored secret hash is malformed ({}); refusing the credentials", e.getMessage());
      return false;
    }
  }

  /**
   * Verifies the secret of key {@code keyId} against its stored hash. After one success the key is
   * remembered by the SHA-256 of its secret (never the secret), so the next requests with the same
   * secret and stored hash are checked without PBKDF2. A changed stored hash misses the cache. Only
   * the right secret can hit the cache: a wrong one always costs a full derivation, as for an
   * unknown key id ({@link #verifyUnknownKey}).
   */
  public boolean verify(String keyId, String secret, String encoded) {
    if (keyId == null || secret == null || encoded == null) {
      return false;
    }
    byte[] digest = sha256(secret);
    if (verified.matches(keyId, digest, encoded)) {
      return true;
    }
    boolean ok = verify(secret, encoded);
    if (ok) {
      verified.put(keyId, digest, encoded);
    }
    return ok;
  }

  /** Forgets a key's cached verification (call when a key is deleted or its secret replaced). */
  public void forget(String keyId) {
    verified.remove(keyId);
  }

  /** A new secret: 32 random bytes, URL-safe base64 without padding (43 characters). */
  public static String generateSecret() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static String encode(int rounds, byte[] salt, byte[] hash) {
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME + '$' + rounds + '$' + b64.encodeToString(salt) + '$' + b64.encodeToString(hash);
  }

  /** A new key id: 20 characters of upper-case letters and digits without look-alikes. */
  public static String generateKeyId() {
    char[] id = new char[20];
    for (int i = 0; i < id.length; i++) {
      id[i] = KEY_ID_ALPHABET[RANDOM.nextInt(KEY_ID_ALPHABET.length)];
    }
    return new String(id);
  }

  /** How many PBKDF2 derivations ran; for tests and metrics. */
  long derivations() {
    return derivations.get();
  }

  private byte[] derive(String secret, byte[] salt, int rounds, int bits) {
    char[] chars = secret.toCharArray();
    PBEKeySpec spec = new PBEKeySpec(chars, salt, rounds, bits);
    try {
      derivations.incrementAndGet();
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is unavailable", e);
    } finally {
      spec.clearPassword();
      Arrays.fill(chars, '\0');
    }
  }

  private static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Least-recently-used map of key id to the secret digest and stored hash last verified. */
  private static final class VerifiedKeys {
    private record Entry(byte[] secretDigest, String encoded) {}

    private final Map<String, Entry> entries;

    VerifiedKeys(int maxSize) {
      this.entries =
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
              return size() > maxSize;
            }
          };
    }

    synchronized boolean matches(String keyId, byte[] digest, String encoded) {
      Entry entry = entries.get(keyId);
      return entry != null
          && entry.encoded().equals(encoded)
          && MessageDigest.isEqual(entry.secretDigest(), digest);
    }

    synchronized void put(String keyId, byte[] digest, String encoded) {
      entries.put(keyId, new Entry(digest, encoded));
    }

    synchronized void remove(String keyId) {
      entries.remove(keyId);
    }
  }
}
