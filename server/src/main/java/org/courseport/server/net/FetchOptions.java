package org.courseport.server.net;

import java.time.Duration;
import org.courseport.server.config.ServerConfig;

/**
 * Limits of one fetch.
 *
 * @param maxRedirects redirects followed at most (each hop re-checked); one more fails
 * @param readTimeout longest wait for response headers or for the next body chunk
 * @param totalTimeout longest time for the whole fetch, redirects included
 * @param maxBytes largest body accepted, counted on the bytes actually received
 */
public record FetchOptions(
    int maxRedirects, Duration readTimeout, Duration totalTimeout, long maxBytes) {
  public FetchOptions {
    if (maxRedirects < 0 || maxBytes < 0) {
      throw new IllegalArgumentException("maxRedirects and maxBytes must not be negative");
    }
  }

  /** 5 redirects, 30 s read timeout, 1 h in total, the given size cap. */
  public static FetchOptions defaults(long maxBytes) {
    return new FetchOptions(5, Duration.ofSeconds(30), Duration.ofHours(1), maxBytes);
  }

  /** Defaults with the cap of {@link ServerConfig#maxUploadBytes()}. */
  public static FetchOptions fromConfig(ServerConfig config) {
    return defaults(config.maxUploadBytes());
  }
}
