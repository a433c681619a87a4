package org.courseport.server.grpc.export;

import java.time.Instant;
import java.util.function.UnaryOperator;
import org.courseport.api.v1.GetLessonExportManifestResponse;
import org.courseport.api.v1.LessonExportAttribution;
import org.courseport.api.v1.LessonExportFailedMedia;
import org.courseport.api.v1.LessonExportFailedWidget;
import org.courseport.api.v1.LessonExportFiles;
import org.courseport.api.v1.LessonExportMediaFile;
import org.courseport.api.v1.LessonExportWidgetFile;
import org.courseport.server.domain.lessonexport.LessonManifest;

/** Maps a lesson export manifest to its proto, with a signed URL per file. */
final class ExportProtoMapper {
  private ExportProtoMapper() {}

  /**
   * @param signedUrl the signed URL of a path relative to the export folder ({@code lesson.json},
   *     {@code media/x.jpg})
   */
  static GetLessonExportManifestResponse toProto(
      LessonManifest m, Instant expires, UnaryOperator<String> signedUrl) {
    LessonExportFiles.Builder files =
        LessonExportFiles.newBuilder()
            .setLesson(m.lessonPath())
            .setLessonUrl(signedUrl.apply(relative(m.lessonPath())));
    for (LessonManifest.MediaFile f : m.media()) {
      files.addMedia(
          LessonExportMediaFile.newBuilder()
              .setId(f.id())
              .setLocalPath(f.localPath())
              .setMimeType(f.mimeType())
              .setUrl(signedUrl.apply(relative(f.localPath()))));
    }
    for (LessonManifest.WidgetFile w : m.widgets()) {
      LessonExportWidgetFile.Builder b =
          LessonExportWidgetFile.newBuilder()
              .setWidgetType(w.widgetType())
              .setLocalPath(w.localPath())
              .setUrl(signedUrl.apply(relative(w.localPath())));
      if (w.cssLocalPath() != null) {
        b.setCssLocalPath(w.cssLocalPath()).setCssUrl(signedUrl.apply(relative(w.cssLocalPath())));
      }
      files.addWidgets(b);
    }
    GetLessonExportManifestResponse.Builder out =
        GetLessonExportManifestResponse.newBuilder()
            .setLessonId(m.lessonId())
            .setTitle(m.title())
            .setVersionNumber(m.versionNumber())
            .setVersionId(m.versionId())
            .setPublishedAt(m.publishedAt())
            .setExportedAt(m.exportedAt())
            .setFormatVersion(m.formatVersion())
            .setFiles(files)
            .setUrlsExpireAt(expires.toString());
    for (LessonManifest.FailedMedia f : m.failedMedia()) {
      LessonExportFailedMedia.Builder b =
          LessonExportFailedMedia.newBuilder().setId(f.id()).setReason(f.reason());
      if (f.url() != null) {
        b.setUrl(f.url());
      }
      out.addFailedMedia(b);
    }
    for (LessonManifest.FailedWidget f : m.failedWidgets()) {
      LessonExportFailedWidget.Builder b =
          LessonExportFailedWidget.newBuilder().setId(f.id()).setReason(f.reason());
      if (f.widgetType() != null) {
        b.setWidgetType(f.widgetType());
      }
      out.addFailedWidgets(b);
    }
    for (LessonManifest.Attribution a : m.attributions()) {
      LessonExportAttribution.Builder b =
          LessonExportAttribution.newBuilder().setMediaId(a.mediaId()).setText(nonNull(a.text()));
      if (a.url() != null) {
        b.setUrl(a.url());
      }
      if (a.portfolioUrl() != null) {
        b.setPortfolioUrl(a.portfolioUrl());
      }
      out.addAttributions(b);
    }
    return out.build();
  }

  /** {@code ./media/x.jpg} → {@code media/x.jpg}. */
  private static String relative(String localPath) {
    return localPath.startsWith("./") ? localPath.substring(2) : localPath;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  /** The answer of ExportCourse. */
  static org.courseport.api.v1.CourseExport toProto(
      org.courseport.server.domain.courseexport.CourseExportDesk.Result r) {
    return org.courseport.api.v1.CourseExport.newBuilder()
        .setCourseId(r.courseId())
        .setFormat(r.format())
        .setDownloadUrl(r.downloadUrl())
        .setShareUrl(r.shareUrl())
        .setExportedAt(r.exportedAt())
        .setExportId(r.exportId())
        .setSha256(r.sha256())
        .setSize(r.size())
        .build();
  }
}
