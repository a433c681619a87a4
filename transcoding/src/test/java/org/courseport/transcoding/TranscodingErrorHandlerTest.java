package org.courseport.transcoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.courseport.transcoding.Http.json;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Map;
import org.courseport.api.v1.CourseServiceGrpc.CourseServiceBlockingStub;
import org.courseport.api.v1.GetCourseRequest;
import org.courseport.transcoding.core.ErrorRenderer;
import org.courseport.transcoding.core.HttpStatusMapping;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TranscodingErrorHandlerTest {

  @RegisterExtension static final FrontExtension front = new FrontExtension();

  @AfterEach
  void reset() {
    front.fake.failure = null;
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      nullValues = "-",
      value = {
        "INVALID_ARGUMENT, -, 400",
        "NOT_FOUND, COURSE_NOT_FOUND, 404",
        "ALREADY_EXISTS, COURSE_EXISTS, 409",
        "PERMISSION_DENIED, SCOPE_MISSING, 403",
        "FAILED_PRECONDITION, VERSION_IN_USE, 400",
        "RESOURCE_EXHAUSTED, UPLOAD_TOO_LARGE, 413",
        "RESOURCE_EXHAUSTED, RATE_LIMIT_EXCEEDED, 429",
        "UNAVAILABLE, -, 503",
        "INTERNAL, -, 500",
        "UNIMPLEMENTED, -, 500",
        "DEADLINE_EXCEEDED, -, 500"
      })
  void rpcError_mapsToScormCloudStatusAndMessageBody(String code, String reason, int http) {
    front.fake.failWith(error(Status.Code.valueOf(code), reason, Map.of(), "Something is off."));

    AggregatedHttpResponse res = front.authorized().get("/api/v2/courses/c1");

    assertThat(res.status().code()).isEqualTo(http);
    assertThat(json(res.contentUtf8())).isEqualTo(json("{'message':'Something is off.'}"));
    assertThat(res.headers().get(ErrorRenderer.REASON_HEADER)).isEqualTo(reason);
    assertThat(res.headers().names()).noneMatch(n -> n.toString().startsWith("grpc-"));
  }

  @Test
  void failedPrecondition_errorInfoNamesHttpStatus_overridesDefault() {
    front.fake.failWith(
        error(
            Status.Code.FAILED_PRECONDITION,
            "PAID_PLAN_REQUIRED",
            Map.of(HttpStatusMapping.HTTP_STATUS_KEY, "402"),
            "Upgrade first."));

    AggregatedHttpResponse res = front.authorized().get("/api/v2/courses/c1");

    assertThat(res.status().code()).isEqualTo(402);
    assertThat(json(res.contentUtf8())).isEqualTo(json("{'message':'Upgrade first.'}"));
  }

  @Test
  void unauthenticatedFromMethod_answersExactScormCloud401() {
    front.fake.failWith(error(Status.Code.UNAUTHENTICATED, "TOKEN_EXPIRED", Map.of(), "Expired."));

    AggregatedHttpResponse res = front.authorized().get("/api/v2/courses/c1");

    assertThat(res.status().code()).isEqualTo(401);
    assertThat(res.contentUtf8()).isEqualTo("{\"error\":\"Authorization Required.\"}");
    assertThat(res.headers().get(HttpHeaderNames.WWW_AUTHENTICATE))
        .isEqualTo("Basic realm=\"courseport\"");
    assertThat(res.headers().get(ErrorRenderer.REASON_HEADER)).isEqualTo("TOKEN_EXPIRED");
  }

  @Test
  void plainStatusWithoutDetails_usesDescription() {
    front.fake.failWith(Status.NOT_FOUND.withDescription("No course c1.").asRuntimeException());

    AggregatedHttpResponse res = front.authorized().get("/api/v2/courses/c1");

    assertThat(res.status().code()).isEqualTo(404);
    assertThat(json(res.contentUtf8())).isEqualTo(json("{'message':'No course c1.'}"));
    assertThat(res.headers().contains(ErrorRenderer.REASON_HEADER)).isFalse();
  }

  @Test
  void sameFailureViaGrpcStub_keepsCodeAndErrorInfo() {
    front.fake.failWith(error(Status.Code.NOT_FOUND, "COURSE_NOT_FOUND", Map.of(), "No c1."));
    CourseServiceBlockingStub stub =
        GrpcClients.builder(front.httpUri())
            .addHeader(HttpHeaderNames.AUTHORIZATION, FakeAuthInterceptor.GOOD)
            .build(CourseServiceBlockingStub.class);

    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> stub.getCourse(GetCourseRequest.newBuilder().setCourseId("c1").build()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(StatusProto.fromThrowable(e).getDetails(0).is(ErrorInfo.class)).isTrue();
  }

  static StatusRuntimeException error(
      Status.Code code, String reason, Map<String, String> metadata, String message) {
    com.google.rpc.Status.Builder status =
        com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(message);
    if (reason != null) {
      status.addDetails(
          Any.pack(
              ErrorInfo.newBuilder()
                  .setReason(reason)
                  .setDomain("courseport.org")
                  .putAllMetadata(metadata)
                  .build()));
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }
}
