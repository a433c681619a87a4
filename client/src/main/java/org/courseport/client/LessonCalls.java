package org.courseport.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.courseport.api.v1.CreateLessonRequest;
import org.courseport.api.v1.DeleteLessonRequest;
import org.courseport.api.v1.ExportLessonVersionRequest;
import org.courseport.api.v1.ExportServiceGrpc;
import org.courseport.api.v1.GetLessonRequest;
import org.courseport.api.v1.GetLessonVersionRequest;
import org.courseport.api.v1.ImportLessonBundleMetadata;
import org.courseport.api.v1.ImportLessonBundleRequest;
import org.courseport.api.v1.ImportLessonBundleResponse;
import org.courseport.api.v1.Lesson;
import org.courseport.api.v1.LessonServiceGrpc;
import org.courseport.api.v1.LessonServiceGrpc.LessonServiceBlockingStub;
import org.courseport.api.v1.LessonVersion;
import org.courseport.api.v1.ListLessonVersionsRequest;
import org.courseport.api.v1.ListLessonVersionsResponse;
import org.courseport.api.v1.ListLessonsRequest;
import org.courseport.api.v1.ListLessonsResponse;
import org.courseport.api.v1.PublishLessonVersionRequest;

/** The LessonService calls: the caller's lessons and their published versions. */
public final class LessonCalls {
  private final Channel channel;
  private final Duration callTimeout;

  LessonCalls(Channel channel, Duration callTimeout) {
    this.channel = channel;
    this.callTimeout = callTimeout;
  }

  /**
   * Creates a lesson.
   *
   * @param slug the slug, or null to derive it from the title
   * @param contentJson the content document as JSON text, or null for an empty one
   * @throws IllegalArgumentException when {@code contentJson} is not a JSON object
   */
  public Lesson create(String title, String slug, String contentJson) {
    CreateLessonRequest.Builder request = CreateLessonRequest.newBuilder().setTitle(title);
    if (slug != null) {
      request.setSlug(slug);
    }
    if (contentJson != null) {
      request.setContent(struct(contentJson));
    }
    return unary(s -> s.createLesson(request.build()));
  }

  /** A lesson with its draft content. */
  public Lesson get(String lessonId) {
    return unary(s -> s.getLesson(GetLessonRequest.newBuilder().setLessonId(lessonId).build()));
  }

  /** Every lesson of the tenant, oldest first, walking the pages. */
  public List<Lesson> listAll() {
    List<Lesson> all = new ArrayList<>();
    String token = "";
    do {
      ListLessonsRequest request = ListLessonsRequest.newBuilder().setPageToken(token).build();
      ListLessonsResponse page = unary(s -> s.listLessons(request));
      all.addAll(page.getLessonsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return all;
  }

  /** Deletes a lesson and its published versions. */
  public void delete(String lessonId) {
    unary(s -> s.deleteLesson(DeleteLessonRequest.newBuilder().setLessonId(lessonId).build()));
  }

  /** Publishes the lesson's current draft as its next version. */
  public LessonVersion publish(String lessonId) {
    return unary(
        s ->
            s.publishLessonVersion(
                PublishLessonVersionRequest.newBuilder().setLessonId(lessonId).build()));
  }

  /** Every published version of a lesson, newest first, walking the pages. */
  public List<LessonVersion> versions(String lessonId) {
    List<LessonVersion> all = new ArrayList<>();
    String token = "";
    do {
      ListLessonVersionsRequest request =
          ListLessonVersionsRequest.newBuilder().setLessonId(lessonId).setPageToken(token).build();
      ListLessonVersionsResponse page = unary(s -> s.listLessonVersions(request));
      all.addAll(page.getVersionsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return all;
  }

  /** One published version with its content. */
  public LessonVersion version(String lessonId, String versionId) {
    return unary(
        s ->
            s.getLessonVersion(
                GetLessonVersionRequest.newBuilder()
                    .setLessonId(lessonId)
                    .setVersionId(versionId)
                    .build()));
  }

  /**
   * Downloads the export zip of a published version ({@code ExportService.ExportLessonVersion})
   * into {@code target}: a file, or a directory that receives {@code {slug}-v{n}.zip}. Returns the
   * path written.
   */
  public Path exportVersion(String lessonId, String versionId, Path target) throws IOException {
    ExportLessonVersionRequest request =
        ExportLessonVersionRequest.newBuilder()
            .setLessonId(lessonId)
            .setVersionId(versionId)
            .build();
    return new FileDownload(target, lessonId + "-" + versionId + ".zip")
        .run(() -> ExportServiceGrpc.newBlockingStub(channel).exportLessonVersion(request));
  }

  /**
   * Imports a lesson bundle zip ({@code ImportLessonBundle}), streamed with flow control.
   *
   * @param title the new lesson's title, or null for the bundle's
   * @param slug the new lesson's slug, or null for the bundle's (made unique)
   * @param publish whether to publish the imported draft
   */
  public ImportLessonBundleResponse importBundle(
      Path zip, String title, String slug, boolean publish, ProgressListener listener)
      throws IOException {
    ImportLessonBundleMetadata.Builder metadata =
        ImportLessonBundleMetadata.newBuilder().setPublish(publish);
    if (title != null) {
      metadata.setTitle(title);
    }
    if (slug != null) {
      metadata.setSlug(slug);
    }
    long size = Files.size(zip);
    try (FileChannel source = FileChannel.open(zip)) {
      ChunkedUpload<ImportLessonBundleRequest, ImportLessonBundleResponse> upload =
          new ChunkedUpload<>(
              source,
              size,
              ImportLessonBundleRequest.newBuilder().setMetadata(metadata).build(),
              bytes -> ImportLessonBundleRequest.newBuilder().setChunk(bytes).build(),
              listener);
      LessonServiceGrpc.newStub(channel).importLessonBundle(upload);
      return upload.await();
    }
  }

  /** A JSON object as a Struct. */
  static Struct struct(String json) {
    Struct.Builder builder = Struct.newBuilder();
    try {
      JsonFormat.parser().merge(json, builder);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          "The lesson content is not a JSON object: " + e.getMessage(), e);
    }
    return builder.build();
  }

  private <T> T unary(Function<LessonServiceBlockingStub, T> call) {
    LessonServiceBlockingStub stub =
        LessonServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      return call.apply(stub);
    } catch (StatusRuntimeException e) {
      throw ErrorTable.toException(e);
    }
  }
}
