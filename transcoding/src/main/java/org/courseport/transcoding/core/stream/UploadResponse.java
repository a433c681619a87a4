package org.courseport.transcoding.core.stream;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.annotation.Nullable;
import org.courseport.api.v1.StringResult;
import org.courseport.transcoding.core.ErrorRenderer;
import org.courseport.transcoding.core.HttpStatusMapping;
import org.courseport.transcoding.core.RpcError;
import org.courseport.transcoding.core.json.ProtoJson;

/**
 * The one answer of a form upload route whose call answers with the new job's id: the first outcome
 * wins (result, RPC error or HTTP error), and any outcome stops reading the request body.
 */
public final class UploadResponse extends BodyAnswer<StringResult> {

  private final ErrorRenderer renderer;

  public UploadResponse(ErrorRenderer renderer) {
    this.renderer = renderer;
  }

  /** Answers 200 with {@code {"result": jobId}}. */
  @Override
  public void succeed(@Nullable StringResult result) {
    String jobId = result == null ? "" : result.getResult();
    String json = ProtoJson.print(StringResult.newBuilder().setResult(jobId));
    complete(HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, json));
  }

  @Override
  public void fail(RpcError error) {
    complete(renderer.renderFailedCall(error).toHttpResponse());
  }

  /** Answers 413: the file is larger than the upload limit. */
  @Override
  public void bodyTooLarge(long limit) {
    fail(
        HttpStatus.REQUEST_ENTITY_TOO_LARGE,
        "The file exceeds the upload limit of " + limit + " bytes.");
  }

  @Override
  public void bodyFailed(Throwable cause) {
    fail(HttpStatus.BAD_REQUEST, "Failed to read the file part: " + cause);
  }

  /** Answers with an HTTP error raised by the route itself. */
  public void fail(HttpStatus status, String message) {
    complete(
        renderer
            .render(status, RpcError.of(HttpStatusMapping.toCode(status), message))
            .toHttpResponse());
  }
}
