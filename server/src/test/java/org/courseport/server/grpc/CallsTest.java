package org.courseport.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.courseport.server.domain.DomainException;
import org.junit.jupiter.api.Test;

/** {@link Calls#streaming}: the one error path of the streaming RPCs. */
class CallsTest {
  private final List<String> events = new ArrayList<>();
  private final Recorder observer = new Recorder();

  @Test
  void streaming_domainFailure_cleansUpThenEndsWithTheMappedStatus() throws Exception {
    boolean ok =
        Calls.streaming(
            observer,
            () -> events.add("clean-up"),
            () -> {
              throw DomainException.notFound("COURSE_NOT_FOUND", "Course 'x' not found");
            });

    assertThat(ok).isFalse();
    assertThat(events).containsExactly("clean-up", "onError");
    assertThat(observer.error.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(reason(observer.error)).isEqualTo("COURSE_NOT_FOUND");
  }

  @Test
  void streaming_ioFailure_isInternalWithoutDetails() throws Exception {
    boolean ok =
        Calls.streaming(
            observer,
            () -> {
              throw new IOException("disk on fire at /secret/path");
            });

    assertThat(ok).isFalse();
    assertThat(observer.error.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(observer.error.getStatus().getDescription()).doesNotContain("/secret/path");
    assertThat(reason(observer.error)).isEqualTo("INTERNAL");
  }

  @Test
  void streaming_success_leavesTheCallOpen() {
    boolean ok = Calls.streaming(observer, () -> events.add("clean-up"), () -> events.add("step"));

    assertThat(ok).isTrue();
    assertThat(events).containsExactly("step");
    assertThat(observer.error).isNull();
  }

  private static String reason(StatusRuntimeException e) throws Exception {
    return StatusProto.fromThrowable(e).getDetails(0).unpack(ErrorInfo.class).getReason();
  }

  private final class Recorder implements StreamObserver<Object> {
    StatusRuntimeException error;

    @Override
    public void onNext(Object value) {
      events.add("onNext");
    }

    @Override
    public void onError(Throwable t) {
      events.add("onError");
      error = (StatusRuntimeException) t;
    }

    @Override
    public void onCompleted() {
      events.add("onCompleted");
    }
  }
}
