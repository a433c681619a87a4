package org.courseport.server.lessonexport;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import io.grpc.ManagedChannel;
import io.grpc.ServerInterceptors;
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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.courseport.api.v1.ExportServiceGrpc;
import org.courseport.server.auth.AuthInterceptor;
import org.courseport.server.auth.Authenticator;
import org.courseport.server.auth.SecretHasher;
import org.courseport.server.domain.coursepackage.UploadSignatures;
import org.courseport.server.domain.lessonexport.ExportLinks;
import org.courseport.server.domain.lessonexport.LessonExporter;
import org.courseport.server.domain.tenant.ApiKey;
import org.courseport.server.domain.tenant.Tenant;
import org.courseport.server.grpc.GrpcErrorMapper;
import org.courseport.server.grpc.export.ExportGrpcService;
import org.courseport.server.net.AddressPolicy;
import org.courseport.server.net.FetchOptions;
import org.courseport.server.net.GuardedHttpFetcher;
import org.courseport.server.net.PinnedHttpClient;
import org.courseport.server.net.UrlGuard;
import org.courseport.server.storage.blob.FileSystemBlobStore;
import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.storage.mongo.coursepackage.MongoSigningKeyRepository;
import org.courseport.server.storage.mongo.lessonexport.MongoExportCache;
import org.courseport.server.testing.TestFiles;
import org.courseport.transcoding.core.RouteContext;
import org.courseport.transcoding.lessonexport.LessonExportRoutes;

/**
 * The lesson export wired as at the composition root, over in-memory sources: embedded MongoDB
 * (cache, signing keys, API keys), a file-system blob store, the real SSRF-guarded fetcher
 * (allowing only the loopback origin of this harness), the ExportService behind the real
 * AuthInterceptor on an in-process gRPC server, and the REST routes on a real Armeria server.
 */
final class LessonExportHarness implements AutoCloseable {
  static final String TENANT = "tenant-a";
  static final String OTHER = "tenant-b";

  final Path dataDir;
  final EmbeddedTestMongo mongo;
  final MongoStore store;
  final FileSystemBlobStore blobs;
  final MemorySources sources = new MemorySources();
  final SettableClock clock = new SettableClock(Instant.parse("2025-01-20T14:45:00Z"));
  final LessonExporter exporter;
  final UploadSignatures signatures;
  final String key;
  final String otherKey;
  final Server origin;
  final Map<String, byte[]> originFiles = new ConcurrentHashMap<>();
  final Server http;
  private final io.grpc.Server grpc;
  final ManagedChannel channel;
  private final PinnedHttpClient httpClient = new PinnedHttpClient(Duration.ofSeconds(10));
  private final HttpClient client = HttpClient.newHttpClient();

  LessonExportHarness() throws IOException {
    dataDir = Files.createTempDirectory("lesson-export-test");
    mongo = EmbeddedTestMongo.start();
    store = new MongoStore(mongo.connectionString());
    blobs = new FileSystemBlobStore(dataDir);
    SecretHasher hasher = new SecretHasher(SecretHasher.MIN_ITERATIONS, 100);
    key = addTenant(TENANT, hasher);
    otherKey = addTenant(OTHER, hasher);

    origin =
        Server.builder()
            .http(new InetSocketAddress("127.0.0.1", 0))
            .serviceUnder(
                "/",
                (ctx, req) -> {
                  byte[] bytes = originFiles.get(ctx.path());
                  return bytes == null
                      ? HttpResponse.of(HttpStatus.NOT_FOUND)
                      : HttpResponse.of(HttpStatus.OK, MediaType.OCTET_STREAM, bytes);
                })
            .build();
    origin.start().join();

    GuardedHttpFetcher fetcher =
        new GuardedHttpFetcher(
            new UrlGuard(
                AddressPolicy.withAllowList(List.of("127.0.0.1:" + origin.activeLocalPort()))),
            httpClient,
            FetchOptions.defaults(1024 * 1024));
    exporter =
        new LessonExporter(
            sources,
            url -> fetcher.fetchToStore(url, blobs).blobId(),
            blobs,
            new MongoExportCache(store.database()),
            clock);
    AtomicReference<String> base = new AtomicReference<>("http://localhost");
    signatures =
        new UploadSignatures(
            new MongoSigningKeyRepository(store.database(), "lessonExportSigningKeys"),
            Optional.empty(),
            Duration.ofHours(24),
            ExportLinks.LIFETIME,
            clock);
    ExportLinks links = new ExportLinks(signatures, base::get, clock);
    AuthInterceptor auth =
        new AuthInterceptor(
            new Authenticator(store.tenants(), hasher),
            GrpcErrorMapper::toStatusException,
            org.courseport.server.auth.MethodScopes.table().openMethods());
    String name = "lesson-export-" + UUID.randomUUID();
    grpc =
        InProcessServerBuilder.forName(name)
            .addService(ServerInterceptors.intercept(new ExportGrpcService(exporter, links), auth))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
    var sb = Server.builder().http(new InetSocketAddress("127.0.0.1", 0));
    new LessonExportRoutes(new SeedErrorRenderer())
        .addRoutes(sb, new RouteContext(channel, 1024 * 1024, 64 * 1024));
    http = sb.build();
    http.start().join();
    base.set("http://127.0.0.1:" + http.activeLocalPort());
  }

  private String addTenant(String tenant, SecretHasher hasher) {
    store.tenants().insertTenant(new Tenant(tenant, tenant, Instant.EPOCH));
    String keyId = SecretHasher.generateKeyId();
    String secret = SecretHasher.generateSecret();
    store.tenants().insertKey(new ApiKey(keyId, tenant, hasher.hash(secret), Instant.EPOCH));
    return keyId + ":" + secret;
  }

  String originUrl(String path) {
    return "http://127.0.0.1:" + origin.activeLocalPort() + path;
  }

  ExportServiceGrpc.ExportServiceBlockingStub blocking(String apiKey) {
    return ExportServiceGrpc.newBlockingStub(channel)
        .withCallCredentials(new BearerCredentials(apiKey));
  }

  /** A GET of the REST front, with {@code Authorization: Bearer key} when key is not null. */
  Response get(String pathOrUrl, String apiKey) {
    String url =
        pathOrUrl.startsWith("http")
            ? pathOrUrl
            : "http://127.0.0.1:" + http.activeLocalPort() + pathOrUrl;
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
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

  static String exportPath(UUID lesson, UUID version, String what) {
    return "/api/lessons/" + lesson + "/versions/" + version + "/" + what;
  }

  @Override
  public void close() throws Exception {
    http.stop().join();
    origin.stop().join();
    channel.shutdownNow();
    grpc.shutdownNow();
    httpClient.close();
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
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** A clock the test moves. */
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

  /** {@code authorization: Bearer id:secret} on each call. */
  static final class BearerCredentials extends io.grpc.CallCredentials {
    private final String key;

    BearerCredentials(String key) {
      this.key = key;
    }

    @Override
    public void applyRequestMetadata(
        RequestInfo info, java.util.concurrent.Executor executor, MetadataApplier applier) {
      io.grpc.Metadata m = new io.grpc.Metadata();
      m.put(
          io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
          "Bearer " + key);
      applier.apply(m);
    }
  }
}
