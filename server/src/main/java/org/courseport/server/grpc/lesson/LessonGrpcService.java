package org.courseport.server.grpc.lesson;

import com.google.protobuf.Empty;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.List;
import org.courseport.api.v1.CreateLessonRequest;
import org.courseport.api.v1.DeleteLessonRequest;
import org.courseport.api.v1.GetLessonRequest;
import org.courseport.api.v1.GetLessonVersionRequest;
import org.courseport.api.v1.ImportLessonBundleRequest;
import org.courseport.api.v1.ImportLessonBundleResponse;
import org.courseport.api.v1.Lesson;
import org.courseport.api.v1.LessonServiceGrpc;
import org.courseport.api.v1.LessonVersion;
import org.courseport.api.v1.ListLessonVersionsRequest;
import org.courseport.api.v1.ListLessonVersionsResponse;
import org.courseport.api.v1.ListLessonsRequest;
import org.courseport.api.v1.ListLessonsResponse;
import org.courseport.api.v1.PublishLessonVersionRequest;
import org.courseport.api.v1.UpdateLessonRequest;
import org.courseport.server.auth.TenantContext;
import org.courseport.server.domain.lesson.Lessons;
import org.courseport.server.domain.lesson.PublishedLessonVersion;
import org.courseport.server.domain.lessonimport.LessonBundleImporter;
import org.courseport.server.grpc.Calls;
import org.courseport.server.packaging.zip.ZipLimits;

/** The gRPC adapter of LessonService: maps requests, calls {@link Lessons}, maps back. */
public final class LessonGrpcService extends LessonServiceGrpc.LessonServiceImplBase {
  private final Lessons lessons;
  private final int defaultPageSize;

  private final LessonBundleImporter importer;
  private final ZipLimits zipLimits;
  private final long maxBundleBytes;
  private final Path tmpDir;

  public LessonGrpcService(Lessons lessons, int defaultPageSize) {
    this(lessons, defaultPageSize, null, null, 0, null);
  }

  /**
   * With bundle import: zips up to {@code maxBundleBytes}, read within {@code zipLimits}, received
   * into files in {@code tmpDir}; a null importer leaves ImportLessonBundle unimplemented.
   */
  public LessonGrpcService(
      Lessons lessons,
      int defaultPageSize,
      LessonBundleImporter importer,
      ZipLimits zipLimits,
      long maxBundleBytes,
      Path tmpDir) {
    this.tmpDir = tmpDir;
    this.lessons = lessons;
    this.defaultPageSize = defaultPageSize;
    this.importer = importer;
    this.zipLimits = zipLimits;
    this.maxBundleBytes = maxBundleBytes;
  }

  @Override
  public StreamObserver<ImportLessonBundleRequest> importLessonBundle(
      StreamObserver<ImportLessonBundleResponse> response) {
    if (importer == null) {
      return super.importLessonBundle(response);
    }
    return new ImportLessonBundleHandler(
        importer, zipLimits, maxBundleBytes, tmpDir, TenantContext.tenantId(), response);
  }

  @Override
  public void createLesson(CreateLessonRequest r, StreamObserver<Lesson> response) {
    Calls.unary(
        response,
        () ->
            LessonProtoMapper.toProto(
                lessons.create(
                    TenantContext.tenantId(),
                    r.getTitle(),
                    r.getSlug(),
                    r.hasContent() ? StructJson.toJson(r.getContent()) : null),
                true));
  }

  @Override
  public void getLesson(GetLessonRequest r, StreamObserver<Lesson> response) {
    Calls.unary(
        response,
        () ->
            LessonProtoMapper.toProto(
                lessons.get(TenantContext.tenantId(), r.getLessonId()), true));
  }

  @Override
  public void listLessons(ListLessonsRequest r, StreamObserver<ListLessonsResponse> response) {
    Calls.unary(
        response,
        () -> {
          int size = LessonProtoMapper.pageSize(r.getPageSize(), defaultPageSize);
          int offset = LessonProtoMapper.offset(r.getPageToken());
          List<org.courseport.server.domain.lesson.Lesson> page =
              lessons.list(TenantContext.tenantId(), offset, size + 1);
          ListLessonsResponse.Builder b = ListLessonsResponse.newBuilder();
          page.stream().limit(size).forEach(l -> b.addLessons(LessonProtoMapper.toProto(l, false)));
          return b.setNextPageToken(LessonProtoMapper.nextToken(offset, size, page.size() > size))
              .build();
        });
  }

  @Override
  public void updateLesson(UpdateLessonRequest r, StreamObserver<Lesson> response) {
    Calls.unary(
        response,
        () ->
            LessonProtoMapper.toProto(
                lessons.update(
                    TenantContext.tenantId(),
                    r.getLessonId(),
                    r.hasTitle() ? r.getTitle() : null,
                    r.hasSlug() ? r.getSlug() : null,
                    r.hasContent() ? StructJson.toJson(r.getContent()) : null),
                true));
  }

  @Override
  public void deleteLesson(DeleteLessonRequest r, StreamObserver<Empty> response) {
    Calls.unary(
        response,
        () -> {
          lessons.delete(TenantContext.tenantId(), r.getLessonId());
          return Empty.getDefaultInstance();
        });
  }

  @Override
  public void publishLessonVersion(
      PublishLessonVersionRequest r, StreamObserver<LessonVersion> response) {
    Calls.unary(
        response,
        () ->
            LessonProtoMapper.toProto(
                lessons.publish(TenantContext.tenantId(), r.getLessonId()), true));
  }

  @Override
  public void listLessonVersions(
      ListLessonVersionsRequest r, StreamObserver<ListLessonVersionsResponse> response) {
    Calls.unary(
        response,
        () -> {
          int size = LessonProtoMapper.pageSize(r.getPageSize(), defaultPageSize);
          int offset = LessonProtoMapper.offset(r.getPageToken());
          List<PublishedLessonVersion> page =
              lessons.versions(TenantContext.tenantId(), r.getLessonId(), offset, size + 1);
          ListLessonVersionsResponse.Builder b = ListLessonVersionsResponse.newBuilder();
          page.stream()
              .limit(size)
              .forEach(v -> b.addVersions(LessonProtoMapper.toProto(v, false)));
          return b.setNextPageToken(LessonProtoMapper.nextToken(offset, size, page.size() > size))
              .build();
        });
  }

  @Override
  public void getLessonVersion(GetLessonVersionRequest r, StreamObserver<LessonVersion> response) {
    Calls.unary(
        response,
        () ->
            LessonProtoMapper.toProto(
                lessons.version(TenantContext.tenantId(), r.getLessonId(), r.getVersionId()),
                true));
  }
}
