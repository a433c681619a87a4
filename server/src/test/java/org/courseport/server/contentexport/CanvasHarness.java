package org.courseport.server.contentexport;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.courseport.server.auth.AuthInterceptor;
import org.courseport.server.auth.Authenticator;
import org.courseport.server.auth.SecretHasher;
import org.courseport.server.domain.contentexport.CatalogCourseDirectory;
import org.courseport.server.domain.contentexport.ContentExportWorker;
import org.courseport.server.domain.contentexport.ContentExports;
import org.courseport.server.domain.course.Course;
import org.courseport.server.domain.tenant.ApiKey;
import org.courseport.server.domain.tenant.Tenant;
import org.courseport.server.grpc.GrpcErrorMapper;
import org.courseport.server.grpc.export.ContentExportRpcs;
import org.courseport.server.grpc.export.ExportGrpcService;
import org.courseport.server.storage.blob.FileSystemBlobStore;
import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.storage.mongo.contentexport.MongoContentExportRepository;
import org.courseport.server.storage.mongo.contentexport.MongoGroupRepository;
import org.courseport.server.storage.mongo.contentexport.MongoTokenKey;
import org.courseport.server.storage.mongo.contentexport.MongoUserRepository;
import org.courseport.transcoding.RestFront;
import org.courseport.transcoding.RestFrontOptions;

/**
 * Canvas content exports wired as at the composition root: embedded MongoDB (jobs, groups, users,
 * API keys, courses), a file-system blob store, ExportService behind the real AuthInterceptor, the
 * real REST front ({@link RestFront}, all dialects) on a free port, one worker, and a scripted
 * CourseExports in place of the core engineer's implementation.
 */
final class CanvasHarness implements AutoCloseable {
  static final String TENANT = "tenant-a";
  static final String OTHER = "tenant-b";
  static final String THIRD = "tenant-c";

  final Path dataDir;
  final EmbeddedTestMongo mongo;
  final MongoStore store;
  final FileSystemBlobStore blobs;
  final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
  final MongoContentExportRepository jobs;
  final ContentExports exports;
  final ScriptedCourseExports courseExports;
  final ContentExportWorker worker;
  final String key;
  final String otherKey;
  final String thirdKey;
  final Server http;
  private final io.grpc.Server grpc;
  private final ManagedChannel channel;
  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicReference<String> base = new AtomicReference<>("http://localhost");

  CanvasHarness() throws IOException {
    dataDir = Files.createTempDirectory("canvas-test");
    mongo = EmbeddedTestMongo.start();
    store = new MongoStore(mongo.connectionString());
    blobs = new FileSystemBlobStore(dataDir);
    SecretHasher hasher = new SecretHasher(SecretHasher.MIN_ITERATIONS, 100);
    key = addTenant(TENANT, hasher);
    otherKey = addTenant(OTHER, hasher);
    thirdKey = addTenant(THIRD, hasher);
    jobs = new MongoContentExportRepository(store.database());
    exports = newExports();
    courseExports = new ScriptedCourseExports(blobs);
    worker = newWorker(exports, courseExports);
    worker.start(Duration.ofHours(1));
    AuthInterceptor auth =
        new AuthInterceptor(
            new Authenticator(store.tenants(), hasher),
            GrpcErrorMapper::toStatusException,
            org.courseport.server.auth.MethodScopes.table().openMethods());
    ServerServiceDefinition service =
        ServerInterceptors.intercept(
            new ExportGrpcService(null, null, null, new ContentExportRpcs(exports)), auth);
    String name = "canvas-" + UUID.randomUUID();
    grpc = InProcessServerBuilder.forName(name).addService(service).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    var sb = Server.builder().http(new InetSocketAddress("127.0.0.1", 0));
    RestFront.configure(sb, List.of(service), channel, RestFrontOptions.defaults());
    http = sb.build();
    http.start().join();
    base.set("http://127.0.0.1:" + http.activeLocalPort());
  }

  ContentExports newExports() {
    return new ContentExports(
        jobs,
        new MongoGroupRepository(store.database()),
        new MongoUserRepository(store.database()),
        new CatalogCourseDirectory(store.courses()),
        blobs,
        new MongoTokenKey(store.database()),
        base::get,
        clock);
  }

  ContentExportWorker newWorker(ContentExports e, ScriptedCourseExports c) {
    return new ContentExportWorker(e, jobs, c, blobs, 2, Duration.ofSeconds(30), clock);
  }

  io.grpc.Channel channel() {
    return channel;
  }

  String base() {
    return base.get();
  }

  private String addTenant(String tenant, SecretHasher hasher) {
    store.tenants().insertTenant(new Tenant(tenant, tenant, Instant.EPOCH));
    String keyId = SecretHasher.generateKeyId();
    String secret = SecretHasher.generateSecret();
    store.tenants().insertKey(new ApiKey(keyId, tenant, hasher.hash(secret), Instant.EPOCH));
    return keyId + ":" + secret;
  }

  void addCourse(String tenant, String courseId) {
    Instant at = clock.instant();
    store
        .courses()
        .insert(new Course(tenant, courseId, "Course " + courseId, List.of(), at, at, 0, 1));
  }

  record Response(int status, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  Response call(String method, String pathOrUrl, String apiKey, String json) {
    String url = pathOrUrl.startsWith("http") ? pathOrUrl : base() + pathOrUrl;
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (apiKey != null) {
      b.header("Authorization", "Bearer " + apiKey);
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

  @Override
  public void close() throws IOException {
    worker.close();
    http.stop().join();
    channel.shutdownNow();
    grpc.shutdownNow();
    store.close();
    mongo.close();
    EmbeddedTestMongo.deleteRecursively(dataDir);
  }

  static final class SettableClock extends Clock {
    private final AtomicReference<Instant> now;

    SettableClock(Instant start) {
      now = new AtomicReference<>(start);
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
