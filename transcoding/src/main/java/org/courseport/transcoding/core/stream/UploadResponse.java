package org.courseport.transcoding.core.stream;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import java.util.concurrent.CompletableFuture;
import org.courseport.api.v1.StringResult;
import org.courseport.transcoding.core.ErrorRenderer;
import org.courseport.transcoding.core.HttpStatusMapping;
import org.courseport.transcoding.core.RpcError;
import org.courseport.transcoding.core.json.ProtoJson;

/**
 * The one answer of an upload route: the first outcome wins (result, RPC error or HTTP error), and
 * any outcome stops reading the request body.
 */
public final class UploadResponse {

  private final CompletableFuture<HttpResponse> future = new CompletableFuture<>();
  private final ErrorRenderer renderer;
  private volatile Runnable onDone = () -> {};

  public UploadResponse(ErrorRenderer renderer) {
    this.renderer = renderer;
  }

  /** Runs the hook (stop reading the body, cancel the call) once an outcome is known. */
  public void onDone(Runnable hook) {
    onDone = hook;
  }

  /** Answers 200 with {@code {"result": jobId}}. */
  public void succeed(String jobId) {
    String json = ProtoJson.print(StringResult.newBuilder().setResult(jobId));
    complete(HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, json));
  }

  /** Answers with a response the route built (e.g. 201 with the created resource). */
  public void succeed(HttpResponse answer) {
    complete(answer);
  }

  /** Answers with the dialect's rendering of a failed call. */
  public void fail(RpcError error) {
    complete(renderer.renderFailedCall(error).toHttpResponse());
  }

  /** Answers with an HTTP error raised by the route itself. */
  public void fail(HttpStatus status, String message) {
    complete(
        renderer
            .render(status, RpcError.of(HttpStatusMapping.toCode(status), message))
            .toHttpResponse());
  }

  /** Whether an outcome is known. */
  public boolean isDone() {
    return future.isDone();
  }

  /** The HTTP response, completed by the first outcome. */
  public HttpResponse toHttpResponse() {
    return HttpResponse.of(future);
  }

  private void complete(HttpResponse response) {
    if (future.complete(response)) {
      onDone.run();
    }
  }
}
