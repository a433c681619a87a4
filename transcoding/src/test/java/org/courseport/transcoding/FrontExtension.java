package org.courseport.transcoding;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Armeria front on a free port over {@link FakeCourseService}, wired like production: the
 * same intercepted service definition is hosted by Armeria and by an in-process gRPC server whose
 * channel the streaming routes use.
 */
final class FrontExtension extends ServerExtension {

  final FakeCourseService fake = new FakeCourseService();
  final FakePackageService packageService = new FakePackageService(fake.requests);
  final FakeAuthInterceptor auth = new FakeAuthInterceptor();
  volatile boolean ready = true;
  private final RestFrontOptions options;
  private Server grpcServer;
  private ManagedChannel channel;

  FrontExtension(RestFrontOptions options) {
    this.options = options;
  }

  FrontExtension() {
    this(RestFrontOptions.defaults());
  }

  @Override
  protected void configure(ServerBuilder sb) throws Exception {
    // The last interceptor runs first: authentication, then the response-header helper.
    ServerServiceDefinition service =
        ServerInterceptors.intercept(fake, new ResponseHeadersInterceptor(), auth);
    ServerServiceDefinition packages = ServerInterceptors.intercept(packageService, auth);
    ServerServiceDefinition lessons =
        ServerInterceptors.intercept(new FakeLessonService(fake.requests), auth);
    ServerServiceDefinition media =
        ServerInterceptors.intercept(new FakeMediaService(fake.requests), auth);
    ServerServiceDefinition exports =
        ServerInterceptors.intercept(new FakeExportService(fake.requests), auth);
    String name = InProcessServerBuilder.generateName();
    grpcServer =
        InProcessServerBuilder.forName(name)
            .addService(service)
            .addService(packages)
            .addService(lessons)
            .addService(media)
            .addService(exports)
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
    RestFront.configure(
        sb,
        List.of(service, packages, lessons, media, exports),
        channel,
        options.withReadiness(() -> ready));
  }

  @Override
  public void after(ExtensionContext context) throws Exception {
    super.after(context);
    channel.shutdownNow();
    grpcServer.shutdownNow();
  }

  /** A blocking client that sends good credentials. */
  BlockingWebClient authorized() {
    return blockingWebClient(
        b -> b.addHeader(HttpHeaderNames.AUTHORIZATION, FakeAuthInterceptor.GOOD));
  }

  /** An async client that sends good credentials and accepts large, slow responses. */
  WebClient authorizedStreaming() {
    return webClient(
        b ->
            b.addHeader(HttpHeaderNames.AUTHORIZATION, FakeAuthInterceptor.GOOD)
                .maxResponseLength(0)
                .responseTimeoutMillis(60_000));
  }
}
