package org.courseport.server.grpc;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * gRPC call metrics ({@value #NAME}): a latency histogram and count per service, method and status
 * code, taken when the call closes (or is cancelled). Calls that the REST routes make count here
 * too: every REST request ends in a gRPC method.
 */
public final class GrpcMetricsInterceptor implements ServerInterceptor {

  /** The timer name: {@code courseport_grpc_server_calls_seconds_{count,sum,bucket}}. */
  public static final String NAME = "courseport.grpc.server.calls";

  private final MeterRegistry registry;

  /**
   * The timer of each method and status code, built once: {@code Timer.builder(...).register} per
   * call sorts the tags and looks the meter up again on every call.
   */
  private final Map<String, Map<Status.Code, Timer>> timers = new ConcurrentHashMap<>();

  public GrpcMetricsInterceptor(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    long start = System.nanoTime();
    AtomicBoolean recorded = new AtomicBoolean();
    MethodDescriptor<Q, R> method = call.getMethodDescriptor();
    ServerCall<Q, R> timed =
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            record(method, status.getCode(), start, recorded);
            super.close(status, trailers);
          }
        };
    return new SimpleForwardingServerCallListener<>(next.startCall(timed, headers)) {
      @Override
      public void onCancel() {
        record(method, Status.Code.CANCELLED, start, recorded);
        super.onCancel();
      }
    };
  }

  private void record(
      MethodDescriptor<?, ?> method, Status.Code code, long start, AtomicBoolean recorded) {
    if (!recorded.compareAndSet(false, true)) {
      return;
    }
    timers
        .computeIfAbsent(method.getFullMethodName(), m -> new ConcurrentHashMap<>())
        .computeIfAbsent(code, c -> timer(method, c))
        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
  }

  private Timer timer(MethodDescriptor<?, ?> method, Status.Code code) {
    return Timer.builder(NAME)
        .description("gRPC calls served, by method and status code")
        .tag("service", String.valueOf(method.getServiceName()))
        .tag("method", String.valueOf(method.getBareMethodName()))
        .tag("status", code.name())
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(2))
        .register(registry);
  }
}
