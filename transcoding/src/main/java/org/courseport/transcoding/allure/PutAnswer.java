package org.courseport.transcoding.allure;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.courseport.api.v1.PutUploadBytesResponse;
import org.courseport.transcoding.core.HttpStatusMapping;
import org.courseport.transcoding.core.RpcError;
import org.courseport.transcoding.core.json.JsonNaming;
import org.courseport.transcoding.core.json.ProtoJson;

/** The one answer of a presigned PUT: the first outcome wins and stops reading the body. */
final class PutAnswer {

  private final CompletableFuture<HttpResponse> future = new CompletableFuture<>();
  private volatile Runnable onDone = () -> {};

  /** Runs the hook (stop reading the body, cancel the call) once an outcome is known. */
  void onDone(Runnable hook) {
    onDone = hook;
  }

  /**
   * 200 with the stored upload, and an {@code ETag}: a part's MD5 (as S3), or the upload id as
   * storage services do.
   */
  void succeed(PutUploadBytesResponse result) {
    ResponseHeaders headers =
        ResponseHeaders.builder(HttpStatus.OK)
            .contentType(MediaType.JSON_UTF_8)
            .set(
                HttpHeaderNames.ETAG,
                result.getEtag().isEmpty() ? '"' + result.getUploadId() + '"' : result.getEtag())
            .build();
    complete(
        HttpResponse.of(
            headers,
            com.linecorp.armeria.common.HttpData.ofUtf8(
                ProtoJson.print(result, JsonNaming.LOWER_CAMEL))));
  }

  /** The Allure rendering of a failed call. */
  void fail(RpcError error) {
    complete(AllureErrorRenderer.INSTANCE.renderFailedCall(error).toHttpResponse());
  }

  /** An error raised by the route itself, with its code. */
  void fail(HttpStatus status, String code, String message) {
    ErrorInfo info = ErrorInfo.newBuilder().setReason(code).setDomain("courseport.org").build();
    RpcError error =
        new RpcError(HttpStatusMapping.toCode(status), message, info, List.of(Any.pack(info)));
    complete(AllureErrorRenderer.INSTANCE.render(status, error).toHttpResponse());
  }

  boolean isDone() {
    return future.isDone();
  }

  HttpResponse toHttpResponse() {
    return HttpResponse.of(future);
  }

  private void complete(HttpResponse response) {
    if (future.complete(response)) {
      onDone.run();
    }
  }
}
