package org.courseport.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.courseport.api.v1.CreateLessonRequest;
import org.courseport.api.v1.DeleteLessonRequest;
import org.courseport.api.v1.GetLessonRequest;
import org.courseport.api.v1.GetLessonVersionRequest;
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
