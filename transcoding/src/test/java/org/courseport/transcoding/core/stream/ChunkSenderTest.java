package org.courseport.transcoding.core.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpData;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.courseport.transcoding.core.RpcError;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;

/**
 * The generic body sender on its own: fixed-size chunks, reading only while the call is ready, the
 * size limit, half-close, and which outcome reaches the answer.
 */
class ChunkSenderTest {

  private final RecordingAnswer answer = new RecordingAnswer();
  private final FakeCall call = new FakeCall();
  private final FakeBody body = new FakeBody();

  private ChunkSender<String, String> start(int chunkBytes, long maxBytes) {
    ChunkSender<String, String> sender =
        new ChunkSender<>(chunkBytes, maxBytes, chunk -> "chunk:" + chunk.toStringUtf8(), answer);
    ClientResponseObserver<String, String> observer = sender.resultObserver();
    call.observer = observer;
    observer.beforeStart(call);
    sender.send("first");
    sender.onSubscribe(body);
    return sender;
  }

  @Test
  void body_isSentInFixedSizeChunks_readOnlyWhileTheCallIsReady_thenHalfClosed() {
    call.ready = false;
    ChunkSender<String, String> sender = start(4, 100);
    assertThat(body.requested).as("nothing read while the call is not ready").isZero();

    call.ready = true;
    call.onReady.run();
    assertThat(body.requested).isEqualTo(1);
    call.onReady.run();
    assertThat(body.requested).as("one outstanding read at a time").isEqualTo(1);

    sender.onNext(HttpData.ofUtf8("abcdef"));
    assertThat(body.requested).isEqualTo(2);
    call.ready = false;
    sender.onNext(HttpData.ofUtf8("ghijk"));
    assertThat(body.requested).as("no read once the call is not ready").isEqualTo(2);
    call.ready = true;
    call.onReady.run();
    assertThat(body.requested).isEqualTo(3);

    sender.onComplete();
    assertThat(sender.whenContentRead()).isDone();
    assertThat(call.sent).containsExactly("first", "chunk:abcd", "chunk:efgh", "chunk:ijk");
    assertThat(call.completed).isFalse();

    sender.finish("last");
    assertThat(call.sent).endsWith("last");
    assertThat(call.completed).isTrue();
    assertThat(answer.outcomes).isEmpty();
  }

  @Test
  void callResult_isTheAnswer() {
    start(4, 100);

    call.observer.onNext("done");
    call.observer.onCompleted();

    assertThat(answer.outcomes).containsExactly("succeed:done");
  }

  @Test
  void bodyOverTheLimit_answersTooLarge_cancelsTheCall_andStopsReading() {
    ChunkSender<String, String> sender = start(4, 5);

    sender.onNext(HttpData.ofUtf8("abc"));
    sender.onNext(HttpData.ofUtf8("def"));

    assertThat(answer.outcomes).containsExactly("tooLarge:5");
    assertThat(call.cancelledWith).isEqualTo("body too large");
    assertThat(body.cancelled).isTrue();
    assertThat(sender.whenContentRead()).isDone();
    assertThat(call.sent).containsExactly("first");

    call.observer.onError(Status.CANCELLED.asRuntimeException());
    sender.finish(null);
    assertThat(answer.outcomes).as("our own cancellation answers nothing more").hasSize(1);
    assertThat(call.completed).isFalse();
  }

  @Test
  void bodyReadFailure_answersIt_andCancelsTheCall() {
    ChunkSender<String, String> sender = start(4, 100);

    sender.onError(new IllegalStateException("reset"));

    assertThat(answer.outcomes).containsExactly("bodyFailed:reset");
    assertThat(call.cancelledWith).isEqualTo("request body failed");
    assertThat(body.cancelled).isTrue();
  }

  @Test
  void callFailure_isTheAnswer_andNothingIsSentOrHalfClosedAfterIt() {
    ChunkSender<String, String> sender = start(4, 100);

    call.observer.onError(Status.PERMISSION_DENIED.withDescription("no").asRuntimeException());
    sender.onNext(HttpData.ofUtf8("abcdefgh"));
    sender.onComplete();
    sender.finish(null);

    assertThat(answer.outcomes).containsExactly("fail:PERMISSION_DENIED");
    assertThat(call.sent).containsExactly("first");
    assertThat(call.completed).isFalse();
  }

  @Test
  void pooledPieces_areCopiedIntoTheChunks_andReleased_alsoWhenTheCallHasEnded() {
    ChunkSender<String, String> sender = start(4, 100);
    ByteBuf first = Unpooled.directBuffer(8).writeBytes("xxabcdef".getBytes(UTF_8));
    first.readerIndex(2); // a piece that starts inside its network buffer
    ByteBuf second = Unpooled.directBuffer(3).writeBytes("ghi".getBytes(UTF_8));

    sender.onNext(HttpData.wrap(first));
    sender.onNext(HttpData.wrap(second));
    sender.onComplete();

    assertThat(call.sent).containsExactly("first", "chunk:abcd", "chunk:efgh", "chunk:i");
    assertThat(first.refCnt()).as("released once copied").isZero();
    assertThat(second.refCnt()).isZero();

    call.observer.onError(Status.CANCELLED.asRuntimeException());
    ByteBuf late = Unpooled.directBuffer(2).writeBytes("jk".getBytes(UTF_8));
    sender.onNext(HttpData.wrap(late));
    assertThat(late.refCnt()).as("a piece arriving after the end is released too").isZero();
    assertThat(call.sent).hasSize(4);
  }

  @Test
  void pooledPieceOverTheLimit_isReleased() {
    ChunkSender<String, String> sender = start(4, 5);
    ByteBuf piece = Unpooled.directBuffer(6).writeBytes("abcdef".getBytes(UTF_8));

    sender.onNext(HttpData.wrap(piece));

    assertThat(answer.outcomes).containsExactly("tooLarge:5");
    assertThat(piece.refCnt()).isZero();
  }

  @Test
  void zeroChunkSize_isRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new ChunkSender<String, String>(0, 1, c -> "", answer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chunkBytes");
  }

  /** Records each outcome; the first one completes the answer. */
  private static final class RecordingAnswer extends BodyAnswer<String> {
    final List<String> outcomes = new ArrayList<>();

    private void record(String outcome) {
      if (!isDone()) {
        outcomes.add(outcome);
      }
      complete(com.linecorp.armeria.common.HttpResponse.of(200));
    }

    @Override
    public void succeed(String result) {
      record("succeed:" + result);
    }

    @Override
    public void fail(RpcError error) {
      record("fail:" + error.code());
    }

    @Override
    public void bodyTooLarge(long limit) {
      record("tooLarge:" + limit);
    }

    @Override
    public void bodyFailed(Throwable cause) {
      record("bodyFailed:" + cause.getMessage());
    }
  }

  /** The client side of a call, recording what is sent, with a readiness the test sets. */
  private static final class FakeCall extends ClientCallStreamObserver<String> {
    final List<String> sent = new ArrayList<>();
    boolean ready = true;
    boolean completed;
    String cancelledWith;
    Runnable onReady;
    ClientResponseObserver<String, String> observer;

    @Override
    public void cancel(String message, Throwable cause) {
      cancelledWith = message;
    }

    @Override
    public boolean isReady() {
      return ready;
    }

    @Override
    public void setOnReadyHandler(Runnable handler) {
      onReady = handler;
    }

    @Override
    public void request(int count) {}

    @Override
    public void setMessageCompression(boolean enable) {}

    @Override
    public void disableAutoInboundFlowControl() {}

    @Override
    public void onNext(String value) {
      sent.add(value);
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {
      completed = true;
    }
  }

  /** A request body that counts what is asked of it. */
  private static final class FakeBody implements Subscription {
    long requested;
    boolean cancelled;

    @Override
    public void request(long n) {
      requested += n;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }
}
