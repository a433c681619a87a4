package org.courseport.transcoding.allure;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.annotation.Nullable;
import java.util.List;
import org.courseport.api.v1.PutUploadBytesResponse;
import org.courseport.transcoding.core.HttpStatusMapping;
import org.courseport.transcoding.core.RpcError;
import org.courseport.transcoding.core.json.JsonNaming;
import org.courseport.transcoding.core.json.ProtoJson;
import org.courseport.transcoding.core.stream.BodyAnswer;

/** The one answer of a presigned PUT: the first outcome wins and stops reading the body. */
final class PutAnswer extends BodyAnswer<PutUploadBytesResponse> {

  /**
   * 200 with the stored upload, and an {@code ETag}: a part's MD5 (as S3), or the upload id as
   * storage services do.
   */
  @Override
  public void succeed(@Nullable PutUploadBytesResponse answered) {
    PutUploadBytesResponse result =
        answered == null ? PutUploadBytesResponse.getDefaultInstance() : answered;
    ResponseHeaders headers =
        ResponseHeaders.builder(HttpStatus.OK)
            .contentType(MediaType.JSON_UTF_8)
            .set(
                HttpHeaderNames.ETAG,
                result.getEtag().isEmpty() ? '"' + result.getUploadId() + '"' : result.getEtag())
            .build();
    complete(
        HttpResponse.of(headers, HttpData.ofUtf8(ProtoJson.print(result, JsonNaming.LOWER_CAMEL))));
  }

  /** The Allure rendering of a failed call. */
  @Override
  public void fail(RpcError error) {
    complete(AllureErrorRenderer.INSTANCE.renderFailedCall(error).toHttpResponse());
  }

  /** The body outgrows the size the URL was signed for. */
  @Override
  public void bodyTooLarge(long limit) {
    fail(
        HttpStatus.BAD_REQUEST,
        "BODY_SIZE_MISMATCH",
        "The body is larger than the " + limit + " bytes the URL was signed for.");
  }

  @Override
  public void bodyFailed(Throwable cause) {
    fail(HttpStatus.BAD_REQUEST, "BODY_READ_FAILED", "Failed to read the body: " + cause);
  }

  /** An error raised by the route itself, with its code. */
  void fail(HttpStatus status, String code, String message) {
    ErrorInfo info = ErrorInfo.newBuilder().setReason(code).setDomain("courseport.org").build();
    RpcError error =
        new RpcError(HttpStatusMapping.toCode(status), message, info, List.of(Any.pack(info)));
    complete(AllureErrorRenderer.INSTANCE.render(status, error).toHttpResponse());
  }
}
