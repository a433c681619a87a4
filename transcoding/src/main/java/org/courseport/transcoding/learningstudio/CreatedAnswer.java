package org.courseport.transcoding.learningstudio;

import com.google.protobuf.MessageOrBuilder;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.annotation.Nullable;
import org.courseport.transcoding.core.HttpStatusMapping;
import org.courseport.transcoding.core.RpcError;
import org.courseport.transcoding.core.json.ProtoJson;
import org.courseport.transcoding.core.stream.BodyAnswer;

/**
 * The answer of a LearningStudio upload form: 201 with the created resource as JSON, or an error in
 * the dialect's {@code {"message","code"}} body. The first outcome wins.
 *
 * @param <RespT> the upload call's response, the created resource
 */
final class CreatedAnswer<RespT extends MessageOrBuilder> extends BodyAnswer<RespT> {

  @Override
  public void succeed(@Nullable RespT resource) {
    if (resource == null) {
      fail(HttpStatus.INTERNAL_SERVER_ERROR, "The upload ended without a result.");
      return;
    }
    complete(HttpResponse.of(HttpStatus.CREATED, MediaType.JSON_UTF_8, ProtoJson.print(resource)));
  }

  @Override
  public void fail(RpcError error) {
    complete(LearningStudioErrorRenderer.INSTANCE.renderFailedCall(error).toHttpResponse());
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
  void fail(HttpStatus status, String message) {
    complete(
        LearningStudioErrorRenderer.INSTANCE
            .render(status, RpcError.of(HttpStatusMapping.toCode(status), message))
            .toHttpResponse());
  }
}
