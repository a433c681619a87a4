package org.courseport.server.launch;

import com.linecorp.armeria.server.Server;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.courseport.api.v1.CourseServiceGrpc;
import org.courseport.api.v1.ExportServiceGrpc;
import org.courseport.api.v1.PackageServiceGrpc;
import org.courseport.server.auth.AuthInterceptor;
import org.courseport.server.auth.Authenticator;
import org.courseport.server.auth.SecretHasher;
import org.courseport.server.domain.catalog.CourseCatalog;
import org.courseport.server.domain.course.Course;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.coursepackage.PackageCatalog;
import org.courseport.server.domain.launch.DefaultLaunchTokens;
import org.courseport.server.domain.launch.LaunchCleanup;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.domain.packaging.CourseMetadata;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.domain.packaging.ValidationReport;
import org.courseport.server.domain.settings.SettingsRegistry;
import org.courseport.server.domain.settings.SettingsService;
import org.courseport.server.domain.tenant.ApiKey;
import org.courseport.server.domain.tenant.Plan;
import org.courseport.server.domain.tenant.Tenant;
import org.courseport.server.grpc.GrpcErrorMapper;
import org.courseport.server.grpc.course.CourseGrpcService;
import org.courseport.server.grpc.coursepackage.PackageGrpcService;
import org.courseport.server.grpc.export.ExportGrpcService;
import org.courseport.server.storage.blob.FileSystemBlobStore;
import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.storage.mongo.coursepackage.MongoTenantDirectory;
import org.courseport.server.storage.mongo.launch.MongoCourseSharing;
import org.courseport.server.storage.mongo.launch.MongoLaunchTokens;
import org.courseport.server.storage.mongo.settings.MongoSettingsRepository;
import org.courseport.server.testing.TestFiles;
import org.courseport.transcoding.RestFront;
import org.courseport.transcoding.RestFrontOptions;

/**
 * The launch API wired as at the composition root: embedded MongoDB (tenants, keys, courses,
 * versions, settings, launch tokens, sharing), the real {@link Launches} with {@link
 * DefaultLaunchTokens}, CourseService, PackageService and ExportService behind the real
 * AuthInterceptor in process, and the real REST front (all dialects) on a free port. The plan
 * reader, the run-time's sessions and the statement store are {@link LaunchFakes}.
 */
final class LaunchHarness implements AutoCloseable {
  static final String CONTENT_BASE = "https://content.example.test";
  static final Instant T0 = Instant.parse("2026-12-06T01:00:00Z");

  final Path dataDir;
  final EmbeddedTestMongo mongo;
  final MongoStore store;
  final LaunchFakes.SettableClock clock = new LaunchFakes.SettableClock(T0);
  final SettingsService settings;
  final CourseCatalog catalog;
  final MongoLaunchTokens tokenStore;
  final DefaultLaunchTokens tokens;
  final MongoCourseSharing sharing;
  final LaunchFakes.Plans plans = new LaunchFakes.Plans();
  final LaunchFakes.Sessions sessions = new LaunchFakes.Sessions();
  final LaunchFakes.Statements statements = new LaunchFakes.Statements();
  final Launches launches;
  final Server http;
  private final io.grpc.Server grpc;

  /** The same services on a plaintext network port (for the command line). */
  final io.grpc.Server network;

  private final ManagedChannel channel;
  private final SecretHasher hasher = new SecretHasher(SecretHasher.MIN_ITERATIONS, 100);
  private final HttpClient client = HttpClient.newHttpClient();

  LaunchHarness() throws IOException {
    dataDir = Files.createTempDirectory("launch-test");
    mongo = EmbeddedTestMongo.start();
    store = new MongoStore(mongo.connectionString());
    FileSystemBlobStore blobs = new FileSystemBlobStore(dataDir);
    settings =
        new SettingsService(
            SettingsRegistry.builtin(), new MongoSettingsRepository(store.database(), clock));
    tokenStore = new MongoLaunchTokens(store.database());
    tokens = new DefaultLaunchTokens(tokenStore, Duration.ofHours(8), clock);
    sharing = new MongoCourseSharing(store.database());
    catalog =
        new CourseCatalog(
            store.courses(),
            store.versions(),
            store.jobs(),
            blobs,
            List.of(new LaunchCleanup(sharing, tokenStore)),
            clock);
    String[] base = {"http://localhost"};
    launches =
        new Launches(
            catalog,
            settings,
            plans,
            tokens,
            sessions,
            statements,
            sharing,
            () -> CONTENT_BASE,
            () -> base[0],
            Duration.ofHours(1),
            3,
            clock);
    MongoTenantDirectory directory = new MongoTenantDirectory(store.database());
    PackageCatalog packages =
        new PackageCatalog(
            catalog, null, null, null, blobs, null, null, directory, null, null, clock);
    AuthInterceptor auth =
        new AuthInterceptor(
            new Authenticator(store.tenants(), hasher),
            GrpcErrorMapper::toStatusException,
            org.courseport.server.auth.MethodScopes.table().openMethods());
    List<ServerServiceDefinition> services =
        List.of(
            ServerInterceptors.intercept(
                new CourseGrpcService(
                    catalog,
                    null,
                    null,
                    blobs,
                    settings,
                    null,
                    dataDir.resolve("tmp"),
                    1024,
                    10,
                    launches),
                auth),
            ServerInterceptors.intercept(
                new PackageGrpcService(
                        packages,
                        null,
                        null,
                        null,
                        null,
                        directory,
                        "admin-token-0123456789",
                        10,
                        null,
                        launches)
                    .definition(),
                auth),
            ServerInterceptors.intercept(
                new ExportGrpcService(null, null, null, null, launches), auth));
    String name = "launch-" + UUID.randomUUID();
    InProcessServerBuilder builder = InProcessServerBuilder.forName(name);
    services.forEach(builder::addService);
    grpc = builder.build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    var netty =
        io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder.forAddress(
            new InetSocketAddress("127.0.0.1", 0));
    services.forEach(netty::addService);
    network = netty.build().start();
    var sb = Server.builder().http(new InetSocketAddress("127.0.0.1", 0));
    RestFront.configure(sb, services, channel, RestFrontOptions.defaults());
    http = sb.build();
    http.start().join();
    base[0] = base();
  }

  String base() {
    return "http://127.0.0.1:" + http.activeLocalPort();
  }

  /** A tenant with one key; answers {@code id:secret}. */
  String addTenant(String tenant) {
    store.tenants().insertTenant(new Tenant(tenant, tenant, Instant.EPOCH, Plan.PAID));
    String keyId = SecretHasher.generateKeyId();
    String secret = SecretHasher.generateSecret();
    store.tenants().insertKey(new ApiKey(keyId, tenant, hasher.hash(secret), Instant.EPOCH));
    return keyId + ":" + secret;
  }

  /**
   * A course with versions 0..{@code versions-1}, each with a stored package (or, with {@code
   * blobId} null, an authored course without one).
   */
  void addCourse(String tenant, String courseId, String title, int versions, String blobId) {
    store
        .courses()
        .insert(new Course(tenant, courseId, title, List.of(), T0, T0, versions - 1, versions));
    for (int v = 0; v < versions; v++) {
      store.versions().insert(version(tenant, courseId, v, title, blobId));
    }
  }

  static CourseVersion version(
      String tenant, String courseId, int version, String title, String blobId) {
    Activity root =
        new Activity(
            "org",
            "",
            ActivityType.AGGREGATION,
            "",
            title,
            "",
            List.of(
                new Activity(
                    "sco_1", "r1", ActivityType.SCO, "one/index.html", "One", "", List.of())));
    PackageDescription description =
        new PackageDescription(
            LearningStandard.SCORM12,
            "scorm-1.2",
            title,
            "About " + title,
            "one/index.html",
            1,
            1,
            root,
            CourseMetadata.empty(),
            List.of(),
            "imsmanifest.xml");
    return new CourseVersion(
        tenant,
        courseId,
        version,
        title,
        blobId,
        blobId == null ? 0 : 100,
        courseId + ".zip",
        description,
        new ValidationReport("scorm-1.2", LearningStandard.SCORM12, List.of(), List.of()),
        T0,
        T0);
  }

  private <S extends AbstractStub<S>> S withKey(S stub, String key) {
    Metadata m = new Metadata();
    m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
  }

  CourseServiceGrpc.CourseServiceBlockingStub courses(String key) {
    return withKey(CourseServiceGrpc.newBlockingStub(channel), key);
  }

  PackageServiceGrpc.PackageServiceBlockingStub packages(String key) {
    return withKey(PackageServiceGrpc.newBlockingStub(channel), key);
  }

  ExportServiceGrpc.ExportServiceBlockingStub exports(String key) {
    return withKey(ExportServiceGrpc.newBlockingStub(channel), key);
  }

  ExportServiceGrpc.ExportServiceBlockingStub anonymousExports() {
    return ExportServiceGrpc.newBlockingStub(channel);
  }

  /** An HTTP request to the REST front with {@code Authorization: Bearer key} (none when null). */
  Response send(String method, String path, String key, String json) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base() + path))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    b.header("Accept", "application/json");
    try {
      var r = client.send(b.build(), BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    http.stop().join();
    channel.shutdownNow();
    grpc.shutdownNow();
    network.shutdownNow();
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
}
