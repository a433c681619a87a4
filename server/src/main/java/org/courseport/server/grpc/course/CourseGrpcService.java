package org.courseport.server.grpc.course;

import static org.courseport.server.grpc.course.RequestVersions.version;

import com.google.protobuf.Empty;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.courseport.api.v1.*;
import org.courseport.server.auth.TenantContext;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.catalog.CourseCatalog;
import org.courseport.server.domain.course.CourseView;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.ImportService;
import org.courseport.server.domain.packaging.PackageInspector;
import org.courseport.server.domain.settings.SettingsService;
import org.courseport.server.grpc.ByteWindow;
import org.courseport.server.grpc.Calls;
import org.courseport.server.grpc.course.CourseProtoMapper.Include;
import org.courseport.server.launch.Launches;
import org.courseport.server.packaging.PackageFiles;

/** The CourseService adapter: maps each request, calls the domain, maps the response. */
public final class CourseGrpcService extends CourseServiceGrpc.CourseServiceImplBase {
  private final CourseCatalog catalog;
  private final ImportService imports;
  private final PackageInspector inspector;
  private final BlobStore blobs;
  private final Path tmpDir;
  private final long maxUploadBytes;
  private final int pageSize;
  private final ConfigurationRpcs configuration;
  private final FileRpcs fileRpcs;
  private final Launches launches;

  /** Without launches: the preview and statement RPCs answer UNIMPLEMENTED. */
  public CourseGrpcService(
      CourseCatalog catalog,
      ImportService imports,
      PackageInspector inspector,
      BlobStore blobs,
      SettingsService settings,
      PackageFiles files,
      Path tmpDir,
      long maxUploadBytes,
      int pageSize) {
    this(
        catalog,
        imports,
        inspector,
        blobs,
        settings,
        files,
        tmpDir,
        maxUploadBytes,
        pageSize,
        null);
  }

  /**
   * With launches: preview links, course statements and registration counts.
   *
   * @param launches the launch service; null leaves BuildCoursePreviewLaunchLink and
   *     GetCourseStatements UNIMPLEMENTED and counts zero registrations
   */
  public CourseGrpcService(
      CourseCatalog catalog,
      ImportService imports,
      PackageInspector inspector,
      BlobStore blobs,
      SettingsService settings,
      PackageFiles files,
      Path tmpDir,
      long maxUploadBytes,
      int pageSize,
      Launches launches) {
    this.launches = launches;
    this.configuration = new ConfigurationRpcs(settings, catalog);
    this.fileRpcs = new FileRpcs(blobs, files);
    this.catalog = catalog;
    this.imports = imports;
    this.inspector = inspector;
    this.blobs = blobs;
    this.tmpDir = tmpDir;
    this.maxUploadBytes = maxUploadBytes;
    this.pageSize = pageSize;
  }

  @Override
  public StreamObserver<CreateUploadAndImportCourseJobRequest> createUploadAndImportCourseJob(
      StreamObserver<StringResult> response) {
    return new UploadHandler(imports, TenantContext.tenantId(), response);
  }

  @Override
  public void createFetchAndImportCourseJob(
      CreateFetchAndImportCourseJobRequest r, StreamObserver<StringResult> response) {
    Calls.unary(
        response,
        () ->
            StringResult.newBuilder()
                .setResult(
                    imports.startFetch(
                        TenantContext.tenantId(),
                        r.getCourseId(),
                        r.getMayCreateNewVersion(),
                        r.getImportRequest().getUrl(),
                        r.getPostbackUrl(),
                        r.getImportRequest().getContentType(),
                        r.getImportRequest().hasMediaFileMetadata()
                            ? ImportProtoMapper.media(r.getImportRequest().getMediaFileMetadata())
                            : null))
                .build());
  }

  @Override
  public void getImportJobStatus(
      GetImportJobStatusRequest r, StreamObserver<ImportJobResult> response) {
    Calls.unary(
        response,
        () -> {
          String tenant = TenantContext.tenantId();
          ImportJob job = imports.job(tenant, r.getImportJobId());
          return ImportProtoMapper.toProto(job, importedView(tenant, job));
        });
  }

  private CourseView importedView(String tenant, ImportJob job) {
    if (job.status() != ImportJob.Status.COMPLETE) {
      return null;
    }
    try {
      return catalog.view(tenant, job.courseId(), OptionalInt.of(job.version()));
    } catch (DomainException e) {
      return null; // the course was deleted since; the job result stays answerable
    }
  }

  @Override
  public void getCourses(GetCoursesRequest r, StreamObserver<CourseList> response) {
    Calls.unary(
        response,
        () -> {
          String tenant = TenantContext.tenantId();
          CoursePaging.Page page = CoursePaging.page(r);
          var query = CoursePaging.query(page.filters());
          List<CourseView> views = catalog.list(tenant, query, page.offset(), pageSize + 1);
          if (page.offset() == 0 && page.filters().getIncludeTotalCount()) {
            ResponseHeaders.put("x-total-count", Long.toString(catalog.count(tenant, query)));
          }
          Include include =
              new Include(
                  page.filters().getIncludeCourseMetadata(),
                  page.filters().getIncludeRegistrationCount());
          List<CourseView> shown = views.subList(0, Math.min(pageSize, views.size()));
          // One read for the whole page's registration counts, not one per course.
          Map<String, Long> counts =
              include.registrationCount() && launches != null
                  ? launches.registrationCounts(
                      tenant, shown.stream().map(v -> v.course().courseId()).toList())
                  : Map.of();
          CourseList.Builder b = CourseList.newBuilder();
          for (CourseView v : shown) {
            Course course = CourseProtoMapper.toProto(v, include, false);
            if (course.hasRegistrationCount() && launches != null) {
              course = withCount(course, counts.getOrDefault(v.course().courseId(), 0L));
            }
            b.addCourses(course);
          }
          if (views.size() > pageSize) {
            b.setMore(CoursePaging.token(page.filters(), page.offset() + pageSize));
          }
          return b.build();
        });
  }

  @Override
  public void getCourse(GetCourseRequest r, StreamObserver<Course> response) {
    Calls.unary(
        response,
        () -> {
          String tenant = TenantContext.tenantId();
          // The course schema shows no validation report: the store leaves it out.
          CourseView view =
              catalog.viewWithoutReport(
                  tenant,
                  r.getCourseId(),
                  version(r.hasVersionId(), r.getVersionId()),
                  TenantContext.courseStamp());
          return counted(
              CourseProtoMapper.toProto(
                  view,
                  new Include(r.getIncludeCourseMetadata(), r.getIncludeRegistrationCount()),
                  r.hasVersionId()),
              tenant,
              view,
              r.hasVersionId() ? view.version().version() : null);
        });
  }

  /**
   * Sets {@code registrationCount} (launch sessions of the course, or of one version) on a course
   * whose request asked for it.
   */
  private Course counted(Course course, String tenant, CourseView view, Integer version) {
    if (!course.hasRegistrationCount() || launches == null) {
      return course;
    }
    return withCount(course, launches.registrationCount(tenant, view.course().courseId(), version));
  }

  private static Course withCount(Course course, long count) {
    return course.toBuilder()
        .setRegistrationCount((int) Math.min(Integer.MAX_VALUE, count))
        .build();
  }

  @Override
  public void buildCoursePreviewLaunchLink(
      BuildCoursePreviewLaunchLinkRequest r, StreamObserver<LaunchLink> response) {
    if (launches == null) {
      super.buildCoursePreviewLaunchLink(r, response);
      return;
    }
    Calls.unary(
        response,
        () ->
            LaunchLink.newBuilder()
                .setLaunchLink(
                    launches
                        .preview(
                            TenantContext.tenantId(),
                            new Launches.PreviewRequest(
                                r.getCourseId(),
                                version(r.hasVersionId(), r.getVersionId()),
                                r.hasExpiry() ? r.getExpiry() : null,
                                r.hasRedirectOnExitUrl() ? r.getRedirectOnExitUrl() : null,
                                r.hasStartSco() ? r.getStartSco() : null,
                                r.hasCulture() ? r.getCulture() : null,
                                r.hasCssUrl() ? r.getCssUrl() : null))
                        .url())
                .build());
  }

  @Override
  public void getCourseStatements(
      GetCourseStatementsRequest r, StreamObserver<XapiStatementResult> response) {
    if (launches == null) {
      super.getCourseStatements(r, response);
      return;
    }
    Calls.unary(
        response,
        () ->
            StatementProtoMapper.page(
                launches.statements(
                    TenantContext.tenantId(),
                    r.getCourseId(),
                    version(r.hasVersionId(), r.getVersionId()),
                    r.getLearnerId(),
                    QueryParams.instant("since", r.getSince()),
                    QueryParams.instant("until", r.getUntil()),
                    r.getMore())));
  }

  @Override
  public void deleteCourse(DeleteCourseRequest r, StreamObserver<Empty> response) {
    Calls.unary(
        response,
        () -> {
          catalog.deleteCourse(TenantContext.tenantId(), r.getCourseId());
          return Empty.getDefaultInstance();
        });
  }

  @Override
  public void getCourseVersions(
      GetCourseVersionsRequest r, StreamObserver<CourseListNonPaged> response) {
    Calls.unary(
        response,
        () -> {
          String tenant = TenantContext.tenantId();
          Include include =
              new Include(r.getIncludeCourseMetadata(), r.getIncludeRegistrationCount());
          CourseListNonPaged.Builder b = CourseListNonPaged.newBuilder();
          catalog
              .versions(
                  tenant,
                  r.getCourseId(),
                  QueryParams.instant("since", r.getSince()),
                  QueryParams.instant("until", r.getUntil()))
              .forEach(
                  v ->
                      b.addCourses(
                          counted(
                              CourseProtoMapper.toProto(v, include, true),
                              tenant,
                              v,
                              v.version().version())));
          return b.build();
        });
  }

  @Override
  public void deleteCourseVersion(DeleteCourseVersionRequest r, StreamObserver<Empty> response) {
    Calls.unary(
        response,
        () -> {
          // The same check as every read of a version, so GET and DELETE of versions/-1 agree.
          catalog.deleteVersion(
              TenantContext.tenantId(),
              r.getCourseId(),
              version(true, r.getVersionId()).getAsInt());
          return Empty.getDefaultInstance();
        });
  }

  @Override
  public void setCourseTitle(SetCourseTitleRequest r, StreamObserver<Empty> response) {
    Calls.unary(
        response,
        () -> {
          catalog.setTitle(TenantContext.tenantId(), r.getCourseId(), r.getTitle().getTitle());
          return Empty.getDefaultInstance();
        });
  }

  @Override
  public void getCourseTags(GetCourseTagsRequest r, StreamObserver<TagList> response) {
    Calls.unary(
        response,
        () ->
            TagList.newBuilder()
                .addAllTags(catalog.tags(TenantContext.tenantId(), r.getCourseId()))
                .build());
  }

  @Override
  public void putCourseTags(PutCourseTagsRequest r, StreamObserver<Empty> response) {
    Calls.unary(
        response,
        () -> {
          catalog.replaceTags(TenantContext.tenantId(), r.getCourseId(), r.getTags().getTagsList());
          return Empty.getDefaultInstance();
        });
  }

  @Override
  public void deleteCourseTags(DeleteCourseTagsRequest r, StreamObserver<Empty> response) {
    Calls.unary(
        response,
        () -> {
          catalog.removeTags(TenantContext.tenantId(), r.getCourseId(), r.getTags().getTagsList());
          return Empty.getDefaultInstance();
        });
  }

  @Override
  public void putCourseTagsBatch(PutCourseTagsBatchRequest r, StreamObserver<Empty> response) {
    Calls.unary(
        response,
        () -> {
          catalog.addTagsToAll(
              TenantContext.tenantId(), r.getBatch().getIdsList(), r.getBatch().getTagsList());
          return Empty.getDefaultInstance();
        });
  }

  @Override
  public void getValidationReport(
      GetValidationReportRequest r, StreamObserver<ValidationReport> response) {
    Calls.unary(
        response,
        () ->
            ImportProtoMapper.report(
                catalog
                    .view(
                        TenantContext.tenantId(),
                        r.getCourseId(),
                        version(r.hasVersionId(), r.getVersionId()))
                    .version()
                    .report()));
  }

  @Override
  public StreamObserver<ValidatePackageRequest> validatePackage(
      StreamObserver<ValidationReport> response) {
    TenantContext.tenantId();
    return new ValidateHandler(inspector, tmpDir, maxUploadBytes, response);
  }

  @Override
  public void getCourseZip(GetCourseZipRequest r, StreamObserver<FileChunk> response) {
    Calls.streaming(
        response,
        () -> {
          CourseView view =
              catalog.view(
                  TenantContext.tenantId(),
                  r.getCourseId(),
                  version(r.hasVersionId(), r.getVersionId()));
          fileRpcs.whole(
              view.version(),
              ByteWindow.of(r.hasOffset(), r.getOffset(), r.hasLimit(), r.getLimit()),
              response);
        });
  }

  @Override
  public void getCourseConfiguration(
      GetCourseConfigurationRequest r, StreamObserver<SettingList> response) {
    Calls.unary(response, () -> configuration.getCourse(r));
  }

  @Override
  public void setCourseConfiguration(
      SetCourseConfigurationRequest r, StreamObserver<Empty> response) {
    Calls.unary(response, () -> configuration.setCourse(r));
  }

  @Override
  public void deleteCourseConfigurationSetting(
      DeleteCourseConfigurationSettingRequest r, StreamObserver<Empty> response) {
    Calls.unary(response, () -> configuration.deleteCourse(r));
  }

  @Override
  public void getApplicationConfiguration(
      GetApplicationConfigurationRequest r, StreamObserver<SettingList> response) {
    Calls.unary(response, () -> configuration.getApplication(r));
  }

  @Override
  public void setApplicationConfiguration(
      SetApplicationConfigurationRequest r, StreamObserver<Empty> response) {
    Calls.unary(response, () -> configuration.setApplication(r));
  }

  @Override
  public void deleteApplicationConfigurationSetting(
      DeleteApplicationConfigurationSettingRequest r, StreamObserver<Empty> response) {
    Calls.unary(response, () -> configuration.deleteApplication(r));
  }

  @Override
  public void getCourseFileList(GetCourseFileListRequest r, StreamObserver<FileList> response) {
    Calls.unary(
        response,
        () ->
            fileRpcs.list(
                catalog
                    .view(
                        TenantContext.tenantId(),
                        r.getCourseId(),
                        version(r.hasVersionId(), r.getVersionId()))
                    .version()));
  }

  @Override
  public void getCourseAsset(GetCourseAssetRequest r, StreamObserver<FileChunk> response) {
    Calls.streaming(
        response,
        () -> {
          CourseView view =
              catalog.view(
                  TenantContext.tenantId(),
                  r.getCourseId(),
                  version(r.hasVersionId(), r.getVersionId()));
          fileRpcs.asset(
              view.version(),
              r.getRelativePath(),
              ByteWindow.of(r.hasOffset(), r.getOffset(), r.hasLimit(), r.getLimit()),
              response);
        });
  }
}
