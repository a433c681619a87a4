package org.courseport.server.domain.lessonexport;

import java.util.List;

/**
 * The manifest.json of a lesson export (seed 001): metadata, the file inventory, what could not be
 * included and the media credits.
 *
 * @param publishedAt RFC 3339 UTC in seconds
 * @param exportedAt RFC 3339 UTC in seconds; empty in the cached copy
 * @param lessonPath {@code ./lesson.json}
 */
public record LessonManifest(
    String lessonId,
    String title,
    int versionNumber,
    String versionId,
    String publishedAt,
    String exportedAt,
    String formatVersion,
    String lessonPath,
    List<MediaFile> media,
    List<WidgetFile> widgets,
    List<FailedMedia> failedMedia,
    List<FailedWidget> failedWidgets,
    List<Attribution> attributions) {

  public LessonManifest {
    media = List.copyOf(media);
    widgets = List.copyOf(widgets);
    failedMedia = List.copyOf(failedMedia);
    failedWidgets = List.copyOf(failedWidgets);
    attributions = List.copyOf(attributions);
  }

  /** The same manifest exported at {@code at}. */
  public LessonManifest withExportedAt(String at) {
    return new LessonManifest(
        lessonId,
        title,
        versionNumber,
        versionId,
        publishedAt,
        at,
        formatVersion,
        lessonPath,
        media,
        widgets,
        failedMedia,
        failedWidgets,
        attributions);
  }

  /** A media file: {@code localPath} is {@code ./media/{id}.{ext}}. */
  public record MediaFile(String id, String localPath, String mimeType) {}

  /** A widget bundle; {@code cssLocalPath} is null when the widget has no CSS. */
  public record WidgetFile(String id, String widgetType, String localPath, String cssLocalPath) {}

  /** Media left out; {@code url} is null for uploaded media. */
  public record FailedMedia(String id, String url, String reason) {}

  /** A widget left out; {@code widgetType} is null when the widget is unknown. */
  public record FailedWidget(String id, String widgetType, String reason) {}

  /** Credit of an included media file; {@code url} and {@code portfolioUrl} may be null. */
  public record Attribution(String mediaId, String text, String url, String portfolioUrl) {}
}
