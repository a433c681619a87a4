package org.courseport.client.testing;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.courseport.client.ApiKey;
import org.courseport.client.CourseportClient;

/** An in-process server running a {@link FakeCourseService}, and clients connected to it. */
public final class InProcessCourseport implements AutoCloseable {
  public static final ApiKey KEY = new ApiKey("app", "s3cret");

  /** The fake behind the server. */
  public final FakeCourseService service = new FakeCourseService();

  /** Headers of every call received, in order. */
  public final List<Metadata> headers = new CopyOnWriteArrayList<>();

  private final Server server;
  private final ManagedChannel channel;

  public InProcessCourseport(ClientInterceptor... clientInterceptors) throws IOException {
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(ServerInterceptors.intercept(service, new HeaderRecorder()))
            .build()
            .start();
    channel =
        InProcessChannelBuilder.forName(name)
            .directExecutor()
            .intercept(clientInterceptors)
            .build();
  }

  /** A client with the standard test key and fast import polling. */
  public CourseportClient client() {
    return client(KEY);
  }

  /** A client sending {@code key}; closing it leaves the shared channel open. */
  public CourseportClient client(ApiKey key) {
    return CourseportClient.builder()
        .channel(channel)
        .apiKey(key)
        .callTimeout(Duration.ofSeconds(10))
        .pollBackoff(Duration.ofMillis(1), Duration.ofMillis(4))
        .build();
  }

  /** The value of the {@code authorization} header of the last call. */
  public String lastAuthorization() {
    Metadata last = headers.get(headers.size() - 1);
    return last.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER));
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  private final class HeaderRecorder implements ServerInterceptor {
    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
        ServerCall<ReqT, RespT> call, Metadata metadata, ServerCallHandler<ReqT, RespT> next) {
      headers.add(metadata);
      return next.startCall(call, metadata);
    }
  }
}
