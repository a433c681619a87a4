package org.courseport.server.domain.job;

/**
 * What the caller says about a media file imported as a course (MediaFileMetadataSchema).
 *
 * @param title title of the course, empty for the file name
 * @param description description, may be empty
 * @param language content language, may be empty
 * @param estimatedDurationSeconds estimated duration in seconds, 0 when unknown
 */
public record MediaMetadata(
    String title, String description, String language, int estimatedDurationSeconds) {
  public MediaMetadata {
    title = title == null ? "" : title;
    description = description == null ? "" : description;
    language = language == null ? "" : language;
  }

  public static MediaMetadata none() {
    return new MediaMetadata("", "", "", 0);
  }
}
