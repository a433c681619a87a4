package org.courseport.server.testing;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.courseport.api.v1.CourseServiceGrpc;
import org.courseport.server.CourseportServer;
import org.courseport.server.auth.SecretHasher;
import org.courseport.server.config.ServerConfig;
import org.courseport.server.domain.tenant.ApiKey;
import org.courseport.server.domain.tenant.Tenant;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real Courseport (embedded MongoDB in a temporary data directory, gRPC and HTTP on free
 * ports) once per test class. Register it as a {@code static} field with
 * {@code @RegisterExtension}.
 */
public final class CourseportServerExtension implements BeforeAllCallback, AfterAllCallback {
  /** The key of the default tenant. */
  public static final String KEY = "test-app:test-secret";

  private final Map<String, String> env = new HashMap<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private Path dataDir;
  private CourseportServer server;
  private java.time.Clock clock = java.time.Clock.systemUTC();

  /** Runs the server on {@code clock} (for example an AdjustableClock the test moves). */
  public CourseportServerExtension withClock(java.time.Clock clock) {
    this.clock = clock;
    return this;
  }

  /** Adds an environment setting (for example {@code COURSEPORT_PAGE_SIZE}). */
  public CourseportServerExtension with(String name, String value) {
    env.put(name, value);
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dataDir = Files.createTempDirectory("courseport-test-");
    env.put("COURSEPORT_GRPC_PORT", "0");
    env.put("COURSEPORT_HTTP_PORT", "0");
    env.put("COURSEPORT_CONTENT_PORT", "0");
    env.putIfAbsent("COURSEPORT_METRICS_PORT", "0");
    // Rate limiting runs (one count per call, headers on every answer) but so high that a test's
    // polling and parallel calls with one key never meet it; rate-limit tests set their own.
    env.putIfAbsent("COURSEPORT_RATE_LIMITS", "default=1000000/60s,export=1000000/60s");
    env.put("COURSEPORT_DATA_DIR", dataDir.toString());
    env.put("COURSEPORT_BOOTSTRAP_KEY", KEY);
    server = CourseportServer.start(ServerConfig.fromEnvironment(env), clock);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    channels.forEach(ManagedChannel::shutdownNow);
    if (server != null) {
      server.close();
    }
    TestFiles.deleteTree(dataDir);
  }

  public CourseportServer server() {
    return server;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Base URI of the REST front, e.g. {@code http://127.0.0.1:PORT}. */
  public URI http() {
    return URI.create("http://127.0.0.1:" + server.httpPort());
  }

  /** A plaintext channel to the gRPC port, closed after the class. */
  public ManagedChannel channel() {
    ManagedChannel c =
        NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
    channels.add(c);
    return c;
  }

  /**
   * An in-process channel to the same (intercepted) services, closed after the class. Standard
   * health and reflection live only on the network port ({@link #channel()}).
   */
  public ManagedChannel inProcessChannel() {
    ManagedChannel c = InProcessChannelBuilder.forName(server.inProcessName()).build();
    channels.add(c);
    return c;
  }

  /** An in-process blocking stub authenticated with {@code key} ({@code id:secret}). */
  public CourseServiceGrpc.CourseServiceBlockingStub blocking(String key) {
    return CourseServiceGrpc.newBlockingStub(inProcessChannel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth(key)));
  }

  /**
   * A blocking stub over the network port ({@link #channel()}), authenticated with {@code key}: the
   * calls go through the gRPC server's own transport and call executor.
   */
  public CourseServiceGrpc.CourseServiceBlockingStub networkBlocking(String key) {
    return CourseServiceGrpc.newBlockingStub(channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth(key)));
  }

  /** An in-process async stub authenticated with {@code key}. */
  public CourseServiceGrpc.CourseServiceStub async(String key) {
    return CourseServiceGrpc.newStub(inProcessChannel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth(key)));
  }

  /** The {@code Authorization} header value (HTTP Basic) of a key. */
  public static String basic(String key) {
    return "Basic " + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  private static Metadata auth(String key) {
    Metadata m = new Metadata();
    m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), basic(key));
    return m;
  }

  /** Creates another tenant with its own key; returns the key as {@code id:secret}. */
  public String newTenant() {
    String tenantId = "tenant-" + UUID.randomUUID();
    String keyId = "key-" + UUID.randomUUID();
    String secret = SecretHasher.generateSecret();
    var tenants = server.services().tenants();
    tenants.insertTenant(new Tenant(tenantId, tenantId, Instant.now()));
    tenants.insertKey(
        new ApiKey(keyId, tenantId, server.services().hasher().hash(secret), Instant.now()));
    return keyId + ":" + secret;
  }

  /** Files under the data directory (to check that nothing is left behind). */
  public List<Path> filesUnder(String relative) {
    try (var s = Files.walk(dataDir.resolve(relative))) {
      return s.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
