package org.courseport.server.net;

import com.linecorp.armeria.common.HttpMethod;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads an http(s) URL into a blob writer without buffering the body, guarding against
 * server-side request forgery: every hop (redirects included) is validated and resolved once by
 * {@link UrlGuard}, every resolved address is checked by {@link AddressPolicy}, and the connection
 * goes to a checked address ({@link PinnedHttpClient}). The size cap applies to bytes actually
 * received, whatever Content-Length says.
 */
public final class GuardedHttpFetcher {
  private static final Logger log = LoggerFactory.getLogger(GuardedHttpFetcher.class);
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final int BUFFER = 64 * 1024;

  private final UrlGuard guard;
  private final PinnedHttpClient client;
  private final FetchOptions options;

  public GuardedHttpFetcher(UrlGuard guard, PinnedHttpClient client, FetchOptions options) {
    this.guard = guard;
    this.client = client;
    this.options = options;
  }

  /**
   * Fetches the URL into {@code writer} (not committed: the caller commits or discards).
   *
   * @throws DomainException FETCH_BAD_URL, FETCH_FORBIDDEN_ADDRESS, FETCH_TOO_LARGE,
   *     FETCH_HTTP_ERROR, FETCH_TIMEOUT, FETCH_TOO_MANY_REDIRECTS, FETCH_UNREACHABLE
   * @throws IOException only when writing to the blob writer fails
   */
  public FetchResult fetch(String url, BlobStore.BlobWriter writer) throws IOException {
    Timeouts timeouts = Timeouts.of(options.readTimeout(), options.totalTimeout());
    URI current = UrlGuard.parse(url);
    String original = UrlGuard.display(current);
    for (int hop = 0; ; hop++) {
      FetchTarget target = guard.resolve(current);
      try (PinnedResponse response =
          client.send(target, HttpMethod.GET, Map.of(), null, timeouts)) {
        int status = response.status();
        if (REDIRECTS.contains(status)) {
          if (hop >= options.maxRedirects()) {
            throw FetchErrors.tooManyRedirects(original, options.maxRedirects());
          }
          current = location(response);
          log.debug(
              "{} redirected ({}) to {}", target.display(), status, UrlGuard.display(current));
          continue;
        }
        if (status < 200 || status > 299) {
          throw FetchErrors.httpError(target.display(), status);
        }
        long bytes = copy(response, writer.stream());
        return new FetchResult(url, current, response.header("content-type"), bytes, hop, null);
      }
    }
  }

  /** Fetches the URL into a new blob of {@code store} and commits it; see {@link #fetch}. */
  public FetchResult fetchToStore(String url, BlobStore store) throws IOException {
    try (BlobStore.BlobWriter writer = store.newWriter()) {
      FetchResult result = fetch(url, writer);
      return result.withBlobId(writer.commit());
    }
  }

  private static URI location(PinnedResponse response) {
    String location = response.header("location");
    String from = response.target().display();
    if (location == null || location.isBlank()) {
      throw FetchErrors.httpError(from, response.status());
    }
    try {
      return response.target().uri().resolve(location.trim());
    } catch (IllegalArgumentException e) {
      throw FetchErrors.badUrl(from, "the redirect Location is not a valid URL");
    }
  }

  private long copy(PinnedResponse response, OutputStream out) throws IOException {
    String shown = response.target().display();
    long max = options.maxBytes();
    if (response.declaredLength() > max) {
      throw FetchErrors.tooLarge(shown, max);
    }
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    InputStream in = response.body();
    while (true) {
      int n = read(in, buffer, shown);
      if (n < 0) {
        return total;
      }
      total += n;
      if (total > max) {
        throw FetchErrors.tooLarge(shown, max);
      }
      out.write(buffer, 0, n);
    }
  }

  private static int read(InputStream in, byte[] buffer, String shown) {
    try {
      return in.read(buffer);
    } catch (IOException | RuntimeException e) {
      throw FetchErrors.fromFailure(shown, e);
    }
  }
}
