package org.courseport.server.grpc.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.CreateUploadAndImportCourseJobRequest;
import org.courseport.api.v1.GetCourseRequest;
import org.courseport.api.v1.GetImportJobStatusRequest;
import org.courseport.api.v1.ImportJobResult;
import org.courseport.api.v1.StringResult;
import org.courseport.api.v1.UploadMetadata;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CourseGrpcServiceSmokeTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  @Test
  void upload_importsScorm12_andOtherTenantCannotSeeIt() throws Exception {
    String jobId = upload(CourseportServerExtension.KEY, "smoke", TestPackages.scorm12("Smoke"));
    ImportJobResult job = awaitJob(CourseportServerExtension.KEY, jobId);

    assertThat(job.getStatus()).as(job.getMessage()).isEqualTo(ImportJobResult.Status.COMPLETE);
    Course course = job.getImportResult().getCourse();
    assertThat(course.getVersion()).isZero();
    assertThat(course.getCourseLearningStandard()).isEqualTo(Course.LearningStandard.SCORM12);
    assertThat(course.getLaunchUrl()).isEqualTo("index.html");

    String other = server.newTenant();
    assertThatThrownBy(
            () ->
                server
                    .blocking(other)
                    .getCourse(GetCourseRequest.newBuilder().setCourseId("smoke").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  private String upload(String key, String courseId, byte[] zip) throws Exception {
    CompletableFuture<String> result = new CompletableFuture<>();
    StreamObserver<CreateUploadAndImportCourseJobRequest> out =
        server
            .async(key)
            .createUploadAndImportCourseJob(
                new StreamObserver<>() {
                  @Override
                  public void onNext(StringResult value) {
                    result.complete(value.getResult());
                  }

                  @Override
                  public void onError(Throwable t) {
                    result.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    out.onNext(
        CreateUploadAndImportCourseJobRequest.newBuilder()
            .setMetadata(UploadMetadata.newBuilder().setCourseId(courseId).setFileName("c.zip"))
            .build());
    out.onNext(
        CreateUploadAndImportCourseJobRequest.newBuilder()
            .setChunk(ByteString.copyFrom(zip))
            .build());
    out.onCompleted();
    return result.get(30, TimeUnit.SECONDS);
  }

  private ImportJobResult awaitJob(String key, String jobId) throws InterruptedException {
    // Hang detection only: up to ~5 minutes of polling, far above an import on a loaded machine.
    for (int i = 0; i < 3000; i++) {
      ImportJobResult r =
          server
              .blocking(key)
              .getImportJobStatus(
                  GetImportJobStatusRequest.newBuilder().setImportJobId(jobId).build());
      if (r.getStatus() != ImportJobResult.Status.RUNNING) {
        return r;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job did not finish");
  }
}
