package org.courseport.server.config;

import java.util.List;
import java.util.Map;

/**
 * Configuration of the delivery engine (webhooks and import postbacks).
 *
 * @param maxAttempts attempts per delivery before it is FAILED ({@code
 *     COURSEPORT_DELIVERY_MAX_ATTEMPTS}, 8: waits of about 1 s, 2 s, … 64 s between them)
 * @param plainHttpHosts hosts (or {@code host:port}) webhook endpoints may use plain {@code http}
 *     for ({@code COURSEPORT_WEBHOOK_PLAIN_HTTP_HOSTS}, comma-separated, empty: HTTPS only)
 * @param secretKey base64 of the 32-byte key that encrypts webhook secrets in the store ({@code
 *     COURSEPORT_WEBHOOK_SECRET_KEY}); null means a key generated once and kept in the store
 */
public record DeliveryConfig(int maxAttempts, List<String> plainHttpHosts, String secretKey) {
  public DeliveryConfig {
    plainHttpHosts = List.copyOf(plainHttpHosts);
    if (maxAttempts < 1 || maxAttempts > 50) {
      throw new IllegalArgumentException(
          "COURSEPORT_DELIVERY_MAX_ATTEMPTS must be between 1 and 50, got " + maxAttempts);
    }
  }

  static DeliveryConfig fromEnvironment(Map<String, String> env) {
    String attempts = env.get("COURSEPORT_DELIVERY_MAX_ATTEMPTS");
    int max;
    try {
      max = attempts == null || attempts.isBlank() ? 8 : Integer.parseInt(attempts.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "COURSEPORT_DELIVERY_MAX_ATTEMPTS must be a number, got '" + attempts + "'", e);
    }
    String hosts = env.get("COURSEPORT_WEBHOOK_PLAIN_HTTP_HOSTS");
    String key = env.get("COURSEPORT_WEBHOOK_SECRET_KEY");
    return new DeliveryConfig(
        max,
        hosts == null || hosts.isBlank() ? List.of() : List.of(hosts.trim().split("\\s*,\\s*")),
        key == null || key.isBlank() ? null : key.trim());
  }
}
