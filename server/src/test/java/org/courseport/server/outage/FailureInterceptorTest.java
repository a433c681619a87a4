package org.courseport.server.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.ErrorInfo;
import com.mongodb.MongoTimeoutException;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.UUID;
import org.courseport.server.grpc.FailureInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An interceptor (the credential check) or a handler callback that throws a store failure ends the
 * call UNAVAILABLE STORE_UNAVAILABLE through the error mapper, not grpc-java's bare UNKNOWN.
 */
class FailureInterceptorTest {
  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow();
    }
  }

  private HealthGrpc.HealthBlockingStub serve(ServerInterceptor inner, boolean withMapping)
      throws Exception {
    String name = "failure-" + UUID.randomUUID();
    var health = new HealthStatusManager().getHealthService();
    var def =
        withMapping
            ? ServerInterceptors.intercept(health, inner, new FailureInterceptor())
            : ServerInterceptors.intercept(health, inner);
    server = InProcessServerBuilder.forName(name).addService(def).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    return HealthGrpc.newBlockingStub(channel);
  }

  private static final ServerInterceptor THROWS_AT_START =
      new ServerInterceptor() {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
          throw new MongoTimeoutException("no server");
        }
      };

  private static final ServerInterceptor THROWS_AT_HALF_CLOSE =
      new ServerInterceptor() {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
          return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            @Override
            public void onHalfClose() {
              throw new MongoTimeoutException("no server");
            }
          };
        }
      };

  private static StatusRuntimeException call(HealthGrpc.HealthBlockingStub stub) {
    return catchThrowableOfType(
        StatusRuntimeException.class, () -> stub.check(HealthCheckRequest.getDefaultInstance()));
  }

  @Test
  void withoutIt_theCallDoesNotSayUnavailable() throws Exception {
    // grpc-java's own answer to an uncaught exception (UNKNOWN or CANCELLED), not the store's.
    assertThat(call(serve(THROWS_AT_START, false)).getStatus().getCode())
        .isNotEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void failureAtCallStart_isMapped() throws Exception {
    StatusRuntimeException e = call(serve(THROWS_AT_START, true));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(
            io.grpc.protobuf.StatusProto.fromThrowable(e)
                .getDetails(0)
                .unpack(ErrorInfo.class)
                .getReason())
        .isEqualTo("STORE_UNAVAILABLE");
  }

  @Test
  void failureInAHandlerCallback_isMapped() throws Exception {
    StatusRuntimeException e = call(serve(THROWS_AT_HALF_CLOSE, true));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.getStatus().getDescription()).contains("document store is unreachable");
  }
}
