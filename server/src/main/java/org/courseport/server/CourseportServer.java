package org.courseport.server;

import com.linecorp.armeria.server.Server;
import io.grpc.ManagedChannel;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.courseport.api.v1.CourseServiceGrpc;
import org.courseport.api.v1.MediaServiceGrpc;
import org.courseport.api.v1.WebhookServiceGrpc;
import org.courseport.server.auth.AuthInterceptor;
import org.courseport.server.auth.Authenticator;
import org.courseport.server.auth.Bootstrap;
import org.courseport.server.auth.MethodScopes;
import org.courseport.server.auth.ScopeInterceptor;
import org.courseport.server.config.MetricsConfig;
import org.courseport.server.config.ServerConfig;
import org.courseport.server.content.ContentOrigin;
import org.courseport.server.grpc.GrpcErrorMapper;
import org.courseport.server.grpc.GrpcMetricsInterceptor;
import org.courseport.server.grpc.RequestIdInterceptor;
import org.courseport.server.grpc.course.ResponseHeaders;
import org.courseport.server.metrics.ManagementServer;
import org.courseport.server.packaging.xml.SchemaRegistry;
import org.courseport.server.threads.BlockingPools;
import org.courseport.transcoding.RestFront;
import org.courseport.transcoding.RestFrontOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Courseport: the grpc-java server (with reflection and health), an in-process twin for
 * the REST routes, and the Armeria HTTP front, all over the same service instances.
 */
public final class CourseportServer implements AutoCloseable {
  /** The name prefix of the HTTP API server's blocking threads. */
  public static final String API_BLOCKING_THREAD_PREFIX = "courseport-api-blocking";

  /** Name prefix of the threads that run the gRPC server's calls ({@code BlockingPools.calls}). */
  public static final String GRPC_CALL_THREAD_PREFIX = "courseport-grpc";

  private static final Logger log = LoggerFactory.getLogger(CourseportServer.class);

  private final Services services;
  private final io.grpc.Server grpc;
  private final ForkJoinPool grpcCalls;
  private final io.grpc.Server inProcess;
  private final ManagedChannel channel;
  private final Server http;
  private final ContentOrigin content;
  private final HealthStatusManager health;
  private final Optional<String> generatedKey;
  private final String inProcessName;
  private volatile ManagementServer management;

  private CourseportServer(
      Services services,
      io.grpc.Server grpc,
      ForkJoinPool grpcCalls,
      io.grpc.Server inProcess,
      ManagedChannel channel,
      Server http,
      ContentOrigin content,
      HealthStatusManager health,
      Optional<String> generatedKey,
      String inProcessName) {
    this.inProcessName = inProcessName;
    this.services = services;
    this.grpc = grpc;
    this.grpcCalls = grpcCalls;
    this.inProcess = inProcess;
    this.channel = channel;
    this.http = http;
    this.content = content;
    this.health = health;
    this.generatedKey = generatedKey;
  }

  /** Starts everything; the server is ready when this returns. */
  public static CourseportServer start(ServerConfig config) throws IOException {
    return start(config, Clock.systemUTC());
  }

  /**
   * Starts everything on {@code clock} (tests move it to expire signed URLs and tokens); the server
   * is ready when this returns.
   */
  public static CourseportServer start(ServerConfig config, Clock clock) throws IOException {
    Files.createDirectories(config.dataDir());
    // Before anything else runs: a bundled schema that does not compile is a start-up error.
    SchemaRegistry.shared().compileAll();
    Services services = Services.create(config, clock);
    Optional<String> generated;
    try {
      generated =
          Bootstrap.ensureTenant(
              services.tenants(),
              services.hasher(),
              config.bootstrapKey(),
              config.dataDir(),
              clock);
      // Existing tenants get their public UUID (the Allure API's tenant_id) now.
      int assigned = services.tenantDirectory().assignMissing();
      if (assigned > 0) {
        log.info("Gave {} tenant(s) their public UUID (the Allure API's tenant_id)", assigned);
      }
      if (services.tenants().findTenant(Bootstrap.DEFAULT_TENANT).isPresent()) {
        log.info(
            "Default tenant's tenant_id: {}",
            services.tenantDirectory().uuidOf(Bootstrap.DEFAULT_TENANT));
      }
    } catch (IOException | RuntimeException e) {
      services.close();
      throw e;
    }
    List<ServerServiceDefinition> defs = intercepted(services);
    HealthStatusManager health = new HealthStatusManager();
    ForkJoinPool calls = BlockingPools.calls(GRPC_CALL_THREAD_PREFIX, config.grpcThreads());
    io.grpc.Server grpc =
        NettyServerBuilder.forAddress(config.listenAddress(config.grpcPort()))
            .executor(calls)
            .addServices(defs)
            .addService(ProtoReflectionServiceV1.newInstance())
            .addService(health.getHealthService())
            .build()
            .start();
    String name = "courseport-" + UUID.randomUUID();
    io.grpc.Server inProcess =
        InProcessServerBuilder.forName(name).addServices(defs).build().start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    RestFrontOptions options =
        RestFrontOptions.defaults()
            .withMaxUploadBytes(config.maxUploadBytes())
            .withRequestTimeout(config.requestTimeout())
            .withReadiness(() -> !services.closing() && services.store().health().serving())
            .withMeterRegistry(services.metrics().registry());
    var sb = Server.builder().http(config.listenAddress(config.httpPort()));
    // Request bodies in pieces of up to 64 KiB (Armeria's default is 8 KiB): an upload's body then
    // goes through the stream machinery in 8 times fewer pieces.
    sb.http1MaxChunkSize(64 * 1024);
    // Blocking work on a bounded pool of its own, not Armeria's 200-thread common pool whose every
    // thread keeps its thread-local buffers alive (issue 12, BlockingPools).
    sb.blockingTaskExecutor(
        BlockingPools.create(API_BLOCKING_THREAD_PREFIX, config.blockingThreads()), true);
    RestFront.configure(sb, defs, channel, options);
    Server http = sb.build();
    http.start().join();
    services.useHttpPort(http.activeLocalPort());
    // The content origin (player and package files) on its own port: never the API's origin.
    ContentOrigin content;
    try {
      content = services.contentOrigin(config.listenAddress(config.contentPort()), clock).start();
    } catch (RuntimeException e) {
      http.stop().join();
      grpc.shutdownNow();
      calls.shutdownNow();
      inProcess.shutdownNow();
      channel.shutdownNow();
      services.close();
      throw e;
    }
    services.useContentPort(content.port());
    services.startWorkers();
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(CourseServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
    health.setStatus(WebhookServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
    health.setStatus(MediaServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
    health.setStatus(org.courseport.api.v1.PackageServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
    health.setStatus(org.courseport.api.v1.LessonServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
    health.setStatus(org.courseport.api.v1.ExportServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
    health.setStatus(org.courseport.api.v1.AdminServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
    followStore(
        services, health, defs.stream().map(d -> d.getServiceDescriptor().getName()).toList());
    String on = config.bindAddress() == null ? "every interface" : config.bindAddress();
    log.info("gRPC server listening on port {} ({})", grpc.getPort(), on);
    log.info("Rate limits per API key: {}", services.rateLimits());
    log.info("HTTP server listening on port {} ({})", http.activeLocalPort(), on);
    CourseportServer server =
        new CourseportServer(
            services, grpc, calls, inProcess, channel, http, content, health, generated, name);
    server.startManagement(config.metrics());
    return server;
  }

  /**
   * gRPC health follows the document store: NOT_SERVING for "" and every service while it does not
   * answer, SERVING again when it does (the HTTP readiness reads the same watcher).
   */
  private static void followStore(
      Services services, HealthStatusManager health, List<String> serviceNames) {
    services
        .store()
        .health()
        .addListener(
            serving -> {
              ServingStatus status = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
              health.setStatus("", status);
              for (String name : serviceNames) {
                health.setStatus(name, status);
              }
            });
    services.store().health().start();
  }

  /** Starts the management port ({@code /metrics}) unless it is off. */
  private void startManagement(MetricsConfig metrics) {
    if (!metrics.enabled()) {
      log.info("Metrics port off (COURSEPORT_METRICS_PORT=off)");
      return;
    }
    try {
      management = ManagementServer.start(metrics, services.metrics());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    log.info(
        "Metrics (GET /metrics) listening on port {} ({})",
        management.port(),
        metrics.bindAddress());
  }

  /** The management port serving {@code /metrics}, or -1 when it is off. */
  public int metricsPort() {
    ManagementServer m = management;
    return m == null ? -1 : m.port();
  }

  private static List<ServerServiceDefinition> intercepted(Services services) {
    AuthInterceptor auth =
        new AuthInterceptor(
            new Authenticator(
                services.tenants(), services.hasher(), services.clock(), services.keyRateLimiter()),
            GrpcErrorMapper::toStatusException,
            MethodScopes.table().openMethods(),
            // Counted in the same store operation that reads the key (one round trip).
            services.rateLimits());
    // Inside auth (so the key's scopes are known): every method's scope, from the one table.
    ScopeInterceptor scopes =
        new ScopeInterceptor(MethodScopes.table(), GrpcErrorMapper::toStatusException);
    return services.bindables().stream()
        .map(
            s ->
                // The last is outermost: the request id is set before anything logs, and the
                // metrics see every call, refused ones included.
                ServerInterceptors.intercept(
                    s,
                    new ResponseHeaders(),
                    scopes,
                    auth,
                    new org.courseport.server.grpc.FailureInterceptor(),
                    new GrpcMetricsInterceptor(services.metrics().registry()),
                    new RequestIdInterceptor()))
        .toList();
  }

  public int grpcPort() {
    return grpc.getPort();
  }

  /** Name of the in-process gRPC server hosting the same services (for in-process clients). */
  public String inProcessName() {
    return inProcessName;
  }

  public int httpPort() {
    return http.activeLocalPort();
  }

  /** The content origin's port (player and package files). */
  public int contentPort() {
    return content.port();
  }

  /** The key generated on first start, when no bootstrap key was configured. */
  public Optional<String> generatedKey() {
    return generatedKey;
  }

  /** The wired services (for tests). */
  public Services services() {
    return services;
  }

  /** Stops accepting, lets in-flight calls and jobs finish (bounded), then closes the store. */
  @Override
  public void close() {
    health.enterTerminalState();
    services.markClosing();
    ManagementServer m = management;
    if (m != null) {
      m.close();
    }
    http.stop().join();
    content.close();
    grpc.shutdown();
    inProcess.shutdown();
    try {
      grpc.awaitTermination(20, TimeUnit.SECONDS);
      inProcess.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    grpc.shutdownNow();
    inProcess.shutdownNow();
    channel.shutdownNow();
    // The server does not own the executor it was given: its threads end here.
    grpcCalls.shutdownNow();
    try {
      grpcCalls.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    services.close();
    log.info("Courseport stopped");
  }
}
