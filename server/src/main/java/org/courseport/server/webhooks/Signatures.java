package org.courseport.server.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a delivery: {@code Courseport-Signature: v1=<hex HMAC-SHA256>} over {@code
 * <Courseport-Delivery-Id>.<Courseport-Timestamp>.<body>}, keyed with the endpoint's secret (its
 * UTF-8 bytes, {@code whsec_} prefix included). See docs/webhooks.md.
 */
public final class Signatures {
  /** Header carrying the delivery id (the same on every retry of one delivery). */
  public static final String ID = "Courseport-Delivery-Id";

  /** Header carrying the attempt's time, in Unix seconds. */
  public static final String TIMESTAMP = "Courseport-Timestamp";

  /** Header carrying {@code v1=} and the hex signature. */
  public static final String SIGNATURE = "Courseport-Signature";

  /** Header carrying the event type. */
  public static final String EVENT = "Courseport-Event";

  private Signatures() {}

  /** The {@link #SIGNATURE} header value. */
  public static String sign(String secret, String deliveryId, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((deliveryId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Whether {@code header} is a valid signature of the delivery (constant-time comparison). */
  public static boolean verify(
      String secret, String deliveryId, long timestamp, byte[] body, String header) {
    if (header == null) {
      return false;
    }
    byte[] expected = sign(secret, deliveryId, timestamp, body).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, header.trim().getBytes(StandardCharsets.US_ASCII));
  }
}
