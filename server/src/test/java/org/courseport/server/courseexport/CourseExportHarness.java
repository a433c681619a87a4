package org.courseport.server.courseexport;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import io.grpc.ManagedChannel;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.courseport.api.v1.ExportServiceGrpc;
import org.courseport.server.auth.AuthInterceptor;
import org.courseport.server.auth.Authenticator;
import org.courseport.server.auth.SecretHasher;
import org.courseport.server.domain.course.Course;
import org.courseport.server.domain.courseexport.CourseExportDesk;
import org.courseport.server.domain.ratelimit.RateLimits;
import org.courseport.server.domain.tenant.ApiKey;
import org.courseport.server.domain.tenant.Plan;
import org.courseport.server.domain.tenant.Tenant;
import org.courseport.server.domain.tenant.TenantPlans;
import org.courseport.server.grpc.GrpcErrorMapper;
import org.courseport.server.grpc.coursepackage.PackageGrpcService;
import org.courseport.server.grpc.export.ExportGrpcService;
import org.courseport.server.net.AddressPolicy;
import org.courseport.server.net.PinnedHttpClient;
import org.courseport.server.net.UrlGuard;
import org.courseport.server.storage.blob.FileSystemBlobStore;
import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.storage.mongo.courseexport.MongoExportDownloads;
import org.courseport.server.storage.mongo.courseexport.MongoSharedCourses;
import org.courseport.server.storage.mongo.coursepackage.MongoTenantDirectory;
import org.courseport.server.storage.mongo.delivery.MongoDeliveryRepository;
import org.courseport.server.testing.TestFiles;
import org.courseport.server.webhooks.DeliveryEngine;
import org.courseport.server.webhooks.PlainHttpRule;
import org.courseport.server.webhooks.RetryPolicy;
import org.courseport.transcoding.RestFront;
import org.courseport.transcoding.RestFrontOptions;

/**
 * LearningStudio's course export wired as at the composition root over a test {@link
 * ZipCourseExports}: embedded MongoDB (tenants, keys, plans, rate limits, downloads, deliveries), a
 * file-system blob store, the real delivery engine (SSRF guard allowing only the loopback receiver
 * of this harness, plain HTTP allowed for 127.0.0.1), ExportService and PackageService behind the
 * real AuthInterceptor, and the real REST front (all dialects) on a free port.
 */
final class CourseExportHarness implements AutoCloseable {
  static final String ADMIN = "operator-token-for-plans-0123";
  static final String RECEIVER_SECRET = "receiver-signing-secret";
  static final String RECEIVER_ENDPOINT = "endpoint-1";

  final Path dataDir;
  final EmbeddedTestMongo mongo;
  final MongoStore store;
  final FileSystemBlobStore blobs;
  final SettableClock clock = new SettableClock(Instant.parse("2026-04-28T17:15:42.123Z"));
  final ZipCourseExports exports;
  final MongoExportDownloads downloads;
  final TenantPlans plans;
  final MongoTenantDirectory directory;
  final SecretHasher hasher = new SecretHasher(SecretHasher.MIN_ITERATIONS, 100);
  final Server receiver;
  final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  final Server http;
  private final io.grpc.Server grpc;

  /** The same services on a plaintext network port (for the command line). */
  final io.grpc.Server network;

  private final ManagedChannel channel;
  private final PinnedHttpClient deliveryClient = new PinnedHttpClient(Duration.ofSeconds(10));
  private final ScheduledExecutorService deliveryThreads = Executors.newScheduledThreadPool(1);
  private final DeliveryEngine deliveries;
  private final HttpClient client = HttpClient.newHttpClient();

  /** A request the callback receiver got. */
  record Received(Map<String, String> headers, byte[] body) {}

  CourseExportHarness() throws IOException {
    dataDir = Files.createTempDirectory("course-export-test");
    mongo = EmbeddedTestMongo.start();
    store = new MongoStore(mongo.connectionString());
    blobs = new FileSystemBlobStore(dataDir);
    exports = new ZipCourseExports(blobs, store.courses());
    downloads = new MongoExportDownloads(store.database());
    plans = new TenantPlans(store.tenants(), "default", Plan.FREE);
    directory = new MongoTenantDirectory(store.database());

    receiver =
        Server.builder()
            .http(new InetSocketAddress("127.0.0.1", 0))
            .service(
                "/hook",
                (ctx, req) ->
                    HttpResponse.of(
                        req.aggregate()
                            .thenApply(
                                agg -> {
                                  Map<String, String> headers = new java.util.HashMap<>();
                                  agg.headers()
                                      .forEach(
                                          (k, v) -> headers.put(k.toString().toLowerCase(), v));
                                  received.add(new Received(headers, agg.content().array()));
                                  return HttpResponse.of(HttpStatus.NO_CONTENT);
                                })))
            .build();
    receiver.start().join();

    UrlGuard guard =
        new UrlGuard(
            AddressPolicy.withAllowList(List.of("127.0.0.1:" + receiver.activeLocalPort())));
    PlainHttpRule https = new PlainHttpRule(List.of("127.0.0.1"));
    deliveries =
        new DeliveryEngine(
            new MongoDeliveryRepository(store.database()),
            guard,
            https,
            deliveryClient,
            (tenant, endpoint) ->
                RECEIVER_ENDPOINT.equals(endpoint)
                    ? Optional.of(RECEIVER_SECRET)
                    : Optional.empty(),
            new RetryPolicy(
                3, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1), Duration.ofSeconds(10)),
            Clock.systemUTC(),
            () -> 0.5,
            deliveryThreads);
    deliveries.start(Duration.ofMillis(200));

    AtomicReference<String> base = new AtomicReference<>("http://localhost");
    CourseExportDesk desk =
        new CourseExportDesk(
            exports,
            store.courses(),
            downloads,
            new MongoSharedCourses(store.database()),
            plans,
            url -> {
              String checked = https.check(url);
              guard.resolve(checked);
              return checked;
            },
            deliveries,
            (tenant, url) ->
                url.equals(receiverUrl()) ? Optional.of(RECEIVER_ENDPOINT) : Optional.empty(),
            blobs,
            base::get,
            clock);
    // As at the composition root: each call authenticated and counted against its route class's
    // limit (the export class: 30 per minute per key) in one store operation on the key document.
    AuthInterceptor auth =
        new AuthInterceptor(
            new Authenticator(
                store.tenants(), hasher, clock, store.tenants().keyRateLimiter(clock)),
            GrpcErrorMapper::toStatusException,
            org.courseport.server.auth.MethodScopes.table().openMethods(),
            RateLimits.defaults());
    // Only SetTenantPlan of the package service is used here: its other collaborators are unused.
    PackageGrpcService packages =
        new PackageGrpcService(null, null, null, null, null, directory, ADMIN, 10, plans);
    ServerServiceDefinition export =
        ServerInterceptors.intercept(new ExportGrpcService(null, null, desk, null), auth);
    ServerServiceDefinition packageService =
        ServerInterceptors.intercept(packages.definition(), auth);
    String name = "course-export-" + UUID.randomUUID();
    grpc =
        InProcessServerBuilder.forName(name)
            .addService(export)
            .addService(packageService)
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
    network =
        io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0))
            .addService(export)
            .addService(packageService)
            .build()
            .start();
    var sb = Server.builder().http(new InetSocketAddress("127.0.0.1", 0));
    RestFront.configure(sb, List.of(export, packageService), channel, RestFrontOptions.defaults());
    http = sb.build();
    http.start().join();
    base.set("http://127.0.0.1:" + http.activeLocalPort());
  }

  String receiverUrl() {
    return "http://127.0.0.1:" + receiver.activeLocalPort() + "/hook";
  }

  String base() {
    return "http://127.0.0.1:" + http.activeLocalPort();
  }

  /** A tenant with one key ({@code id:secret}) and, when plan is not null, that plan stored. */
  String addTenant(String tenant, Plan plan) {
    store.tenants().insertTenant(new Tenant(tenant, tenant, Instant.EPOCH, plan));
    return addKey(tenant);
  }

  String addKey(String tenant) {
    String keyId = SecretHasher.generateKeyId();
    String secret = SecretHasher.generateSecret();
    store.tenants().insertKey(new ApiKey(keyId, tenant, hasher.hash(secret), Instant.EPOCH));
    return keyId + ":" + secret;
  }

  void addCourse(String tenant, String courseId, String title) {
    store
        .courses()
        .insert(new Course(tenant, courseId, title, List.of(), Instant.EPOCH, Instant.EPOCH, 0, 1));
  }

  ExportServiceGrpc.ExportServiceBlockingStub blocking(String apiKey) {
    io.grpc.Metadata m = new io.grpc.Metadata();
    m.put(
        io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + apiKey);
    return ExportServiceGrpc.newBlockingStub(channel)
        .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(m));
  }

  ExportServiceGrpc.ExportServiceBlockingStub anonymous() {
    return ExportServiceGrpc.newBlockingStub(channel);
  }

  /** An HTTP request to the REST front (or an absolute URL). */
  Response send(
      String method, String pathOrUrl, String authorization, String contentType, String body) {
    String url = pathOrUrl.startsWith("http") ? pathOrUrl : base() + pathOrUrl;
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    try {
      var r = client.send(b.build(), BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** POST /api/v1/courses/{id}/export with a JSON body and {@code Bearer key}. */
  Response export(String key, String courseId, String json) {
    return send(
        "POST",
        "/api/v1/courses/" + courseId + "/export",
        key == null ? null : "Bearer " + key,
        "application/json",
        json);
  }

  @Override
  public void close() throws Exception {
    http.stop().join();
    receiver.stop().join();
    channel.shutdownNow();
    grpc.shutdownNow();
    network.shutdownNow();
    deliveries.close();
    deliveryThreads.shutdownNow();
    deliveryClient.close();
    store.close();
    mongo.close();
    TestFiles.deleteTree(dataDir);
  }

  /** An HTTP answer. */
  record Response(int status, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** A clock the test moves. */
  static final class SettableClock extends Clock {
    private final AtomicReference<Instant> now;

    SettableClock(Instant start) {
      now = new AtomicReference<>(start);
    }

    void set(Instant at) {
      now.set(at);
    }

    void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
