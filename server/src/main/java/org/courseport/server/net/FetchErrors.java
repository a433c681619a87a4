package org.courseport.server.net;

import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.common.ContentTooLargeException;
import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.channels.InterruptedByTimeoutException;
import java.util.Map;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.DomainException.Kind;

/**
 * Builds the {@link DomainException}s of outbound requests. Messages name the URL (without query)
 * and never contain response bodies.
 */
public final class FetchErrors {
  public static final String BAD_URL = "FETCH_BAD_URL";
  public static final String TOO_LARGE = "FETCH_TOO_LARGE";
  public static final String HTTP_ERROR = "FETCH_HTTP_ERROR";
  public static final String TIMEOUT = "FETCH_TIMEOUT";
  public static final String TOO_MANY_REDIRECTS = "FETCH_TOO_MANY_REDIRECTS";
  public static final String UNREACHABLE = "FETCH_UNREACHABLE";

  private FetchErrors() {}

  static DomainException badUrl(String url, String why) {
    String shown = url.length() > 200 ? url.substring(0, 200) + "..." : url;
    return new DomainException(
        Kind.INVALID_ARGUMENT, BAD_URL, "Cannot fetch " + shown + ": " + why, Map.of("url", shown));
  }

  static DomainException tooLarge(String url, long limit) {
    return new DomainException(
        Kind.INVALID_ARGUMENT,
        TOO_LARGE,
        "The content at " + url + " is larger than the limit of " + limit + " bytes",
        Map.of("url", url, "limitBytes", Long.toString(limit)));
  }

  static DomainException httpError(String url, int status) {
    Kind kind =
        status >= 500 || status == 429 || status == 408
            ? Kind.UNAVAILABLE
            : Kind.FAILED_PRECONDITION;
    return new DomainException(
        kind,
        HTTP_ERROR,
        "Fetching " + url + " failed with HTTP status " + status,
        Map.of("url", url, "status", Integer.toString(status)));
  }

  static DomainException timeout(String url, String what) {
    return new DomainException(
        Kind.UNAVAILABLE, TIMEOUT, "Timed out " + what + " " + url, Map.of("url", url));
  }

  static DomainException tooManyRedirects(String url, int max) {
    return new DomainException(
        Kind.FAILED_PRECONDITION,
        TOO_MANY_REDIRECTS,
        "Fetching " + url + " needed more than " + max + " redirects",
        Map.of("url", url, "maxRedirects", Integer.toString(max)));
  }

  static DomainException unreachable(String url, String why) {
    return new DomainException(
        Kind.UNAVAILABLE, UNREACHABLE, "Cannot reach " + url + ": " + why, Map.of("url", url));
  }

  /** Maps a transport failure (any wrapping) to a fetch error naming the URL. */
  static DomainException fromFailure(String url, Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof DomainException d) {
        return d;
      }
      if (t instanceof ResponseTimeoutException
          || t instanceof InterruptedByTimeoutException
          || t instanceof SocketTimeoutException) {
        return timeout(url, "waiting for data from");
      }
      if (t instanceof ConnectTimeoutException) {
        return timeout(url, "connecting to");
      }
      if (t instanceof ContentTooLargeException e) {
        return tooLarge(url, e.maxContentLength());
      }
      if (t instanceof ConnectException) {
        return unreachable(url, "connection refused");
      }
    }
    return unreachable(url, describe(failure));
  }

  private static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text =
        root.getClass().getSimpleName()
            + (root.getMessage() == null ? "" : ": " + root.getMessage());
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
