package org.courseport.server.grpc.authoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.courseport.api.v1.AuthoredLesson;
import org.courseport.api.v1.AuthoredModule;
import org.courseport.api.v1.CourseAuthoringServiceGrpc;
import org.courseport.api.v1.CourseAuthoringServiceGrpc.CourseAuthoringServiceBlockingStub;
import org.courseport.api.v1.CourseJob;
import org.courseport.api.v1.CreateCourseRequest;
import org.courseport.api.v1.CreateCourseResponse;
import org.courseport.api.v1.CreateLessonRequest;
import org.courseport.api.v1.DeleteLessonRequest;
import org.courseport.api.v1.GetCourseJobRequest;
import org.courseport.api.v1.LessonServiceGrpc;
import org.courseport.api.v1.LessonServiceGrpc.LessonServiceBlockingStub;
import org.courseport.api.v1.LessonVersion;
import org.courseport.api.v1.PublishLessonVersionRequest;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CourseAuthoringService over in-process gRPC against the real server: the job to completion, the
 * stored course record (authored flag, modules) and its version 0 without a package, the status
 * codes of bad requests and of another tenant's job.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AuthoringGrpcServiceTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  static Metadata auth(String key) {
    Metadata m = new Metadata();
    m.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + key.replace(':', '.'));
    return m;
  }

  static CourseAuthoringServiceBlockingStub authoring(String key) {
    return CourseAuthoringServiceGrpc.newBlockingStub(server.inProcessChannel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth(key)));
  }

  static LessonServiceBlockingStub lessons(String key) {
    return LessonServiceGrpc.newBlockingStub(server.inProcessChannel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth(key)));
  }

  static LessonVersion published(String key, String title) throws Exception {
    Struct.Builder content = Struct.newBuilder();
    JsonFormat.parser()
        .merge("{\"blocks\":[{\"type\":\"heading\",\"text\":\"" + title + "\"}]}", content);
    String id =
        lessons(key)
            .createLesson(
                CreateLessonRequest.newBuilder().setTitle(title).setContent(content).build())
            .getLessonId();
    return lessons(key)
        .publishLessonVersion(PublishLessonVersionRequest.newBuilder().setLessonId(id).build());
  }

  static AuthoredLesson ref(LessonVersion v) {
    return AuthoredLesson.newBuilder()
        .setLessonId(v.getLessonId())
        .setVersionId(v.getVersionId())
        .build();
  }

  static CourseJob waitForEnd(String key, String jobId) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      CourseJob job =
          authoring(key).getCourseJob(GetCourseJobRequest.newBuilder().setJobId(jobId).build());
      if (job.getStatus().equals("completed") || job.getStatus().equals("failed")) {
        return job;
      }
      assertThat(System.nanoTime()).as("job %s", job.getStatus()).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void createdCourse_isStoredAsAnAuthoredCourseWithVersionZeroAndNoPackage() throws Exception {
    String key = server.newTenant();
    LessonVersion a = published(key, "Alpha");
    LessonVersion b = published(key, "Beta");
    CreateCourseResponse created =
        authoring(key)
            .createCourse(
                CreateCourseRequest.newBuilder()
                    .setSubject("Greek letters")
                    .setName("Letters 101")
                    .setLanguageId("el-GR")
                    .addModules(
                        AuthoredModule.newBuilder()
                            .setTitle("First")
                            .addLessons(ref(a))
                            .addLessons(ref(b)))
                    .build());
    assertThat(created.getStatus()).isEqualTo("pending");
    CourseJob job = waitForEnd(key, created.getJobId());
    assertThat(job.getStatus()).isEqualTo("completed");
    assertThat(job.getProgress()).isEqualTo(100);
    assertThat(job.getCourse().getName()).isEqualTo("Letters 101");
    assertThat(job.getCourse().getFormat()).isEqualTo("onepage");
    assertThat(job.getCourse().getLanguageId()).isEqualTo("el-GR");
    assertThat(job.getCourse().getModules(0).getLessons(1).getTitle()).isEqualTo("Beta");
    assertThat(job.hasError()).isFalse();

    String courseId = job.getCourse().getId();
    var db = server.server().services().store().database();
    Document course = db.getCollection("courses").find(new Document("courseId", courseId)).first();
    assertThat(course).isNotNull();
    assertThat(course.getBoolean("authored")).isTrue();
    assertThat(course.getInteger("latestVersion")).isEqualTo(0);
    assertThat(course.getString("title")).isEqualTo("Letters 101");
    Document authoring = course.get("authoring", Document.class);
    assertThat(authoring.getString("jobId")).isEqualTo(created.getJobId());
    assertThat(authoring.getList("modules", Document.class).get(0).getString("title"))
        .isEqualTo("First");
    Document version =
        db.getCollection("courseVersions").find(new Document("courseId", courseId)).first();
    assertThat(version).isNotNull();
    assertThat(version.get("blobId")).isNull();
  }

  @Test
  void badRequests_areInvalidArgument_andAnotherTenantsJobIsNotFound() throws Exception {
    String key = server.newTenant();
    StatusRuntimeException none =
        catchThrowableOfType(
            () ->
                authoring(key)
                    .createCourse(CreateCourseRequest.newBuilder().setSubject("Tides").build()),
            StatusRuntimeException.class);
    assertThat(none.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(none.getStatus().getDescription()).contains("modules is required");

    StatusRuntimeException emptyModule =
        catchThrowableOfType(
            () ->
                authoring(key)
                    .createCourse(
                        CreateCourseRequest.newBuilder()
                            .setSubject("Tides")
                            .addModules(AuthoredModule.newBuilder().setTitle("Empty"))
                            .build()),
            StatusRuntimeException.class);
    assertThat(emptyModule.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(emptyModule.getStatus().getDescription()).contains("modules[0].lessons");

    LessonVersion v = published(key, "Moon");
    String jobId =
        authoring(key)
            .createCourse(
                CreateCourseRequest.newBuilder()
                    .setSubject("Tides")
                    .addModules(AuthoredModule.newBuilder().setTitle("M").addLessons(ref(v)))
                    .build())
            .getJobId();
    String other = server.newTenant();
    StatusRuntimeException foreign =
        catchThrowableOfType(
            () ->
                authoring(other)
                    .getCourseJob(GetCourseJobRequest.newBuilder().setJobId(jobId).build()),
            StatusRuntimeException.class);
    assertThat(foreign.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(waitForEnd(key, jobId).getStatus()).isEqualTo("completed");
  }

  @Test
  void aDeletedLesson_isRefusedByName() throws Exception {
    String key = server.newTenant();
    LessonVersion v = published(key, "Gone");
    lessons(key)
        .deleteLesson(DeleteLessonRequest.newBuilder().setLessonId(v.getLessonId()).build());
    StatusRuntimeException e =
        catchThrowableOfType(
            () ->
                authoring(key)
                    .createCourse(
                        CreateCourseRequest.newBuilder()
                            .setSubject("S")
                            .addModules(
                                AuthoredModule.newBuilder().setTitle("M").addLessons(ref(v)))
                            .build()),
            StatusRuntimeException.class);
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains(v.getLessonId()).contains(v.getVersionId());
  }
}
