package org.courseport.server.grpc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.courseport.server.domain.DomainException;

/**
 * Opaque page tokens of the list RPCs that page by offset: the base64url (unpadded) of a prefix
 * naming the list and the offset of the next page, e.g. {@code "o:50"}.
 */
public final class OffsetPageTokens {
  private OffsetPageTokens() {}

  /**
   * The offset {@code token} stands for (0 for none); INVALID_PAGE_TOKEN with {@code message} when
   * it is not a token of {@code prefix} this API issued.
   */
  public static int offset(String token, String prefix, String message) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (raw.startsWith(prefix)) {
        int offset = Integer.parseInt(raw.substring(prefix.length()));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    throw DomainException.invalid("INVALID_PAGE_TOKEN", message);
  }

  /**
   * The token of the page after one of {@code size} rows at {@code offset}; empty when {@code more}
   * is false (the last page).
   */
  public static String next(String prefix, int offset, int size, boolean more) {
    if (!more) {
      return "";
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((prefix + (offset + size)).getBytes(StandardCharsets.UTF_8));
  }
}
