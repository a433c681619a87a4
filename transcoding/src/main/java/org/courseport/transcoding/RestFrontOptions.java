package org.courseport.transcoding;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Settings of the HTTP front.
 *
 * @param maxUploadBytes largest file accepted by the multipart upload route, in bytes
 * @param uploadChunkBytes size of the {@code chunk} messages streamed into upload RPCs
 * @param readiness whether the application is ready; {@code /healthz} answers 503 until it is
 * @param docsEnabled whether {@code /docs} (Armeria DocService) is mounted
 * @param meterRegistry where the front's request metrics go (and the server's own), or null for
 *     none
 * @param requestTimeout longest time a request may take (routes that stream large bodies opt out);
 *     one that takes longer answers 503 with {@code Retry-After} in its dialect
 */
public record RestFrontOptions(
    long maxUploadBytes,
    int uploadChunkBytes,
    BooleanSupplier readiness,
    boolean docsEnabled,
    MeterRegistry meterRegistry,
    Duration requestTimeout) {

  /** 8 GiB: the default upload limit. */
  public static final long DEFAULT_MAX_UPLOAD_BYTES = 8L * 1024 * 1024 * 1024;

  /** 64 KiB: the default size of streamed chunks. */
  public static final int DEFAULT_UPLOAD_CHUNK_BYTES = 64 * 1024;

  /** 10 s: the default request timeout (Armeria's own default). */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Validates the settings. */
  public RestFrontOptions {
    if (maxUploadBytes <= 0) {
      throw new IllegalArgumentException("maxUploadBytes must be positive: " + maxUploadBytes);
    }
    if (uploadChunkBytes <= 0 || uploadChunkBytes > 4 * 1024 * 1024) {
      throw new IllegalArgumentException(
          "uploadChunkBytes must be in 1..4 MiB: " + uploadChunkBytes);
    }
    if (readiness == null) {
      throw new NullPointerException("readiness");
    }
    if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive: " + requestTimeout);
    }
  }

  /** The settings with the default request timeout. */
  public RestFrontOptions(
      long maxUploadBytes,
      int uploadChunkBytes,
      BooleanSupplier readiness,
      boolean docsEnabled,
      MeterRegistry meterRegistry) {
    this(
        maxUploadBytes,
        uploadChunkBytes,
        readiness,
        docsEnabled,
        meterRegistry,
        DEFAULT_REQUEST_TIMEOUT);
  }

  /** The settings without metrics. */
  public RestFrontOptions(
      long maxUploadBytes, int uploadChunkBytes, BooleanSupplier readiness, boolean docsEnabled) {
    this(maxUploadBytes, uploadChunkBytes, readiness, docsEnabled, null);
  }

  /** The defaults: 8 GiB uploads, 64 KiB chunks, always ready, docs on, 10 s request timeout. */
  public static RestFrontOptions defaults() {
    return new RestFrontOptions(
        DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_UPLOAD_CHUNK_BYTES, () -> true, true);
  }

  /** A copy with another upload limit. */
  public RestFrontOptions withMaxUploadBytes(long bytes) {
    return new RestFrontOptions(
        bytes, uploadChunkBytes, readiness, docsEnabled, meterRegistry, requestTimeout);
  }

  /** A copy with another chunk size. */
  public RestFrontOptions withUploadChunkBytes(int bytes) {
    return new RestFrontOptions(
        maxUploadBytes, bytes, readiness, docsEnabled, meterRegistry, requestTimeout);
  }

  /** A copy with another readiness check. */
  public RestFrontOptions withReadiness(BooleanSupplier check) {
    return new RestFrontOptions(
        maxUploadBytes, uploadChunkBytes, check, docsEnabled, meterRegistry, requestTimeout);
  }

  /** A copy with DocService on or off. */
  public RestFrontOptions withDocsEnabled(boolean enabled) {
    return new RestFrontOptions(
        maxUploadBytes, uploadChunkBytes, readiness, enabled, meterRegistry, requestTimeout);
  }

  /** A copy that records request metrics into {@code registry}. */
  public RestFrontOptions withMeterRegistry(MeterRegistry registry) {
    return new RestFrontOptions(
        maxUploadBytes, uploadChunkBytes, readiness, docsEnabled, registry, requestTimeout);
  }

  /** A copy with another request timeout. */
  public RestFrontOptions withRequestTimeout(Duration timeout) {
    return new RestFrontOptions(
        maxUploadBytes, uploadChunkBytes, readiness, docsEnabled, meterRegistry, timeout);
  }
}
