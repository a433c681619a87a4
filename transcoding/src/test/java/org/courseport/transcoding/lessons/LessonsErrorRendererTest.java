package org.courseport.transcoding.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.grpc.Status.Code;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.courseport.transcoding.core.RpcError;
import org.junit.jupiter.api.Test;

class LessonsErrorRendererTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final LessonsErrorRenderer renderer =
      new LessonsErrorRenderer(Clock.fixed(Instant.parse("2025-01-20T14:45:00Z"), ZoneOffset.UTC));

  static RpcError error(Code code, String reason, String message) {
    ErrorInfo info = ErrorInfo.newBuilder().setReason(reason).setDomain("courseport.org").build();
    return new RpcError(code, message, info, List.of(Any.pack(info)));
  }

  JsonNode body(AggregatedHttpResponse response) throws Exception {
    return JSON.readTree(response.contentUtf8());
  }

  @Test
  void seedBodies_forEveryDocumentedStatus() throws Exception {
    AggregatedHttpResponse bad =
        renderer.render(error(Code.INVALID_ARGUMENT, "INVALID_LESSON_ID", "Invalid lesson ID"));
    assertThat(bad.status().code()).isEqualTo(400);
    assertThat(body(bad))
        .isEqualTo(
            JSON.readTree(
                "{\"error\":\"Bad Request\",\"message\":\"Invalid lesson ID\","
                    + "\"code\":\"BAD_REQUEST\",\"timestamp\":\"2025-01-20T14:45:00.000Z\"}"));
    assertThat(bad.headers().get("x-courseport-reason")).isEqualTo("INVALID_LESSON_ID");

    AggregatedHttpResponse unauthorized =
        renderer.render(error(Code.UNAUTHENTICATED, "UNAUTHENTICATED", "Authorization Required."));
    assertThat(body(unauthorized))
        .isEqualTo(
            JSON.readTree(
                "{\"error\":\"Authentication Error\",\"message\":\"User authentication is"
                    + " required\",\"code\":\"UNAUTHORIZED\","
                    + "\"timestamp\":\"2025-01-20T14:45:00.000Z\"}"));
    assertThat(unauthorized.headers().get("www-authenticate"))
        .isEqualTo("Bearer realm=\"courseport\"");

    AggregatedHttpResponse invalid =
        renderer.render(error(Code.FAILED_PRECONDITION, "INVALID_CONTENT", "Unknown media"));
    assertThat(invalid.status().code()).isEqualTo(422);
    assertThat(body(invalid).get("error").asText()).isEqualTo("Invalid Content");
    assertThat(body(invalid).get("code").asText()).isEqualTo("INVALID_CONTENT");

    AggregatedHttpResponse notFound =
        renderer.render(error(Code.NOT_FOUND, "VERSION_NOT_FOUND", "Published version not found"));
    assertThat(body(notFound).get("code").asText()).isEqualTo("NOT_FOUND");
    assertThat(body(notFound).get("error").asText()).isEqualTo("Not Found");
  }

  @Test
  void unexpectedFailures_sayNothingOfTheirCause() throws Exception {
    for (RpcError error :
        List.of(
            error(Code.INTERNAL, "INTERNAL", "Internal error"),
            RpcError.of(Code.UNKNOWN, "java.lang.NullPointerException at Foo.java:12"),
            RpcError.of(Code.DATA_LOSS, "disk /var/lib/x failed"))) {
      AggregatedHttpResponse r = renderer.render(error);
      assertThat(r.status().code()).isEqualTo(500);
      assertThat(body(r))
          .isEqualTo(
              JSON.readTree(
                  "{\"error\":\"Internal Server Error\",\"message\":\"An unexpected error"
                      + " occurred\",\"code\":\"INTERNAL_ERROR\","
                      + "\"timestamp\":\"2025-01-20T14:45:00.000Z\"}"));
    }
  }

  @Test
  void otherStatuses_useTheirReasonPhraseAsCode() throws Exception {
    JsonNode conflict =
        body(renderer.render(error(Code.ALREADY_EXISTS, "SLUG_TAKEN", "Another lesson ...")));
    assertThat(conflict.get("code").asText()).isEqualTo("CONFLICT");
    assertThat(conflict.get("error").asText()).isEqualTo("Conflict");
    JsonNode tooMany = body(renderer.render(RpcError.of(Code.RESOURCE_EXHAUSTED, "slow down")));
    assertThat(tooMany.get("code").asText()).isEqualTo("TOO_MANY_REQUESTS");
  }
}
