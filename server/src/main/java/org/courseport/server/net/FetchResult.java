package org.courseport.server.net;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The outcome of a successful fetch.
 *
 * @param requestedUrl the URL as given
 * @param finalUri the URL that answered 2xx (after redirects)
 * @param contentType the response's Content-Type, or null
 * @param bytes bytes received and written
 * @param redirects redirects followed
 * @param blobId the committed blob, or null when the caller owns the writer
 */
public record FetchResult(
    String requestedUrl,
    URI finalUri,
    String contentType,
    long bytes,
    int redirects,
    String blobId) {

  /** The same result with a committed blob id. */
  public FetchResult withBlobId(String id) {
    return new FetchResult(requestedUrl, finalUri, contentType, bytes, redirects, id);
  }

  /** The last non-empty path segment of the final URL, decoded, or {@code "download"}. */
  public String fileName() {
    String path = finalUri.getRawPath() == null ? "" : finalUri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String last = path.substring(path.lastIndexOf('/') + 1);
    return last.isEmpty()
        ? "download"
        : URLDecoder.decode(last.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
