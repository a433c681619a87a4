package org.courseport.server.storage.mongo.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts webhook signing secrets with AES-256-GCM under a server key, bound to the endpoint id
 * (associated data), so a stored secret is unreadable without the key and cannot be moved to
 * another endpoint. Sealed form: {@code v1:} + base64(12-byte nonce + ciphertext + tag).
 */
public final class SecretSealer {
  private static final String PREFIX = "v1:";
  private static final int NONCE_BYTES = 12;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  /** {@code key} must be 32 bytes. */
  public SecretSealer(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("the webhook secret key must be 32 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  /** Encrypts {@code secret} for the endpoint {@code boundTo}. */
  public String seal(String secret, String boundTo) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed =
        crypt(Cipher.ENCRYPT_MODE, nonce, secret.getBytes(StandardCharsets.UTF_8), boundTo);
    byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
    System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
    return PREFIX + Base64.getEncoder().encodeToString(out);
  }

  /** Decrypts what {@link #seal} returned for the same endpoint. */
  public String open(String sealed, String boundTo) {
    if (!sealed.startsWith(PREFIX)) {
      throw new IllegalStateException("unknown sealed secret format");
    }
    byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
    byte[] nonce = Arrays.copyOf(all, NONCE_BYTES);
    byte[] body = Arrays.copyOfRange(all, NONCE_BYTES, all.length);
    return new String(crypt(Cipher.DECRYPT_MODE, nonce, body, boundTo), StandardCharsets.UTF_8);
  }

  private byte[] crypt(int mode, byte[] nonce, byte[] input, String boundTo) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(128, nonce));
      cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "webhook secret could not be "
              + (mode == Cipher.ENCRYPT_MODE ? "sealed" : "opened")
              + " (wrong server key?)",
          e);
    }
  }
}
