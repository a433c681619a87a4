package org.courseport.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** An API key (id and secret), sent on every call as HTTP Basic credentials. */
public record ApiKey(String id, String secret) {

  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(secret, "secret");
    if (id.isEmpty() || id.contains(":")) {
      throw new IllegalArgumentException("API key id must be non-empty and contain no ':'");
    }
  }

  /**
   * Parses {@code id:secret}; the secret may itself contain colons.
   *
   * @throws IllegalArgumentException when there is no colon or the id is empty
   */
  public static ApiKey parse(String idColonSecret) {
    int colon = idColonSecret.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("API key must be given as id:secret");
    }
    return new ApiKey(idColonSecret.substring(0, colon), idColonSecret.substring(colon + 1));
  }

  /** The value of the {@code authorization} metadata: {@code Basic base64(id:secret)}. */
  public String authorizationValue() {
    byte[] raw = (id + ":" + secret).getBytes(StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(raw);
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "ApiKey[id=" + id + ", secret=***]";
  }
}
