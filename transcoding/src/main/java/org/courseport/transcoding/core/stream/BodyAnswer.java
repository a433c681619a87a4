package org.courseport.transcoding.core.stream;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.annotation.Nullable;
import java.util.concurrent.CompletableFuture;
import org.courseport.transcoding.core.RpcError;

/**
 * The one answer of a route that streams its request body into a client-streaming RPC: the first
 * outcome wins (the call's result, its error, or an error of the body itself), and any outcome runs
 * the hook that stops reading the body. Subclasses render each outcome in their dialect.
 *
 * @param <RespT> the call's response message
 */
public abstract class BodyAnswer<RespT> {

  private final CompletableFuture<HttpResponse> future = new CompletableFuture<>();
  private volatile Runnable onDone = () -> {};

  /** Runs the hook (stop reading the body, cancel the call) once an outcome is known. */
  public final void onDone(Runnable hook) {
    onDone = hook;
  }

  /** Answers with the call's result; {@code null} when the call completed without sending one. */
  public abstract void succeed(@Nullable RespT result);

  /** Answers with the dialect's rendering of a failed call. */
  public abstract void fail(RpcError error);

  /** Answers that the body has grown past {@code limit} bytes. */
  public abstract void bodyTooLarge(long limit);

  /** Answers that reading the body failed. */
  public abstract void bodyFailed(Throwable cause);

  /** Whether an outcome is known. */
  public final boolean isDone() {
    return future.isDone();
  }

  /** The HTTP response, completed by the first outcome. */
  public final HttpResponse toHttpResponse() {
    return HttpResponse.of(future);
  }

  /**
   * Completes the answer unless an outcome is known already; the first completion runs the hook.
   */
  protected final void complete(HttpResponse response) {
    if (future.complete(response)) {
      onDone.run();
    }
  }
}
