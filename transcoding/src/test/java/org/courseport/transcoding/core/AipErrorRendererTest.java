package org.courseport.transcoding.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.transcoding.Http.json;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import io.grpc.Status.Code;
import java.util.List;
import org.junit.jupiter.api.Test;

class AipErrorRendererTest {

  @Test
  void render_writesAip193BodyWithDetails() {
    ErrorInfo info =
        ErrorInfo.newBuilder()
            .setReason("COURSE_NOT_FOUND")
            .setDomain("courseport.org")
            .putMetadata("courseId", "c1")
            .build();
    RpcError error = new RpcError(Code.NOT_FOUND, "No course c1.", info, List.of(Any.pack(info)));

    AggregatedHttpResponse res = AipErrorRenderer.INSTANCE.renderFailedCall(error);

    assertThat(res.status().code()).isEqualTo(404);
    assertThat(json(res.contentUtf8()))
        .isEqualTo(
            json(
                "{'error':{'code':404,"
                    + "'message':'No course c1.','status':'NOT_FOUND','details':[{"
                    + "'@type':'type.googleapis.com/google.rpc.ErrorInfo','reason':'COURSE_NOT_FOUND',"
                    + "'domain':'courseport.org','metadata':{'courseId':'c1'}}]}}"));
    assertThat(res.headers().get(ErrorRenderer.REASON_HEADER)).isEqualTo("COURSE_NOT_FOUND");
    assertThat(res.headers().contains("grpc-status")).isFalse();
  }

  @Test
  void unauthenticated_getsBearerChallenge_andStandardStatuses() {
    AggregatedHttpResponse res =
        AipErrorRenderer.INSTANCE.render(RpcError.of(Code.UNAUTHENTICATED, null));

    assertThat(res.status().code()).isEqualTo(401);
    assertThat(res.headers().get(HttpHeaderNames.WWW_AUTHENTICATE)).startsWith("Bearer");
    assertThat(json(res.contentUtf8()).at("/error/message").asText())
        .isEqualTo("Authorization Required.");
    assertThat(AipErrorRenderer.INSTANCE.status(RpcError.of(Code.UNIMPLEMENTED, "x")).code())
        .isEqualTo(501);
    assertThat(AipErrorRenderer.INSTANCE.status(RpcError.of(Code.RESOURCE_EXHAUSTED, "x")).code())
        .isEqualTo(429);
  }
}
