package org.courseport.transcoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.transcoding.Http.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import io.grpc.Status.Code;
import java.util.List;
import org.courseport.transcoding.core.Dialect;
import org.courseport.transcoding.core.Dialects;
import org.courseport.transcoding.core.ErrorRenderer;
import org.courseport.transcoding.core.RpcError;
import org.junit.jupiter.api.Test;

/**
 * An UNAVAILABLE call with a {@code retry_after_seconds} hint (the server's STORE_UNAVAILABLE)
 * renders as 503 with {@code Retry-After} in every dialect and in the AIP-193 fallback, the message
 * kept in each dialect's own body; a 503 without the hint has no Retry-After.
 */
class StoreUnavailableRenderingTest {
  private static final String MESSAGE = "The document store is unreachable; try again later.";

  private static RpcError storeUnavailable() {
    ErrorInfo info =
        ErrorInfo.newBuilder()
            .setReason("STORE_UNAVAILABLE")
            .setDomain("courseport.org")
            .putMetadata(ErrorRenderer.RETRY_AFTER_SECONDS, "5")
            .build();
    return new RpcError(Code.UNAVAILABLE, MESSAGE, info, List.of(Any.pack(info)));
  }

  @Test
  void everyDialectAndAip193_answer503WithRetryAfterAndTheMessageInTheirBody() {
    Dialects dialects = Dialects.of(RestFront.DIALECTS);
    for (Dialect dialect : RestFront.DIALECTS) {
      AggregatedHttpResponse res = dialect.errorRenderer().renderFailedCall(storeUnavailable());

      assertThat(res.status().code()).as(dialect.getClass().getSimpleName()).isEqualTo(503);
      assertThat(res.headers().get(HttpHeaderNames.RETRY_AFTER))
          .as(dialect.getClass().getSimpleName())
          .isEqualTo("5");
      assertThat(res.headers().get(ErrorRenderer.REASON_HEADER)).isEqualTo("STORE_UNAVAILABLE");
      assertThat(res.contentUtf8()).as(dialect.getClass().getSimpleName()).contains(MESSAGE);
    }
    AggregatedHttpResponse aip =
        dialects.rendererFor("/api/no-dialect/here").renderFailedCall(storeUnavailable());
    assertThat(aip.status().code()).isEqualTo(503);
    assertThat(aip.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("5");
    JsonNode body = json(aip.contentUtf8());
    assertThat(body.at("/error/code").asInt()).isEqualTo(503);
    assertThat(body.at("/error/status").asText()).isEqualTo("UNAVAILABLE");
    assertThat(body.at("/error/message").asText()).isEqualTo(MESSAGE);
    assertThat(body.at("/error/details/0/reason").asText()).isEqualTo("STORE_UNAVAILABLE");
    assertThat(body.at("/error/details/0/metadata/retry_after_seconds").asText()).isEqualTo("5");
  }

  @Test
  void a503WithoutTheHint_hasNoRetryAfter_andAMalformedHintIsIgnored() {
    for (Dialect dialect : RestFront.DIALECTS) {
      AggregatedHttpResponse plain =
          dialect.errorRenderer().renderFailedCall(RpcError.of(Code.UNAVAILABLE, "down"));
      assertThat(plain.status().code()).isEqualTo(503);
      assertThat(plain.headers().contains(HttpHeaderNames.RETRY_AFTER)).isFalse();

      ErrorInfo bad =
          ErrorInfo.newBuilder()
              .setReason("STORE_UNAVAILABLE")
              .putMetadata(ErrorRenderer.RETRY_AFTER_SECONDS, "soon\r\nX-Evil: 1")
              .build();
      AggregatedHttpResponse malformed =
          dialect
              .errorRenderer()
              .renderFailedCall(
                  new RpcError(Code.UNAVAILABLE, "down", bad, List.of(Any.pack(bad))));
      assertThat(malformed.headers().contains(HttpHeaderNames.RETRY_AFTER)).isFalse();
    }
  }
}
