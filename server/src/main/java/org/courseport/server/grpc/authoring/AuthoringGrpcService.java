package org.courseport.server.grpc.authoring;

import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import org.courseport.api.v1.AuthoredCourse;
import org.courseport.api.v1.AuthoredLesson;
import org.courseport.api.v1.CourseAuthoringServiceGrpc;
import org.courseport.api.v1.CourseJobError;
import org.courseport.api.v1.CreateCourseRequest;
import org.courseport.api.v1.CreateCourseResponse;
import org.courseport.api.v1.GetCourseJobRequest;
import org.courseport.server.auth.TenantContext;
import org.courseport.server.domain.authoring.AuthoredModule;
import org.courseport.server.domain.authoring.CourseAuthoring;
import org.courseport.server.domain.authoring.CourseJob;
import org.courseport.server.domain.authoring.CourseRequest;
import org.courseport.server.grpc.Calls;

/** The gRPC adapter of CourseAuthoringService: maps requests, calls {@link CourseAuthoring}. */
public final class AuthoringGrpcService
    extends CourseAuthoringServiceGrpc.CourseAuthoringServiceImplBase {
  /** Where a job is polled, relative to the server (LearningStudio's {@code pollUrl}). */
  public static final String POLL_PATH = "/api/v1/courses/jobs/";

  private final CourseAuthoring authoring;

  public AuthoringGrpcService(CourseAuthoring authoring) {
    this.authoring = authoring;
  }

  @Override
  public void createCourse(CreateCourseRequest r, StreamObserver<CreateCourseResponse> response) {
    Calls.unary(
        response,
        () -> {
          List<CourseRequest.ModuleSpec> modules = new ArrayList<>();
          for (org.courseport.api.v1.AuthoredModule m : r.getModulesList()) {
            List<CourseRequest.LessonRef> lessons = new ArrayList<>();
            for (AuthoredLesson l : m.getLessonsList()) {
              lessons.add(new CourseRequest.LessonRef(l.getLessonId(), l.getVersionId()));
            }
            modules.add(new CourseRequest.ModuleSpec(m.getTitle(), lessons));
          }
          CourseJob job =
              authoring.create(
                  TenantContext.tenantId(),
                  new CourseRequest(
                      r.getSubject(),
                      r.getName(),
                      r.getHeadline(),
                      r.getFormat(),
                      r.getLanguageId(),
                      r.getCallbackUrl(),
                      modules));
          return CreateCourseResponse.newBuilder()
              .setJobId(job.jobId())
              .setStatus(CourseJob.Status.PENDING.wireName())
              .setPollUrl(POLL_PATH + job.jobId())
              .build();
        });
  }

  @Override
  public void getCourseJob(
      GetCourseJobRequest r, StreamObserver<org.courseport.api.v1.CourseJob> response) {
    Calls.unary(response, () -> toProto(authoring.get(TenantContext.tenantId(), r.getJobId())));
  }

  private org.courseport.api.v1.CourseJob toProto(CourseJob job) {
    org.courseport.api.v1.CourseJob.Builder b =
        org.courseport.api.v1.CourseJob.newBuilder()
            .setJobId(job.jobId())
            .setStatus(job.status().wireName())
            .setProgress(job.progress());
    if (job.status() == CourseJob.Status.COMPLETED) {
      AuthoredCourse.Builder course =
          AuthoredCourse.newBuilder()
              .setId(job.courseId())
              .setName(job.name())
              .setHeadline(job.headline())
              .setFormat(job.format())
              .setLanguageId(job.languageId())
              .setShareUrl(authoring.shareUrl(job.courseId()))
              .setCreatedAt(CourseAuthoring.timestamp(job.courseCreated()));
      for (AuthoredModule m : job.modules()) {
        org.courseport.api.v1.AuthoredModule.Builder module =
            org.courseport.api.v1.AuthoredModule.newBuilder().setTitle(m.title());
        for (AuthoredModule.Lesson l : m.lessons()) {
          module.addLessons(
              AuthoredLesson.newBuilder()
                  .setLessonId(l.lessonId().toString())
                  .setVersionId(l.versionId().toString())
                  .setTitle(l.title())
                  .setVersionNumber(l.versionNumber()));
        }
        course.addModules(module);
      }
      b.setCourse(course);
    }
    if (job.status() == CourseJob.Status.FAILED) {
      b.setError(
          CourseJobError.newBuilder()
              .setMessage(job.errorMessage() == null ? "" : job.errorMessage())
              .setCode(job.errorCode() == null ? "INTERNAL_ERROR" : job.errorCode()));
    }
    return b.build();
  }
}
