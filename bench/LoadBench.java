import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bson.Document;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.CourseServiceGrpc;
import org.courseport.api.v1.GetCourseRequest;

/**
 * Load benchmark driver, run by bench/load-bench.sh with the server jar as class path (Armeria,
 * grpc-java and the generated stubs are in it). It seeds one course through the SCORM Cloud upload
 * route, then drives four targets at saturation, closed loop ({@code concurrency} requests in
 * flight, each answer immediately followed by the next request), in the same run and on loopback:
 *
 * <ul>
 *   <li>{@code rest-course}: {@code GET /api/v2/courses/{id}} with HTTP Basic credentials, the
 *       SCORM Cloud dialect (REST → in-process gRPC → auth, embedded MongoDB, JSON transcoding);
 *   <li>{@code rest-trivial}: {@code GET /healthz} on the same Armeria server (no auth, no store);
 *   <li>{@code grpc-course}: {@code courseport.v1.CourseService/GetCourse} with credentials;
 *   <li>{@code grpc-trivial}: {@code grpc.health.v1.Health/Check} on the same gRPC server;
 *   <li>{@code store-find}: the store floor's read, the bench itself on the server's embedded
 *       store (its port from the server log): the course {@code find} one {@code GetCourse} does
 *       (the filter and projection of {@code MongoCourseRepository.findWithLatest}: {@code
 *       {tenantId, courseId}}, whole document);
 *   <li>{@code store-count}: the store floor's write: the key's count {@code findOneAndUpdate} one
 *       authenticated call does (the filter, update and write concern {@code {w: 1, j: false}} of
 *       {@code MongoKeyRateLimiter}, on the same key and {@code default} counter as the server's
 *       calls, under the limit of {@code COURSEPORT_RATE_LIMITS}).
 * </ul>
 *
 * <p>The store targets run the synchronous driver (default pool) on {@code concurrency} threads,
 * from this client JVM: one {@code GetCourse} costs at least one of each, so their rates bound
 * {@code GetCourse} under any design that counts each call in the store.
 *
 * <p>HTTP goes over HTTP/1.1 keep-alive connections (what SCORM Cloud clients use; one connection
 * per request in flight), gRPC over one HTTP/2 channel. Per round each target gets a warm-up
 * (unmeasured) then a measured stretch; the order of the targets rotates from round to round so that
 * no target always runs first. Every answer is checked (status 200 with the course id in the body,
 * gRPC OK with the course id, health SERVING); the run fails on any error. Reported: requests/s,
 * p50/p99/max latency, the server's CPU time per request (from /proc, so that the figures can be
 * compared on a shared machine) and each real route's ratio to its trivial twin.
 *
 * <p>The tenant holds {@code courses} courses (imported through the same route, 4 at a time, before
 * the measurement), so that a lookup whose cost grows with the number of courses shows. Before the
 * rounds, the server's CPU use while idle (its background work: job and delivery polling) is
 * measured for 10 s; the CPU per request is reported with that background share taken out.
 *
 * <p>Args: httpPort grpcPort key serverPid concurrency warmupSeconds measureSeconds rounds targets
 * courses [storeUri]
 */
public final class LoadBench {
  private static final long TICKS = 100; // USER_HZ on Linux
  private static final String COURSE_ID = "bench-load-course";

  private final String http;
  private final int grpcPort;
  private final String key;
  private final long pid;
  private final int concurrency;
  private final String basic;
  private final String storeUri;
  private double idleTicksPerSecond;

  private LoadBench(String[] a) {
    http = "http://127.0.0.1:" + a[0];
    grpcPort = Integer.parseInt(a[1]);
    key = a[2];
    pid = Long.parseLong(a[3]);
    concurrency = Integer.parseInt(a[4]);
    basic = "Basic " + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    storeUri = a.length > 10 && !a[10].isBlank() ? a[10] : null;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 8) {
      System.err.println(
          "args: httpPort grpcPort key serverPid concurrency warmupSeconds measureSeconds rounds"
              + " [targets] [courses] [storeUri]");
      System.exit(2);
    }
    LoadBench bench = new LoadBench(args);
    Duration warmup = Duration.ofSeconds(Long.parseLong(args[5]));
    Duration measure = Duration.ofSeconds(Long.parseLong(args[6]));
    int rounds = Integer.parseInt(args[7]);
    List<String> targets =
        List.of(
            (args.length > 8
                    ? args[8]
                    : "rest-trivial,rest-course,grpc-trivial,grpc-course,store-find,store-count")
                .split(","));
    int courses = args.length > 9 ? Integer.parseInt(args[9]) : 200;
    System.exit(bench.run(targets, warmup, measure, rounds, courses));
  }

  // ------------------------------------------------------------------------------------------

  /** One load target: sends a request and calls back with whether the answer was right. */
  private interface Target {
    void send(Done done);
  }

  private interface Done {
    void done(boolean ok, String problem);
  }

  /** Latencies and counts of one target over all its measured stretches. */
  private static final class Stats {
    final String name;
    long requests;
    double seconds;
    long serverCpuTicks;
    double backgroundTicks;
    long clientCpuNanos;
    final List<long[]> latencies = new ArrayList<>();
    final List<Double> perRoundRps = new ArrayList<>();

    Stats(String name) {
      this.name = name;
    }

    double rps() {
      return requests / seconds;
    }

    /** Server CPU per request, the idle server's background use taken out. */
    double cpuTicksPerRequest() {
      return Math.max(0, serverCpuTicks - backgroundTicks) / requests;
    }

    long[] sorted() {
      int n = latencies.stream().mapToInt(l -> l.length).sum();
      long[] all = new long[n];
      int i = 0;
      for (long[] l : latencies) {
        System.arraycopy(l, 0, all, i, l.length);
        i += l.length;
      }
      Arrays.sort(all);
      return all;
    }
  }

  private int run(
      List<String> names, Duration warmup, Duration measure, int rounds, int courseCount)
      throws Exception {
    seed(courseCount);
    long idle0 = serverCpuTicks();
    long idleStart = System.nanoTime();
    Thread.sleep(10_000); // measuring the idle server's CPU use over 10 s
    idleTicksPerSecond = (serverCpuTicks() - idle0) / ((System.nanoTime() - idleStart) / 1e9);
    System.out.printf(
        Locale.ROOT,
        "idle server CPU: %.1f ms per second (background work), taken out of the figures below%n",
        idleTicksPerSecond * 1000.0 / TICKS);
    ClientFactory factory =
        ClientFactory.builder()
            .idleTimeout(Duration.ofMinutes(5))
            .maxNumEventLoopsPerEndpoint(concurrency)
            .build();
    WebClient web =
        WebClient.builder(SessionProtocol.H1C, com.linecorp.armeria.client.Endpoint.of("127.0.0.1",
                Integer.parseInt(http.substring(http.lastIndexOf(':') + 1))))
            .factory(factory)
            .responseTimeoutMillis(30_000)
            .maxResponseLength(1 << 20)
            .build();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    Metadata auth = new Metadata();
    auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), basic);
    CourseServiceGrpc.CourseServiceStub courses =
        CourseServiceGrpc.newStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
    HealthGrpc.HealthStub health = HealthGrpc.newStub(channel);

    Map<String, Target> all = new LinkedHashMap<>();
    RequestHeaders trivial = RequestHeaders.of(HttpMethod.GET, "/healthz");
    RequestHeaders course =
        RequestHeaders.builder(HttpMethod.GET, "/api/v2/courses/" + COURSE_ID)
            .add("authorization", basic)
            .build();
    all.put(
        "rest-trivial",
        done ->
            web.execute(trivial)
                .aggregate()
                .whenComplete(
                    (r, e) -> check(done, r, e, "{\"status\":\"SERVING\"}")));
    all.put(
        "rest-course",
        done ->
            web.execute(course)
                .aggregate()
                .whenComplete((r, e) -> check(done, r, e, "\"id\":\"" + COURSE_ID + "\"")));
    HealthCheckRequest healthRequest = HealthCheckRequest.getDefaultInstance();
    all.put(
        "grpc-trivial",
        done ->
            health.check(
                healthRequest,
                new Observer<HealthCheckResponse>(
                    done,
                    r ->
                        r.getStatus() == HealthCheckResponse.ServingStatus.SERVING
                            ? null
                            : "status " + r.getStatus())));
    GetCourseRequest courseRequest = GetCourseRequest.newBuilder().setCourseId(COURSE_ID).build();
    all.put(
        "grpc-course",
        done ->
            courses.getCourse(
                courseRequest,
                new Observer<Course>(
                    done,
                    c -> COURSE_ID.equals(c.getId()) ? null : "course id " + c.getId())));

    MongoClient store = null;
    ExecutorService storeThreads = null;
    if (names.stream().anyMatch(n -> n.startsWith("store-"))) {
      if (storeUri == null) {
        throw new IllegalArgumentException(
            "the store-* targets need the embedded store's URI (11th argument)");
      }
      store = MongoClients.create(storeUri);
      storeThreads = Executors.newFixedThreadPool(concurrency);
      addStoreTargets(all, store, storeThreads);
    }

    Map<String, Stats> stats = new LinkedHashMap<>();
    for (String n : names) {
      if (!all.containsKey(n)) {
        throw new IllegalArgumentException("unknown target " + n + "; known: " + all.keySet());
      }
      stats.put(n, new Stats(n));
    }
    System.out.printf(
        Locale.ROOT,
        "== %d in flight, per round per target %d s warm-up + %d s measured, %d rounds ==%n",
        concurrency,
        warmup.toSeconds(),
        measure.toSeconds(),
        rounds);
    System.out.println("load average at start: " + loadAverage());
    AtomicLong errors = new AtomicLong();
    List<String> order = new ArrayList<>(names);
    jitWarmup(order, all, errors);
    for (int round = 0; round < rounds; round++) {
      for (String n : order) {
        Target t = all.get(n);
        drive(t, warmup, null, errors);
        Stats s = stats.get(n);
        long cpu0 = serverCpuTicks();
        long client0 = clientCpuNanos();
        long start = System.nanoTime();
        long[] lat = drive(t, measure, s, errors);
        double secs = (System.nanoTime() - start) / 1e9;
        s.serverCpuTicks += serverCpuTicks() - cpu0;
        s.backgroundTicks += idleTicksPerSecond * secs;
        s.clientCpuNanos += clientCpuNanos() - client0;
        s.requests += lat.length;
        s.seconds += secs;
        s.latencies.add(lat);
        s.perRoundRps.add(lat.length / secs);
        System.out.printf(
            Locale.ROOT,
            "round %d %-13s %9.0f req/s  (load %s; measured until %tT UTC)%n",
            round + 1,
            n,
            lat.length / secs,
            loadAverage(),
            java.time.LocalTime.now(java.time.ZoneOffset.UTC));
      }
      order.add(order.remove(0)); // rotate: no target always goes first
    }
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    factory.close();
    if (store != null) {
      storeThreads.shutdownNow();
      store.close();
    }

    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%-13s %10s %9s %9s %9s %12s %12s  %s%n",
        "target",
        "req/s",
        "p50 ms",
        "p99 ms",
        "max ms",
        "server µs/req",
        "client µs/req",
        "per round req/s");
    for (Stats s : stats.values()) {
      long[] sorted = s.sorted();
      System.out.printf(
          Locale.ROOT,
          "%-13s %10.0f %9.2f %9.2f %9.1f %12.0f %12.0f  %s%n",
          s.name,
          s.rps(),
          pct(sorted, 0.50) / 1e6,
          pct(sorted, 0.99) / 1e6,
          sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
          s.requests == 0 ? 0 : s.cpuTicksPerRequest() * (1e6 / TICKS),
          s.requests == 0 ? 0 : s.clientCpuNanos / 1e3 / s.requests,
          s.perRoundRps.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList());
    }
    ratio(stats, "rest-course", "rest-trivial", " (target >= 0.5x)");
    ratio(stats, "grpc-course", "grpc-trivial", " (target >= 0.5x)");
    ratio(stats, "store-find", "grpc-trivial", "");
    ratio(stats, "store-count", "grpc-trivial", "");
    ratio(stats, "grpc-course", "store-count", "");
    Stats find = stats.get("store-find");
    Stats count = stats.get("store-count");
    if (find != null && count != null && find.requests > 0 && count.requests > 0) {
      System.out.printf(
          Locale.ROOT,
          "store floor of one GetCourse (one find and one count, in sequence): about %.0f req/s"
              + " (1 / (1/find + 1/count))%n",
          1 / (1 / find.rps() + 1 / count.rps()));
    }
    System.out.println("load average at end: " + loadAverage());
    System.out.println("errors: " + errors.get());
    return errors.get() == 0 ? 0 : 1;
  }

  /**
   * The store floor's targets, on the embedded store the server runs: the same store commands one
   * {@code GetCourse} sends (see the class comment), each run by a blocking driver call on one of
   * {@code threads}.
   */
  private void addStoreTargets(
      Map<String, Target> all, MongoClient client, ExecutorService threads) {
    var database = client.getDatabase("courseport");
    MongoCollection<Document> courses = database.getCollection("courses");
    // The rate counts' write concern (MongoKeyRateLimiter.COUNT_WRITE_CONCERN).
    MongoCollection<Document> keys =
        database.getCollection("apiKeys").withWriteConcern(WriteConcern.W1.withJournal(false));
    String keyId = key.substring(0, key.indexOf(':'));
    Document keyDoc = keys.find(Filters.eq("keyId", keyId)).first();
    if (keyDoc == null) {
      throw new IllegalStateException("no key " + keyId + " in " + storeUri);
    }
    String tenantId = keyDoc.getString("tenantId");
    // The limit the server counts GetCourse against (its class: default), from the same setting.
    var applied =
        org.courseport.server.domain.ratelimit.RateLimits.parse(
                System.getenv("COURSEPORT_RATE_LIMITS"))
            .forClass("default");
    if (applied == null) {
      throw new IllegalStateException("store-count needs rate limits on (COURSEPORT_RATE_LIMITS)");
    }
    long windowMillis = applied.limit().window().toMillis();
    long requests = applied.limit().requests();
    String window = "rl." + applied.counter();
    Document courseFilter = new Document("tenantId", tenantId).append("courseId", COURSE_ID);
    FindOneAndUpdateOptions after = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);
    all.put(
        "store-find",
        done ->
            threads.execute(
                () -> {
                  Document c;
                  try {
                    c = courses.find(courseFilter).first();
                  } catch (RuntimeException e) {
                    done.done(false, e.toString());
                    return;
                  }
                  done.done(
                      c != null && COURSE_ID.equals(c.getString("courseId")),
                      "course " + COURSE_ID + " not found");
                }));
    all.put(
        "store-count",
        done ->
            threads.execute(
                () -> {
                  Document counted = null;
                  try {
                    // As the limiter: count; at a new window open it (only while the stored one is
                    // older); when another client opened it in between, count again. The window
                    // start is read again on every attempt: a request that read the clock just
                    // before a window boundary and lost the CPU until another thread had opened the
                    // next window would otherwise match neither filter in any attempt.
                    for (int attempt = 0; attempt < 16 && counted == null; attempt++) {
                      long start =
                          Math.floorDiv(System.currentTimeMillis(), windowMillis) * windowMillis;
                      counted =
                          keys.findOneAndUpdate(
                              Filters.and(
                                  Filters.eq("keyId", keyId),
                                  Filters.eq("revokedAt", null),
                                  Filters.eq(window + ".w", start),
                                  Filters.lt(window + ".n", requests)),
                              Updates.inc(window + ".n", 1L),
                              after);
                      if (counted == null) {
                        counted =
                            keys.findOneAndUpdate(
                                Filters.and(
                                    Filters.eq("keyId", keyId),
                                    Filters.eq("revokedAt", null),
                                    Filters.or(
                                        Filters.exists(window + ".w", false),
                                        Filters.lt(window + ".w", start))),
                                Updates.set(window, new Document("w", start).append("n", 1L)),
                                after);
                      }
                    }
                  } catch (RuntimeException e) {
                    done.done(false, e.toString());
                    return;
                  }
                  done.done(counted != null, "count matched nothing (key revoked or at the limit)");
                }));
  }

  /**
   * The JIT warm-up before the rounds: on 2 cores C2 keeps compiling for 60-90 s of saturated load
   * (longer on a loaded machine), far longer than a round's per-target warm-up. Drives every
   * selected target (the trivial twins too) in turn, {@code BENCH_JIT_SLICE} s each (default 5),
   * for at least {@code BENCH_JIT_WARMUP} s (default 60; 0 skips the phase), then goes on while the
   * server's JIT compilers still spent more than {@code BENCH_JIT_SETTLED} ms per second (default
   * 30) over the last cycle through the targets, for at most {@code BENCH_JIT_WARMUP_MAX} s
   * (default 3x the minimum). The compile count and time come from {@code jstat -compiler} on the
   * server's pid; without jstat the minimum alone applies. The count alone is a poor signal: late
   * C2 compilations are few but large.
   */
  private void jitWarmup(List<String> order, Map<String, Target> all, AtomicLong errors)
      throws InterruptedException {
    long min = envLong("BENCH_JIT_WARMUP", 60);
    if (min <= 0) {
      return;
    }
    long max = Math.max(min, envLong("BENCH_JIT_WARMUP_MAX", 3 * min));
    Duration slice = Duration.ofSeconds(Math.max(1, envLong("BENCH_JIT_SLICE", 5)));
    long settled = envLong("BENCH_JIT_SETTLED", 30);
    long start = System.nanoTime();
    long[] first = serverJit();
    long[] last = first;
    double msPerSecond = Double.NaN;
    while (true) {
      long cycleStart = System.nanoTime();
      for (String n : order) {
        drive(all.get(n), slice, null, errors);
      }
      long[] now = serverJit();
      double cycleSeconds = (System.nanoTime() - cycleStart) / 1e9;
      double elapsed = (System.nanoTime() - start) / 1e9;
      boolean known = now != null && last != null;
      msPerSecond = known ? (now[1] - last[1]) / cycleSeconds : Double.NaN;
      System.out.printf(
          Locale.ROOT,
          "JIT warm-up %4.0f s: %s compiles/s, %s ms compiling per s, over the last cycle (load %s)%n",
          elapsed,
          known ? String.format(Locale.ROOT, "%.0f", (now[0] - last[0]) / cycleSeconds) : "?",
          known ? String.format(Locale.ROOT, "%.0f", msPerSecond) : "?",
          loadAverage());
      last = now;
      if (elapsed >= max || (elapsed >= min && (!known || msPerSecond <= settled))) {
        break;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "JIT warm-up done after %.0f s, %s methods compiled meanwhile, %s%n",
        (System.nanoTime() - start) / 1e9,
        first == null || last == null ? "?" : Long.toString(last[0] - first[0]),
        Double.isNaN(msPerSecond) || msPerSecond <= settled
            ? "settled"
            : "NOT settled (BENCH_JIT_WARMUP_MAX reached)");
  }

  /**
   * The server JVM's JIT totals from {@code jstat -compiler}: methods compiled and milliseconds
   * spent compiling; null if unknown.
   */
  private long[] serverJit() {
    try {
      Process p =
          new ProcessBuilder("jstat", "-compiler", Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        return null;
      }
      String[] lines = out.trim().split("\\n");
      String[] f = lines[lines.length - 1].trim().split("\\s+");
      // Compiled Failed Invalid Time(s) FailedType FailedMethod
      return new long[] {Long.parseLong(f[0]), Math.round(Double.parseDouble(f[3]) * 1000)};
    } catch (IOException | RuntimeException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static long envLong(String name, long fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : Long.parseLong(v.trim());
  }

  private static void ratio(Map<String, Stats> stats, String real, String trivial, String note) {
    Stats r = stats.get(real);
    Stats t = stats.get(trivial);
    if (r == null || t == null || t.requests == 0) {
      return;
    }
    long[] rs = r.sorted();
    long[] ts = t.sorted();
    System.out.printf(
        Locale.ROOT,
        "%s / %s: throughput %.2fx%s, p50 %.2fx, p99 %.2fx, server CPU per request %.2fx%n",
        real,
        trivial,
        r.rps() / t.rps(),
        note,
        (double) pct(rs, 0.5) / pct(ts, 0.5),
        (double) pct(rs, 0.99) / pct(ts, 0.99),
        r.cpuTicksPerRequest() / t.cpuTicksPerRequest());
  }

  private static long pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  /**
   * Keeps {@code concurrency} requests of {@code t} in flight for {@code length}; returns the
   * latencies (ns) of the requests that started and ended inside the stretch when {@code stats} is
   * not null.
   */
  private long[] drive(Target t, Duration length, Stats stats, AtomicLong errors)
      throws InterruptedException {
    long end = System.nanoTime() + length.toNanos();
    int cap = 1 << 22;
    long[] lat = stats == null ? null : new long[cap];
    AtomicInteger n = new AtomicInteger();
    CountDownLatch finished = new CountDownLatch(concurrency);
    AtomicReference<String> firstProblem = new AtomicReference<>();
    for (int i = 0; i < concurrency; i++) {
      new Runner(t, end, lat, n, finished, errors, firstProblem).next();
    }
    if (!finished.await(length.toSeconds() + 60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("requests still in flight 60 s after the stretch ended");
    }
    if (firstProblem.get() != null) {
      System.out.println("  first error: " + firstProblem.get());
    }
    return lat == null ? new long[0] : Arrays.copyOf(lat, Math.min(n.get(), cap));
  }

  /** One closed-loop client: sends the next request as soon as the previous one is answered. */
  private static final class Runner implements Done {
    private final Target target;
    private final long end;
    private final long[] lat;
    private final AtomicInteger n;
    private final CountDownLatch finished;
    private final AtomicLong errors;
    private final AtomicReference<String> firstProblem;
    private long started;

    Runner(
        Target target,
        long end,
        long[] lat,
        AtomicInteger n,
        CountDownLatch finished,
        AtomicLong errors,
        AtomicReference<String> firstProblem) {
      this.target = target;
      this.end = end;
      this.lat = lat;
      this.n = n;
      this.finished = finished;
      this.errors = errors;
      this.firstProblem = firstProblem;
    }

    void next() {
      started = System.nanoTime();
      if (started >= end) {
        finished.countDown();
        return;
      }
      try {
        target.send(this);
      } catch (RuntimeException e) {
        done(false, e.toString());
      }
    }

    @Override
    public void done(boolean ok, String problem) {
      long now = System.nanoTime();
      if (!ok) {
        errors.incrementAndGet();
        firstProblem.compareAndSet(null, problem);
      } else if (lat != null && now <= end) {
        int i = n.getAndIncrement();
        if (i < lat.length) {
          lat[i] = now - started;
        }
      }
      next();
    }
  }

  private static void check(Done done, AggregatedHttpResponse r, Throwable e, String expected) {
    if (e != null) {
      done.done(false, e.toString());
    } else if (r.status().code() != 200) {
      done.done(false, "HTTP " + r.status() + ": " + r.contentUtf8());
    } else if (!r.contentUtf8().contains(expected)) {
      done.done(false, "body without " + expected + ": " + r.contentUtf8());
    } else {
      done.done(true, null);
    }
  }

  /** A gRPC unary observer that checks the answer with {@code check} (null means right). */
  private static final class Observer<T> implements StreamObserver<T> {
    private final Done done;
    private final java.util.function.Function<T, String> check;
    private String problem = "no answer";

    Observer(Done done, java.util.function.Function<T, String> check) {
      this.done = done;
      this.check = check;
    }

    @Override
    public void onNext(T value) {
      problem = check.apply(value);
    }

    @Override
    public void onError(Throwable t) {
      done.done(false, Status.fromThrowable(t).toString());
    }

    @Override
    public void onCompleted() {
      done.done(problem == null, problem);
    }
  }

  // ------------------------------------------------------------------------------------------

  /**
   * Imports {@code count} courses through the SCORM Cloud upload route, 4 at a time; the routes
   * under load read the first, {@link #COURSE_ID}. Courses already there (a kept data directory)
   * are not imported again.
   */
  private void seed(int count) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long t0 = System.nanoTime();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    List<java.util.concurrent.Future<Boolean>> imports = new ArrayList<>();
    for (int i = 0; i < Math.max(1, count); i++) {
      String id = i == 0 ? COURSE_ID : "bench-load-" + i;
      int scos = 1 + i % 12;
      imports.add(pool.submit(() -> importCourse(client, id, scos)));
    }
    int imported = 0;
    for (var f : imports) {
      imported += f.get() ? 1 : 0;
    }
    pool.shutdown();
    System.out.printf(
        Locale.ROOT,
        "seeded %d courses (%d imported now) in %.1f s; the load reads %s%n",
        imports.size(),
        imported,
        (System.nanoTime() - t0) / 1e9,
        COURSE_ID);
  }

  private boolean importCourse(HttpClient client, String id, int scos) throws Exception {
    HttpResponse<String> existing =
        client.send(
            HttpRequest.newBuilder(URI.create(http + "/api/v2/courses/" + id))
                .header("Authorization", basic)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (existing.statusCode() == 200) {
      return false;
    }
    String boundary = "bench" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"course.zip\"\r\n"
                + "Content-Type: application/zip\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(scorm12("Load benchmark course " + id, scos));
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> started =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(http + "/api/v2/courses/importJobs/upload?courseId=" + id))
                .header("Authorization", basic)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (started.statusCode() != 200) {
      throw new IllegalStateException("upload answered " + started.statusCode() + started.body());
    }
    Matcher m = Pattern.compile("\"result\"\\s*:\\s*\"([^\"]+)\"").matcher(started.body());
    if (!m.find()) {
      throw new IllegalStateException("no job id in " + started.body());
    }
    String job = m.group(1);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      HttpResponse<String> status =
          client.send(
              HttpRequest.newBuilder(URI.create(http + "/api/v2/courses/importJobs/" + job))
                  .header("Authorization", basic)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (status.body().contains("\"COMPLETE\"")) {
        return true;
      }
      if (!status.body().contains("\"RUNNING\"")) {
        throw new IllegalStateException("import job: " + status.body());
      }
      Thread.sleep(100); // polling an asynchronous job, not synchronising threads
    }
    throw new IllegalStateException("import job " + job + " still RUNNING after 5 minutes");
  }

  /** A SCORM 1.2 package with {@code scos} SCOs, each an HTML page. */
  static byte[] scorm12(String title, int scos) throws IOException {
    StringBuilder items = new StringBuilder();
    StringBuilder resources = new StringBuilder();
    for (int i = 1; i <= scos; i++) {
      items.append(
          """
                <item identifier="ITEM-%1$d" identifierref="RES-%1$d"><title>Lesson %1$d</title></item>
          """
              .formatted(i));
      resources.append(
          """
              <resource identifier="RES-%1$d" type="webcontent" adlcp:scormtype="sco" href="l%1$d.html">
                <file href="l%1$d.html"/>
              </resource>
          """
              .formatted(i));
    }
    String manifest =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest identifier="MANIFEST-1" version="1.0"
            xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
            xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
          <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
          <organizations default="ORG-1">
            <organization identifier="ORG-1">
              <title>%s</title>
        %s    </organization>
          </organizations>
          <resources>
        %s  </resources>
        </manifest>
        """
            .formatted(title, items, resources);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      out.putNextEntry(new ZipEntry("imsmanifest.xml"));
      out.write(manifest.getBytes(StandardCharsets.UTF_8));
      for (int i = 1; i <= scos; i++) {
        out.putNextEntry(new ZipEntry("l" + i + ".html"));
        out.write(
            ("<!DOCTYPE html><html><head><title>Lesson "
                    + i
                    + "</title></head><body><h1>Lesson "
                    + i
                    + "</h1><p>"
                    + "Text of the lesson. ".repeat(40 + i)
                    + "</p></body></html>")
                .getBytes(StandardCharsets.UTF_8));
      }
    }
    return bytes.toByteArray();
  }

  // ------------------------------------------------------------------------------------------

  private long serverCpuTicks() {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
    } catch (IOException e) {
      return 0;
    }
  }

  private static long clientCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }
}
