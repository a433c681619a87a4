package org.courseport.transcoding.learningstudio;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.common.multipart.BodyPart;
import com.linecorp.armeria.common.multipart.Multipart;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.courseport.transcoding.core.RouteContext;
import org.courseport.transcoding.core.stream.ChunkSender;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Reads a {@code multipart/form-data} upload part by part into one client-streaming RPC: file parts
 * are streamed through a {@link ChunkSender} (back-pressure both ways, nothing buffered beyond a
 * chunk), small fields are aggregated (at most {@value #MAX_FIELD_BYTES} bytes). The call is
 * half-closed only when the whole form is read; its result is answered as 201 with the created
 * resource as JSON.
 *
 * @param <ReqT> the upload RPC's request message
 * @param <ResT> its response: the created resource
 */
abstract class StreamedForm<ReqT, ResT extends Message> implements Subscriber<BodyPart> {

  static final int MAX_FIELD_BYTES = 64 * 1024;

  final ServiceRequestContext ctx;
  final CreatedAnswer<ResT> response = new CreatedAnswer<>();
  private final RouteContext options;
  private final List<CompletableFuture<Void>> pending = new ArrayList<>();
  private volatile Subscription parts;
  private volatile ChunkSender<ReqT, ResT> sender;

  StreamedForm(ServiceRequestContext ctx, RouteContext options) {
    this.ctx = ctx;
    this.options = options;
  }

  /** Whether a part of this name is a file to stream (else it is a small field). */
  abstract boolean isStreamed(@Nullable String name);

  /**
   * A file part arrived; stream it with {@link #stream}. Throw IllegalArgumentException to fail.
   */
  abstract void onStreamedPart(BodyPart part);

  /** A small field arrived. Throw IllegalArgumentException to fail the form with a 400. */
  abstract void onField(@Nullable String name, String value);

  /** The whole form is read: finish the call ({@link #finishCall}) or fail the response. */
  abstract void onFormEnd();

  /** Starts the call (once); {@code start} opens it with the given response observer. */
  final ChunkSender<ReqT, ResT> call(
      Function<ByteString, ReqT> chunkOf,
      Function<io.grpc.stub.ClientResponseObserver<ReqT, ResT>, Void> start) {
    ChunkSender<ReqT, ResT> chunks = sender;
    if (chunks == null) {
      chunks =
          new ChunkSender<>(
              options.uploadChunkBytes(), options.maxUploadBytes(), chunkOf, response);
      sender = chunks;
      start.apply(chunks.resultObserver());
    }
    return chunks;
  }

  /** Whether the call is started. */
  final boolean started() {
    return sender != null;
  }

  /** Streams a file part's content into the started call with the given chunk messages. */
  final void stream(BodyPart part, Function<ByteString, ReqT> chunkOf) {
    pending.add(sender.nextPart(part.content(), ctx.eventLoop(), chunkOf));
  }

  /** Sends a message on the started call. */
  final void send(ReqT message) {
    sender.send(message);
  }

  /** Half-closes the started call. */
  final void finishCall() {
    sender.finish(null);
  }

  /** Answers an error of the route itself and cancels the call, if started. */
  final void fail(HttpStatus status, String message) {
    response.fail(status, message);
    cancel("refused form");
  }

  /** Starts reading the form; the response completes when the call answers or anything fails. */
  final HttpResponse start(Multipart multipart) {
    response.onDone(this::stopReading);
    ctx.whenRequestCancelling().thenRun(() -> ctx.eventLoop().execute(() -> cancel("client gone")));
    multipart.bodyParts().subscribe(this, ctx.eventLoop());
    return response.toHttpResponse();
  }

  @Override
  public void onSubscribe(Subscription subscription) {
    parts = subscription;
    subscription.request(1);
  }

  @Override
  public void onNext(BodyPart part) {
    if (response.isDone()) {
      part.content().abort();
      return;
    }
    if (isStreamed(part.name())) {
      try {
        onStreamedPart(part);
      } catch (IllegalArgumentException e) {
        part.content().abort();
        failForm(e);
        return;
      }
      parts.request(1); // Delivered once the part is fully read.
      return;
    }
    String name = part.name();
    CompletableFuture<Void> field =
        readField(part).thenAccept(value -> onField(name, value)).exceptionally(this::failForm);
    pending.add(field);
    field.thenRun(() -> parts.request(1));
  }

  @Override
  public void onError(Throwable cause) {
    failForm(cause);
  }

  @Override
  public void onComplete() {
    // The form may end before a file part's last bytes reach the sender: wait for all of them.
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .whenCompleteAsync(
            (ignored, cause) -> {
              if (!response.isDone()) {
                onFormEnd();
              }
            },
            ctx.eventLoop());
  }

  private CompletableFuture<String> readField(BodyPart part) {
    AtomicLong seen = new AtomicLong();
    return part.content()
        .peek(
            data -> {
              if (seen.addAndGet(data.length()) > MAX_FIELD_BYTES) {
                throw new IllegalArgumentException(
                    "The part '"
                        + part.name()
                        + "' is too large (at most "
                        + MAX_FIELD_BYTES
                        + " bytes).");
              }
            })
        .collect(ctx.eventLoop())
        .thenApply(
            pieces -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              pieces.forEach(data -> out.writeBytes(data.array()));
              return out.toString(StandardCharsets.UTF_8);
            });
  }

  final Void failForm(Throwable cause) {
    Throwable root = cause instanceof CompletionException ? cause.getCause() : cause;
    String message =
        root instanceof IllegalArgumentException
            ? root.getMessage()
            : "Malformed multipart/form-data body: " + root.getMessage();
    response.fail(HttpStatus.BAD_REQUEST, message);
    cancel("bad form");
    return null;
  }

  private void cancel(String why) {
    ChunkSender<ReqT, ResT> chunks = sender;
    if (chunks != null) {
      chunks.cancel(why);
    }
    stopReading();
  }

  private void stopReading() {
    Subscription subscription = parts;
    if (subscription != null) {
      subscription.cancel();
    }
    ChunkSender<ReqT, ResT> chunks = sender;
    if (chunks != null) {
      chunks.stopReading();
    }
  }
}
