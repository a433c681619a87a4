package org.courseport.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.atomic.AtomicReference;
import org.courseport.api.v1.CourseServiceGrpc;
import org.courseport.api.v1.GetCourseRequest;
import org.courseport.api.v1.GetCoursesRequest;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Request ids over the gRPC port: metadata {@code x-request-id} answered in the response headers
 * (trailers of an error without headers), generated when absent or unsafe.
 */
class RequestIdGrpcTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private final AtomicReference<Metadata> headers = new AtomicReference<>();
  private final AtomicReference<Metadata> trailers = new AtomicReference<>();

  private CourseServiceGrpc.CourseServiceBlockingStub stub(String requestId) {
    Metadata m = new Metadata();
    m.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        CourseportServerExtension.basic(CourseportServerExtension.KEY));
    if (requestId != null) {
      m.put(RequestIdInterceptor.KEY, requestId);
    }
    return CourseServiceGrpc.newBlockingStub(server.channel())
        .withInterceptors(
            MetadataUtils.newAttachHeadersInterceptor(m),
            MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
  }

  @Test
  void success_answersTheCallersId_inTheResponseHeaders() {
    stub("grpc-req-7").getCourses(GetCoursesRequest.getDefaultInstance());

    assertThat(headers.get().getAll(RequestIdInterceptor.KEY)).containsExactly("grpc-req-7");
  }

  @Test
  void error_answersTheId_inTheTrailers() {
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                stub("grpc-req-404")
                    .getCourse(GetCourseRequest.newBuilder().setCourseId("nope").build()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    Metadata answered = Status.trailersFromThrowable(e);
    assertThat(answered.getAll(RequestIdInterceptor.KEY)).containsExactly("grpc-req-404");
  }

  @Test
  void absentOrUnsafeIds_areReplacedByNewOnes() {
    stub(null).getCourses(GetCoursesRequest.getDefaultInstance());
    String generated = headers.get().get(RequestIdInterceptor.KEY);
    assertThat(generated).matches("[0-9a-f-]{36}");

    stub("bad id with spaces").getCourses(GetCoursesRequest.getDefaultInstance());
    String replaced = headers.get().get(RequestIdInterceptor.KEY);
    assertThat(replaced).matches("[0-9a-f-]{36}").isNotEqualTo(generated);
  }
}
