package org.courseport.server.grpc.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.grpc.GrpcFixtures.assertFails;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import java.util.UUID;
import org.bson.Document;
import org.courseport.api.v1.CreateLessonRequest;
import org.courseport.api.v1.DeleteLessonRequest;
import org.courseport.api.v1.GetLessonRequest;
import org.courseport.api.v1.GetLessonVersionRequest;
import org.courseport.api.v1.Lesson;
import org.courseport.api.v1.LessonServiceGrpc;
import org.courseport.api.v1.LessonServiceGrpc.LessonServiceBlockingStub;
import org.courseport.api.v1.LessonVersion;
import org.courseport.api.v1.ListLessonVersionsRequest;
import org.courseport.api.v1.ListLessonsRequest;
import org.courseport.api.v1.ListLessonsResponse;
import org.courseport.api.v1.PublishLessonVersionRequest;
import org.courseport.api.v1.UpdateLessonRequest;
import org.courseport.server.domain.lesson.PublishedLessonVersion;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** LessonService over in-process gRPC against the real server (auth, Mongo, the domain). */
class LessonGrpcServiceTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  static LessonServiceBlockingStub stub(String authorization) {
    Metadata m = new Metadata();
    if (authorization != null) {
      m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
    }
    return LessonServiceGrpc.newBlockingStub(server.inProcessChannel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
  }

  /** A stub with the key in the seed's token form {@code Bearer id.secret}. */
  static LessonServiceBlockingStub stubFor(String key) {
    return stub("Bearer " + key.replace(':', '.'));
  }

  static Struct struct(String json) throws Exception {
    Struct.Builder b = Struct.newBuilder();
    JsonFormat.parser().merge(json, b);
    return b.build();
  }

  static String addMedia(String key) {
    String id = UUID.randomUUID().toString();
    String tenant =
        server.server().services().tenants().findKey(key.split(":")[0]).orElseThrow().tenantId();
    server
        .server()
        .services()
        .store()
        .database()
        .getCollection("media")
        .insertOne(new Document("_id", id).append("tenantId", tenant).append("ext", "png"));
    return id;
  }

  @Test
  void createPublishAndRead_throughTheCatalogToo() throws Exception {
    String key = server.newTenant();
    String media = addMedia(key);
    LessonServiceBlockingStub lessons = stubFor(key);
    String content =
        "{\"blocks\":[{\"type\":\"image\",\"media\":\"media:"
            + media
            + "\",\"alt\":\"a\"},{\"type\":\"quiz\",\"questions\":[{\"type\":\"numeric\","
            + "\"prompt\":\"pi?\",\"points\":2,\"answer\":3.14,\"tolerance\":0.01}]}]}";

    Lesson created =
        lessons.createLesson(
            CreateLessonRequest.newBuilder()
                .setTitle("Numbers")
                .setContent(struct(content))
                .build());
    LessonVersion v1 =
        lessons.publishLessonVersion(
            PublishLessonVersionRequest.newBuilder().setLessonId(created.getLessonId()).build());

    assertThat(created.getSlug()).isEqualTo("numbers");
    assertThat(created.getContent()).isEqualTo(struct(content));
    assertThat(v1.getVersionNumber()).isEqualTo(1);
    assertThat(v1.getContent()).isEqualTo(struct(content));
    assertThat(
            lessons.getLessonVersion(
                GetLessonVersionRequest.newBuilder()
                    .setLessonId(created.getLessonId())
                    .setVersionId(v1.getVersionId())
                    .build()))
        .isEqualTo(v1);
    // What the export reads: integers stay integers in the stored JSON.
    PublishedLessonVersion published =
        server
            .server()
            .services()
            .lessonCatalog()
            .findPublished(
                server
                    .server()
                    .services()
                    .tenants()
                    .findKey(key.split(":")[0])
                    .orElseThrow()
                    .tenantId(),
                UUID.fromString(created.getLessonId()),
                UUID.fromString(v1.getVersionId()))
            .orElseThrow();
    assertThat(published.content())
        .isEqualTo(
            "{\"blocks\":[{\"type\":\"image\",\"media\":\"media:"
                + media
                + "\",\"alt\":\"a\"},{\"type\":\"quiz\",\"questions\":[{\"type\":\"numeric\","
                + "\"prompt\":\"pi?\",\"points\":2,\"answer\":3.14,\"tolerance\":0.01}]}]}");
    assertThat(published.versionNumber()).isEqualTo(1);
    assertThat(published.slug()).isEqualTo("numbers");
  }

  @Test
  void updateListVersionsDelete() throws Exception {
    String key = server.newTenant();
    LessonServiceBlockingStub lessons = stubFor(key);
    Lesson a = lessons.createLesson(CreateLessonRequest.newBuilder().setTitle("A").build());
    lessons.createLesson(CreateLessonRequest.newBuilder().setTitle("B").build());

    Lesson renamed =
        lessons.updateLesson(
            UpdateLessonRequest.newBuilder().setLessonId(a.getLessonId()).setTitle("A2").build());
    assertThat(renamed.getTitle()).isEqualTo("A2");
    assertThat(renamed.getSlug()).isEqualTo("a");

    ListLessonsResponse page =
        lessons.listLessons(ListLessonsRequest.newBuilder().setPageSize(1).build());
    assertThat(page.getLessonsList())
        .extracting(Lesson::getLessonId)
        .containsExactly(a.getLessonId());
    assertThat(page.getLessons(0).hasContent()).isFalse();
    ListLessonsResponse rest =
        lessons.listLessons(
            ListLessonsRequest.newBuilder().setPageToken(page.getNextPageToken()).build());
    assertThat(rest.getLessonsList()).extracting(Lesson::getTitle).containsExactly("B");
    assertThat(rest.getNextPageToken()).isEmpty();

    lessons.publishLessonVersion(
        PublishLessonVersionRequest.newBuilder().setLessonId(a.getLessonId()).build());
    lessons.publishLessonVersion(
        PublishLessonVersionRequest.newBuilder().setLessonId(a.getLessonId()).build());
    assertThat(
            lessons
                .listLessonVersions(
                    ListLessonVersionsRequest.newBuilder().setLessonId(a.getLessonId()).build())
                .getVersionsList())
        .extracting(LessonVersion::getVersionNumber)
        .containsExactly(2, 1);

    lessons.deleteLesson(DeleteLessonRequest.newBuilder().setLessonId(a.getLessonId()).build());
    assertFails(
        () -> lessons.getLesson(GetLessonRequest.newBuilder().setLessonId(a.getLessonId()).build()),
        Status.Code.NOT_FOUND,
        "LESSON_NOT_FOUND");
  }

  @Test
  void errors_carryTheirReasons() throws Exception {
    String key = server.newTenant();
    LessonServiceBlockingStub lessons = stubFor(key);
    Lesson lesson =
        lessons.createLesson(
            CreateLessonRequest.newBuilder()
                .setTitle("Refs")
                .setContent(
                    struct(
                        "{\"blocks\":[{\"type\":\"widget\",\"widget\":\""
                            + UUID.randomUUID()
                            + "\"}]}"))
                .build());

    assertFails(
        () -> lessons.getLesson(GetLessonRequest.newBuilder().setLessonId("nope").build()),
        Status.Code.INVALID_ARGUMENT,
        "INVALID_LESSON_ID");
    assertFails(
        () ->
            stubFor(server.newTenant())
                .getLesson(GetLessonRequest.newBuilder().setLessonId(lesson.getLessonId()).build()),
        Status.Code.NOT_FOUND,
        "LESSON_NOT_FOUND");
    assertFails(
        () ->
            lessons.publishLessonVersion(
                PublishLessonVersionRequest.newBuilder().setLessonId(lesson.getLessonId()).build()),
        Status.Code.FAILED_PRECONDITION,
        "INVALID_CONTENT");
    assertFails(
        () ->
            lessons.createLesson(
                CreateLessonRequest.newBuilder()
                    .setTitle("Bad")
                    .setContent(struct("{\"blocks\":[{\"type\":\"heading\"}]}"))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "INVALID_LESSON_CONTENT");
    assertFails(
        () ->
            lessons.createLesson(
                CreateLessonRequest.newBuilder().setTitle("Dup").setSlug("refs").build()),
        Status.Code.ALREADY_EXISTS,
        "SLUG_TAKEN");
    assertFails(
        () -> stub(null).listLessons(ListLessonsRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED,
        "UNAUTHENTICATED");
  }
}
