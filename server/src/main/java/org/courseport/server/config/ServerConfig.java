package org.courseport.server.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The server's configuration, read once from the environment in {@code Main} and passed to
 * constructors.
 *
 * @param grpcPort gRPC port ({@code COURSEPORT_GRPC_PORT}, 9090; 0 picks a free port)
 * @param httpPort REST/HTTP port ({@code COURSEPORT_HTTP_PORT}, 8080)
 * @param contentPort content origin port ({@code COURSEPORT_CONTENT_PORT}, 8081)
 * @param bindAddress address the gRPC and HTTP listeners bind to ({@code COURSEPORT_BIND_ADDRESS});
 *     null means every interface (IPv4 and IPv6), as before the variable existed
 * @param dataDir data directory ({@code COURSEPORT_DATA_DIR}, ./data)
 * @param mongoUri MongoDB URI ({@code MONGODB_URI}); null means the embedded store
 * @param embeddedFsync whether the embedded store forces every commit to the disk ({@code
 *     COURSEPORT_EMBEDDED_FSYNC}, false: commits reach the OS page cache, safe against a process
 *     crash but not against a power loss)
 * @param bootstrapKey {@code id:secret} for the first tenant ({@code COURSEPORT_BOOTSTRAP_KEY})
 * @param fetchAllowList hosts, IPs or CIDRs that fetches and postbacks may reach even though they
 *     are private or loopback ({@code COURSEPORT_FETCH_ALLOW}, comma-separated)
 * @param maxUploadBytes largest package accepted ({@code COURSEPORT_MAX_UPLOAD_BYTES}, 8 GiB)
 * @param importWorkers number of import worker threads ({@code COURSEPORT_IMPORT_WORKERS}, 2)
 * @param pageSize courses per GetCourses page ({@code COURSEPORT_PAGE_SIZE}, 100)
 * @param importTimeBudget how long one import job may run before it ends ERROR ({@code
 *     COURSEPORT_IMPORT_TIME_BUDGET_SECONDS}, 180)
 * @param delivery the delivery engine's settings (webhooks, postbacks)
 * @param environment the variables this was read from, for feature settings that read their own
 *     (for example the Allure package API's {@code PackageApiSettings})
 */
public record ServerConfig(
    int grpcPort,
    int httpPort,
    int contentPort,
    String bindAddress,
    Path dataDir,
    String mongoUri,
    boolean embeddedFsync,
    String bootstrapKey,
    List<String> fetchAllowList,
    long maxUploadBytes,
    int importWorkers,
    int pageSize,
    Duration importTimeBudget,
    DeliveryConfig delivery,
    Map<String, String> environment) {

  /** Reads the configuration from environment variables, with defaults. */
  public static ServerConfig fromEnvironment(Map<String, String> env) {
    MetricsConfig.fromEnvironment(env); // checked now, so that a wrong value stops the start
    embeddedMongoPort(env); // checked now as well
    blobStore(env);
    org.courseport.server.domain.ratelimit.RateLimits.fromEnvironment(env); // likewise
    requestTimeout(env);
    blockingThreads(env);
    courseViewCacheEntries(env);
    grpcThreads(env);
    return new ServerConfig(
        intValue(env, "COURSEPORT_GRPC_PORT", 9090),
        intValue(env, "COURSEPORT_HTTP_PORT", 8080),
        intValue(env, "COURSEPORT_CONTENT_PORT", 8081),
        bindAddress(env.get("COURSEPORT_BIND_ADDRESS")),
        Path.of(env.getOrDefault("COURSEPORT_DATA_DIR", "./data")).toAbsolutePath().normalize(),
        blankToNull(env.get("MONGODB_URI")),
        bool(env, "COURSEPORT_EMBEDDED_FSYNC"),
        blankToNull(env.get("COURSEPORT_BOOTSTRAP_KEY")),
        list(env.get("COURSEPORT_FETCH_ALLOW")),
        longValue(env, "COURSEPORT_MAX_UPLOAD_BYTES", 8L << 30),
        intValue(env, "COURSEPORT_IMPORT_WORKERS", 2),
        intValue(env, "COURSEPORT_PAGE_SIZE", 100),
        Duration.ofSeconds(positive(env, "COURSEPORT_IMPORT_TIME_BUDGET_SECONDS", 180)),
        DeliveryConfig.fromEnvironment(env),
        Map.copyOf(env));
  }

  /**
   * How long an HTTP request may take ({@code COURSEPORT_REQUEST_TIMEOUT_SECONDS}, 10, Armeria's
   * default); a REST request that takes longer answers 503 with {@code Retry-After}. Streaming
   * routes (uploads, downloads, exports) have no timeout.
   */
  public Duration requestTimeout() {
    return requestTimeout(environment);
  }

  private static Duration requestTimeout(Map<String, String> env) {
    return Duration.ofSeconds(positive(env, "COURSEPORT_REQUEST_TIMEOUT_SECONDS", 10));
  }

  /**
   * How many threads the HTTP API server runs its blocking work on ({@code
   * COURSEPORT_BLOCKING_THREADS}, 32): REST calls into the gRPC services, each a few short store
   * calls. Bounded because every such thread keeps its own thread-local buffers for as long as it
   * lives (Armeria's default pool grew to 200 of them; issue 12).
   */
  public int blockingThreads() {
    return blockingThreads(environment);
  }

  private static int blockingThreads(Map<String, String> env) {
    return threads(env, "COURSEPORT_BLOCKING_THREADS", 32);
  }

  /** A thread count: positive, at most 1024. */
  private static int threads(Map<String, String> env, String name, int fallback) {
    long n = positive(env, name, fallback);
    if (n > 1024) {
      throw new IllegalArgumentException(name + " must be 1..1024, got " + n);
    }
    return (int) n;
  }

  /**
   * How many threads run the gRPC server's calls ({@code COURSEPORT_GRPC_THREADS}, 32): a fork-join
   * pool ({@code BlockingPools.calls}); a call that blocks on the store holds one, so at most this
   * many calls run at once and the others queue.
   */
  public int grpcThreads() {
    return grpcThreads(environment);
  }

  private static int grpcThreads(Map<String, String> env) {
    return threads(env, "COURSEPORT_GRPC_THREADS", 32);
  }

  /**
   * How many latest course views each replica keeps for {@code GetCourse} ({@code
   * COURSEPORT_COURSE_VIEW_CACHE_ENTRIES}, 10,000; 0 keeps none). An entry is only used while the
   * calling key's course epoch is unchanged and for 2 seconds at most ({@code
   * org.courseport.server.domain.catalog.LatestViewCache}).
   */
  public int courseViewCacheEntries() {
    return courseViewCacheEntries(environment);
  }

  private static int courseViewCacheEntries(Map<String, String> env) {
    long n = longValue(env, "COURSEPORT_COURSE_VIEW_CACHE_ENTRIES", 10_000);
    if (n < 0 || n > 10_000_000) {
      throw new IllegalArgumentException(
          "COURSEPORT_COURSE_VIEW_CACHE_ENTRIES must be 0..10000000, got " + n);
    }
    return (int) n;
  }

  /** The management port's settings ({@code COURSEPORT_METRICS_*}). */
  public MetricsConfig metrics() {
    return MetricsConfig.fromEnvironment(environment);
  }

  /** Where blobs (package zips, exports, media) are kept ({@code COURSEPORT_BLOB_STORE}). */
  public enum BlobStoreKind {
    /** {@code file}: the data directory's {@code blobs/}; replicas must share that directory. */
    FILE,
    /** {@code gridfs}: GridFS in the MongoDB database, shared by every replica using it. */
    GRIDFS
  }

  /**
   * The loopback port the embedded store listens on ({@code COURSEPORT_EMBEDDED_MONGO_PORT}; unset
   * or 0: a free port), so that a second server process can use it through {@code MONGODB_URI}.
   * Ignored when {@code MONGODB_URI} is set.
   */
  public int embeddedMongoPort() {
    return embeddedMongoPort(environment);
  }

  /**
   * The blob store ({@code COURSEPORT_BLOB_STORE}: {@code file}, the default, or {@code gridfs}).
   */
  public BlobStoreKind blobStore() {
    return blobStore(environment);
  }

  private static int embeddedMongoPort(Map<String, String> env) {
    long port = longValue(env, "COURSEPORT_EMBEDDED_MONGO_PORT", 0);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "COURSEPORT_EMBEDDED_MONGO_PORT must be a port number 0..65535 (0: a free port), got "
              + port);
    }
    return (int) port;
  }

  private static BlobStoreKind blobStore(Map<String, String> env) {
    String raw = blankToNull(env.get("COURSEPORT_BLOB_STORE"));
    if (raw == null || raw.equalsIgnoreCase("file")) {
      return BlobStoreKind.FILE;
    }
    if (raw.equalsIgnoreCase("gridfs")) {
      return BlobStoreKind.GRIDFS;
    }
    throw new IllegalArgumentException(
        "COURSEPORT_BLOB_STORE must be file or gridfs, got '" + raw + "'");
  }

  private static long positive(Map<String, String> env, String name, long fallback) {
    long value = longValue(env, name, fallback);
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
    return value;
  }

  /** The listeners' socket address for {@code port}: the bind address, or the wildcard. */
  public InetSocketAddress listenAddress(int port) {
    return bindAddress == null
        ? new InetSocketAddress(port)
        : new InetSocketAddress(bindAddress, port);
  }

  private static String bindAddress(String raw) {
    String value = blankToNull(raw);
    if (value == null) {
      return null;
    }
    try {
      InetAddress.getByName(value);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "COURSEPORT_BIND_ADDRESS must be an IP address or a host name, got '" + value + "'", e);
    }
    return value;
  }

  private static boolean bool(Map<String, String> env, String name) {
    String raw = blankToNull(env.get(name));
    if (raw == null || raw.equalsIgnoreCase("false")) {
      return false;
    }
    if (raw.equalsIgnoreCase("true")) {
      return true;
    }
    throw new IllegalArgumentException(name + " must be true or false, got '" + raw + "'");
  }

  private static int intValue(Map<String, String> env, String name, int fallback) {
    return (int) longValue(env, name, fallback);
  }

  private static long longValue(Map<String, String> env, String name, long fallback) {
    String raw = blankToNull(env.get(name));
    if (raw == null) {
      return fallback;
    }
    try {
      return Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got '" + raw + "'", e);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static List<String> list(String raw) {
    if (raw == null || raw.isBlank()) {
      return List.of();
    }
    return List.of(raw.split("\\s*,\\s*"));
  }
}
