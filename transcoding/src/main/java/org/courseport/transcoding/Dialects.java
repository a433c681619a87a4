package org.courseport.transcoding;

import com.linecorp.armeria.common.annotation.Nullable;

/** Which REST dialect, and so which error renderer, a request path belongs to. */
final class Dialects {

  /** Path prefix of the SCORM Cloud API v2 routes. */
  static final String SCORM_CLOUD_PREFIX = "/api/v2";

  private Dialects() {}

  /** The renderer of the dialect owning the path; AIP-193 for routes no dialect documents. */
  static ErrorRenderer rendererFor(String path) {
    ErrorRenderer dialect = dialectOf(path);
    return dialect == null ? AipErrorRenderer.INSTANCE : dialect;
  }

  /** The renderer of a documented dialect owning the path, or null when none does. */
  @Nullable
  static ErrorRenderer dialectOf(String path) {
    if (path.equals(SCORM_CLOUD_PREFIX) || path.startsWith(SCORM_CLOUD_PREFIX + '/')) {
      return ScormCloudErrorRenderer.INSTANCE;
    }
    return null;
  }

  /** Whether the path is a REST route of the front (any dialect, or AIP-style {@code /api/}). */
  static boolean isRest(String path) {
    return path.startsWith("/api/");
  }
}
