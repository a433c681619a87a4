package org.courseport.client;

import java.util.Objects;

/**
 * What an import creates: the course id, whether an existing course gets a new version, an optional
 * postback URL notified when the job ends, and the content type of the package.
 */
public record UploadOptions(
    String courseId, boolean mayCreateNewVersion, String postbackUrl, String contentType) {

  public UploadOptions {
    Objects.requireNonNull(courseId, "courseId");
    if (courseId.isBlank()) {
      throw new IllegalArgumentException("courseId must not be blank");
    }
    postbackUrl = postbackUrl == null ? "" : postbackUrl;
    contentType = contentType == null || contentType.isBlank() ? "application/zip" : contentType;
  }

  /** Imports into {@code courseId}, failing if the course exists. */
  public static UploadOptions forCourse(String courseId) {
    return new UploadOptions(courseId, false, "", "application/zip");
  }

  /** A copy that may (or may not) add a version to an existing course. */
  public UploadOptions withNewVersion(boolean allowed) {
    return new UploadOptions(courseId, allowed, postbackUrl, contentType);
  }

  /** A copy notifying {@code url} when the import ends. */
  public UploadOptions withPostbackUrl(String url) {
    return new UploadOptions(courseId, mayCreateNewVersion, url, contentType);
  }

  /** A copy declaring another MIME type for the package. */
  public UploadOptions withContentType(String type) {
    return new UploadOptions(courseId, mayCreateNewVersion, postbackUrl, type);
  }
}
