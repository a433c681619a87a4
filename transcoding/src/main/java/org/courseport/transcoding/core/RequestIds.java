package org.courseport.transcoding.core;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Request ids: the caller's {@code X-Request-Id} when it is safe to log and echo (at most {@link
 * #MAX_LENGTH} characters of {@code [A-Za-z0-9._:-]}), else a new random UUID.
 */
public final class RequestIds {

  /** The HTTP header and gRPC metadata key (lower-case, as in HTTP/2 and gRPC). */
  public static final String HEADER = "x-request-id";

  /** The MDC key log lines carry the id under. */
  public static final String MDC_KEY = "requestId";

  /** Longest caller-supplied id kept. */
  public static final int MAX_LENGTH = 128;

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

  private RequestIds() {}

  /** Whether {@code candidate} is kept as it is. */
  public static boolean isValid(String candidate) {
    return candidate != null && VALID.matcher(candidate).matches();
  }

  /** The caller's id when valid, else a new one. */
  public static String validOrNew(String candidate) {
    return isValid(candidate) ? candidate : UUID.randomUUID().toString();
  }
}
