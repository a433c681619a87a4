package org.courseport.server.grpc.export;

import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.courseport.api.v1.AddGroupCoursesRequest;
import org.courseport.api.v1.ContentExport;
import org.courseport.api.v1.ContentExportAttachment;
import org.courseport.api.v1.CreateContentExportRequest;
import org.courseport.api.v1.CreateGroupRequest;
import org.courseport.api.v1.DownloadContentExportRequest;
import org.courseport.api.v1.FileChunk;
import org.courseport.api.v1.FileInfo;
import org.courseport.api.v1.GetContentExportRequest;
import org.courseport.api.v1.GetGroupRequest;
import org.courseport.api.v1.GetProgressRequest;
import org.courseport.api.v1.GetUserRequest;
import org.courseport.api.v1.Group;
import org.courseport.api.v1.ListContentExportsRequest;
import org.courseport.api.v1.ListContentExportsResponse;
import org.courseport.api.v1.Progress;
import org.courseport.api.v1.User;
import org.courseport.server.auth.TenantContext;
import org.courseport.server.domain.contentexport.ContentExports;
import org.courseport.server.grpc.Calls;
import org.courseport.server.grpc.FileStreamer;

/**
 * ExportService's Canvas methods (seed 004): content export jobs, their Progress objects, the
 * download of a finished package by its capability token, and the groups and users that can be
 * exported. {@link ExportGrpcService} delegates to this class.
 */
public final class ContentExportRpcs {
  private final ContentExports exports;
  private final Supplier<String> configuredBase;

  /** Without a configured public base: Link URLs follow the request's host. */
  public ContentExportRpcs(ContentExports exports) {
    this(exports, () -> null);
  }

  /**
   * @param configuredBase the configured public base URL ({@code COURSEPORT_PUBLIC_BASE_URL}), or
   *     null when none is configured; list answers carry it so that the Canvas front writes its
   *     {@code Link} URLs on it rather than on the request's host
   */
  public ContentExportRpcs(ContentExports exports, Supplier<String> configuredBase) {
    this.exports = exports;
    this.configuredBase = configuredBase;
  }

  public void create(CreateContentExportRequest r, StreamObserver<ContentExport> response) {
    Calls.unary(
        response,
        () ->
            toProto(
                exports.create(
                    TenantContext.tenantId(),
                    r.getContextType(),
                    r.getContextId(),
                    r.getExportType(),
                    r.getCcVersion())));
  }

  public void list(
      ListContentExportsRequest r, StreamObserver<ListContentExportsResponse> response) {
    Calls.unary(
        response,
        () -> {
          ContentExports.Page page =
              exports.list(
                  TenantContext.tenantId(),
                  r.getContextType(),
                  r.getContextId(),
                  r.getPage(),
                  r.getPerPage());
          ListContentExportsResponse.Builder b =
              ListContentExportsResponse.newBuilder()
                  .setHasNext(page.hasNext())
                  .setPage(page.page())
                  .setPerPage(page.perPage())
                  .setLastPage(page.lastPage());
          String base = configuredBase.get();
          if (base != null && !base.isBlank()) {
            b.setPublicBase(base.strip().replaceAll("/+$", ""));
          }
          page.items().forEach(e -> b.addContentExports(toProto(e)));
          return b.build();
        });
  }

  public void get(GetContentExportRequest r, StreamObserver<ContentExport> response) {
    Calls.unary(
        response,
        () ->
            toProto(
                exports.get(
                    TenantContext.tenantId(),
                    r.getContextType(),
                    r.getContextId(),
                    r.getExportId())));
  }

  public void progress(GetProgressRequest r, StreamObserver<Progress> response) {
    Calls.unary(
        response,
        () -> {
          var e = exports.progress(TenantContext.tenantId(), r.getProgressId());
          Progress.Builder b =
              Progress.newBuilder()
                  .setId(e.id())
                  .setContextId(e.contextId())
                  .setContextType(e.contextType().progressName())
                  .setUserId(e.userId())
                  .setTag("content_export")
                  .setCompletion(e.completion())
                  .setWorkflowState(e.state().progressName())
                  .setCreatedAt(ContentExports.timestamp(e.created()))
                  .setUpdatedAt(ContentExports.timestamp(e.updated()))
                  .setUrl(exports.progressUrl(e));
          if (e.message() != null) {
            b.setMessage(e.message());
          }
          return b.build();
        });
  }

  public void download(DownloadContentExportRequest r, StreamObserver<FileChunk> response) {
    Calls.streaming(
        response,
        () -> {
          ContentExports.Download d = exports.download(r.getToken());
          FileInfo info =
              FileInfo.newBuilder()
                  .setFileName(d.fileName())
                  .setContentType(d.contentType())
                  .setSize(d.size())
                  .setEtag(d.sha256())
                  .build();
          FileStreamer.start(response, info, d.content());
        });
  }

  public void createGroup(CreateGroupRequest r, StreamObserver<Group> response) {
    Calls.unary(
        response,
        () ->
            toProto(
                exports.createGroup(TenantContext.tenantId(), r.getName(), r.getCourseIdsList())));
  }

  public void getGroup(GetGroupRequest r, StreamObserver<Group> response) {
    Calls.unary(response, () -> toProto(exports.group(TenantContext.tenantId(), r.getGroupId())));
  }

  public void addGroupCourses(AddGroupCoursesRequest r, StreamObserver<Group> response) {
    Calls.unary(
        response,
        () ->
            toProto(
                exports.addGroupCourses(
                    TenantContext.tenantId(), r.getGroupId(), r.getCourseIdsList())));
  }

  public void getUser(GetUserRequest r, StreamObserver<User> response) {
    Calls.unary(
        response,
        () -> {
          var u = exports.user(TenantContext.tenantId(), r.getUserId());
          return User.newBuilder()
              .setId(u.id())
              .setName(u.name())
              .setCreatedAt(ContentExports.timestamp(u.created()))
              .build();
        });
  }

  private ContentExport toProto(org.courseport.server.domain.contentexport.ContentExport e) {
    ContentExport.Builder b =
        ContentExport.newBuilder()
            .setId(e.id())
            .setCreatedAt(ContentExports.timestamp(e.created()))
            .setExportType(e.exportType().apiName())
            .setProgressUrl(exports.progressUrl(e))
            .setUserId(e.userId())
            .setWorkflowState(e.state().wireName());
    exports
        .downloadUrl(e)
        .ifPresent(url -> b.setAttachment(ContentExportAttachment.newBuilder().setUrl(url)));
    return b.build();
  }

  private static Group toProto(org.courseport.server.domain.contentexport.Group g) {
    return Group.newBuilder()
        .setId(g.id())
        .setName(g.name())
        .addAllCourseIds(g.courseIds())
        .setCreatedAt(ContentExports.timestamp(g.created()))
        .build();
  }
}
