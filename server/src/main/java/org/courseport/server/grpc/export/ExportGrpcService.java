package org.courseport.server.grpc.export;

import io.grpc.stub.StreamObserver;
import org.courseport.api.v1.AddGroupCoursesRequest;
import org.courseport.api.v1.ContentExport;
import org.courseport.api.v1.CourseExport;
import org.courseport.api.v1.CourseSharing;
import org.courseport.api.v1.CreateContentExportRequest;
import org.courseport.api.v1.CreateGroupRequest;
import org.courseport.api.v1.DownloadContentExportRequest;
import org.courseport.api.v1.DownloadCourseExportRequest;
import org.courseport.api.v1.ExportCourseRequest;
import org.courseport.api.v1.ExportLessonVersionRequest;
import org.courseport.api.v1.ExportServiceGrpc;
import org.courseport.api.v1.FileChunk;
import org.courseport.api.v1.FileInfo;
import org.courseport.api.v1.GetContentExportRequest;
import org.courseport.api.v1.GetGroupRequest;
import org.courseport.api.v1.GetLessonExportFileRequest;
import org.courseport.api.v1.GetLessonExportManifestRequest;
import org.courseport.api.v1.GetLessonExportManifestResponse;
import org.courseport.api.v1.GetProgressRequest;
import org.courseport.api.v1.GetSharePageRequest;
import org.courseport.api.v1.GetUserRequest;
import org.courseport.api.v1.Group;
import org.courseport.api.v1.ListContentExportsRequest;
import org.courseport.api.v1.ListContentExportsResponse;
import org.courseport.api.v1.Progress;
import org.courseport.api.v1.RevokeCourseExportRequest;
import org.courseport.api.v1.RevokeCourseExportResponse;
import org.courseport.api.v1.SetCourseSharingRequest;
import org.courseport.api.v1.SharePage;
import org.courseport.api.v1.User;
import org.courseport.server.auth.TenantContext;
import org.courseport.server.domain.courseexport.CourseExportDesk;
import org.courseport.server.domain.courseexport.ExportDownload;
import org.courseport.server.domain.lessonexport.ExportFile;
import org.courseport.server.domain.lessonexport.ExportLinks;
import org.courseport.server.domain.lessonexport.LessonExporter;
import org.courseport.server.domain.lessonexport.PreparedExport;
import org.courseport.server.grpc.Calls;
import org.courseport.server.grpc.FileStreamer;
import org.courseport.server.launch.Launches;

/**
 * The gRPC adapter of ExportService's lesson export: the zip streamed with flow control, the
 * manifest with signed file URLs, and the files those URLs name.
 *
 * <p>Wiring (composition root): {@code new ExportGrpcService(new LessonExporter(sources, url ->
 * fetcher.fetchToStore(url, blobs).blobId(), blobs, new MongoExportCache(db), clock), new
 * ExportLinks(new UploadSignatures(new MongoSigningKeyRepository(db, "lessonExportSigningKeys"),
 * Optional.empty(), rotation, ExportLinks.LIFETIME, clock), baseUrl, clock))}, with its OPEN
 * methods (those of {@code auth.MethodScopes}) let through by the AuthInterceptor.
 */
public final class ExportGrpcService extends ExportServiceGrpc.ExportServiceImplBase {
  private final LessonExporter exporter;
  private final ExportLinks links;
  private final CourseExportDesk courses;
  private final ContentExportRpcs contentExports;
  private final Launches launches;

  /**
   * The lesson export only: the course export RPCs answer UNIMPLEMENTED (the base class) until the
   * composition root passes a {@link CourseExportDesk}.
   */
  public ExportGrpcService(LessonExporter exporter, ExportLinks links) {
    this(exporter, links, null, null);
  }

  /**
   * The lesson export, LearningStudio's course export and Canvas's content exports.
   *
   * @param courses LearningStudio's course export; null leaves its methods UNIMPLEMENTED
   * @param contentExports the Canvas content export methods; null leaves them UNIMPLEMENTED
   */
  public ExportGrpcService(
      LessonExporter exporter,
      ExportLinks links,
      CourseExportDesk courses,
      ContentExportRpcs contentExports) {
    this(exporter, links, courses, contentExports, null);
  }

  /**
   * Everything, with course sharing and the share page's preview.
   *
   * @param launches the launch service; null leaves SetCourseSharing UNIMPLEMENTED and the share
   *     page without preview (authored or exported courses, as before sharing existed)
   */
  public ExportGrpcService(
      LessonExporter exporter,
      ExportLinks links,
      CourseExportDesk courses,
      ContentExportRpcs contentExports,
      Launches launches) {
    this.launches = launches;
    this.exporter = exporter;
    this.links = links;
    this.courses = courses;
    this.contentExports = contentExports;
  }

  @Override
  public void exportCourse(ExportCourseRequest r, StreamObserver<CourseExport> response) {
    if (courses == null) {
      super.exportCourse(r, response);
      return;
    }
    Calls.unary(
        response,
        () ->
            ExportProtoMapper.toProto(
                courses.export(
                    TenantContext.tenantId(),
                    new CourseExportDesk.Request(
                        r.getCourseId(), r.getFormat(), r.getCallbackUrl(), r.getMultiSco()))));
  }

  @Override
  public void revokeCourseExport(
      RevokeCourseExportRequest r, StreamObserver<RevokeCourseExportResponse> response) {
    if (courses == null) {
      super.revokeCourseExport(r, response);
      return;
    }
    Calls.unary(
        response,
        () -> {
          ExportDownload revoked =
              courses.revoke(TenantContext.tenantId(), r.getCourseId(), r.getExportId());
          return RevokeCourseExportResponse.newBuilder()
              .setExportId(revoked.exportId())
              .setRevokedAt(CourseExportDesk.timestamp(revoked.revokedAt()))
              .build();
        });
  }

  @Override
  public void downloadCourseExport(
      DownloadCourseExportRequest r, StreamObserver<FileChunk> response) {
    if (courses == null) {
      super.downloadCourseExport(r, response);
      return;
    }
    Calls.streaming(
        response,
        () -> {
          ExportDownload download = courses.download(r.getToken());
          FileInfo info =
              FileInfo.newBuilder()
                  .setFileName(download.fileName())
                  .setContentType("application/zip")
                  .setSize(download.size())
                  .setEtag(download.sha256())
                  .build();
          FileStreamer.start(response, info, courses.open(download));
        });
  }

  @Override
  public void getSharePage(GetSharePageRequest r, StreamObserver<SharePage> response) {
    if (launches != null) {
      Calls.unary(
          response,
          () -> {
            Launches.SharePage page = launches.sharePage(r.getCourseId());
            return SharePage.newBuilder()
                .setCourseId(page.courseId())
                .setTitle(page.title())
                .setDescription(page.description())
                .setPreviewEnabled(true)
                .setPreviewUrl(page.previewUrl())
                .setPreviewUnavailableReason(page.previewUnavailableReason())
                .build();
          });
      return;
    }
    if (courses == null) {
      super.getSharePage(r, response);
      return;
    }
    Calls.unary(
        response,
        () -> {
          CourseExportDesk.SharePage page = courses.sharePage(r.getCourseId());
          return SharePage.newBuilder()
              .setCourseId(page.courseId())
              .setTitle(page.title())
              .setPreviewEnabled(page.previewEnabled())
              .build();
        });
  }

  @Override
  public void setCourseSharing(SetCourseSharingRequest r, StreamObserver<CourseSharing> response) {
    if (launches == null) {
      super.setCourseSharing(r, response);
      return;
    }
    Calls.unary(
        response,
        () -> {
          Launches.Sharing sharing =
              launches.setSharing(TenantContext.tenantId(), r.getCourseId(), r.getEnabled());
          return CourseSharing.newBuilder()
              .setCourseId(sharing.courseId())
              .setEnabled(sharing.enabled())
              .setShareUrl(sharing.shareUrl())
              .build();
        });
  }

  // Canvas content exports (seed 004): delegated to ContentExportRpcs.

  @Override
  public void createContentExport(
      CreateContentExportRequest r, StreamObserver<ContentExport> response) {
    if (contentExports == null) {
      super.createContentExport(r, response);
    } else {
      contentExports.create(r, response);
    }
  }

  @Override
  public void listContentExports(
      ListContentExportsRequest r, StreamObserver<ListContentExportsResponse> response) {
    if (contentExports == null) {
      super.listContentExports(r, response);
    } else {
      contentExports.list(r, response);
    }
  }

  @Override
  public void getContentExport(GetContentExportRequest r, StreamObserver<ContentExport> response) {
    if (contentExports == null) {
      super.getContentExport(r, response);
    } else {
      contentExports.get(r, response);
    }
  }

  @Override
  public void getProgress(GetProgressRequest r, StreamObserver<Progress> response) {
    if (contentExports == null) {
      super.getProgress(r, response);
    } else {
      contentExports.progress(r, response);
    }
  }

  @Override
  public void downloadContentExport(
      DownloadContentExportRequest r, StreamObserver<FileChunk> response) {
    if (contentExports == null) {
      super.downloadContentExport(r, response);
    } else {
      contentExports.download(r, response);
    }
  }

  @Override
  public void createGroup(CreateGroupRequest r, StreamObserver<Group> response) {
    if (contentExports == null) {
      super.createGroup(r, response);
    } else {
      contentExports.createGroup(r, response);
    }
  }

  @Override
  public void getGroup(GetGroupRequest r, StreamObserver<Group> response) {
    if (contentExports == null) {
      super.getGroup(r, response);
    } else {
      contentExports.getGroup(r, response);
    }
  }

  @Override
  public void addGroupCourses(AddGroupCoursesRequest r, StreamObserver<Group> response) {
    if (contentExports == null) {
      super.addGroupCourses(r, response);
    } else {
      contentExports.addGroupCourses(r, response);
    }
  }

  @Override
  public void getUser(GetUserRequest r, StreamObserver<User> response) {
    if (contentExports == null) {
      super.getUser(r, response);
    } else {
      contentExports.getUser(r, response);
    }
  }

  @Override
  public void exportLessonVersion(
      ExportLessonVersionRequest r, StreamObserver<FileChunk> response) {
    Calls.streaming(
        response,
        () -> {
          PreparedExport export =
              exporter.export(TenantContext.tenantId(), r.getLessonId(), r.getVersionId());
          FileInfo info =
              FileInfo.newBuilder()
                  .setFileName(export.fileName())
                  .setContentType("application/zip")
                  .setSize(export.size())
                  .setEtag(export.sha256())
                  .build();
          FileStreamer.start(response, info, exporter.open(export));
        });
  }

  @Override
  public void getLessonExportManifest(
      GetLessonExportManifestRequest r, StreamObserver<GetLessonExportManifestResponse> response) {
    Calls.unary(
        response,
        () -> {
          String tenant = TenantContext.tenantId();
          PreparedExport export = exporter.export(tenant, r.getLessonId(), r.getVersionId());
          ExportLinks.Signer signer =
              links.signer(
                  tenant,
                  export.manifest().lessonId(),
                  export.manifest().versionId(),
                  export.cacheKey());
          return ExportProtoMapper.toProto(export.manifest(), signer.expires(), signer::url);
        });
  }

  @Override
  public void getLessonExportFile(
      GetLessonExportFileRequest r, StreamObserver<FileChunk> response) {
    Calls.streaming(
        response,
        () -> {
          links.verify(
              r.getTenant(),
              r.getLessonId(),
              r.getVersionId(),
              r.getPath(),
              r.getExportKey(),
              r.getExpires(),
              r.getKeyId(),
              r.getSignature());
          ExportFile file =
              exporter.openFile(
                  r.getTenant(), r.getLessonId(), r.getVersionId(), r.getExportKey(), r.getPath());
          FileInfo info =
              FileInfo.newBuilder()
                  .setFileName(file.fileName())
                  .setContentType(file.mimeType())
                  .setSize(file.size())
                  .setEtag(file.sha256() == null ? "" : file.sha256())
                  .build();
          FileStreamer.start(response, info, file.content());
        });
  }
}
