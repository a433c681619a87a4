package org.courseport.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import com.mongodb.client.MongoCollection;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bson.Document;
import org.courseport.server.CourseportServer;
import org.courseport.server.config.ServerConfig;
import org.courseport.server.testing.TestPackages;

/**
 * Commit latency of launch sessions under load (issue 11, "Speed"), against baselines measured in
 * the same run. A {@link CourseportServer} on a fresh data directory (embedded MongoDB, every port
 * free), a SCORM 1.2 course imported through the SCORM Cloud upload route, then {@code sessions}
 * launch sessions started through the Allure route ({@code POST /api/v1/packages/{id}/launch}),
 * each opened the way a browser does ({@code GET launch_url} → 303 → {@code GET /s/{d}/}, the
 * player page, whose {@code cp-launch} data names the commit URL and the SCO). Then one virtual
 * learner per session POSTs a realistic commit body (scorm-again's SCORM 1.2 CMI JSON, 2–4 KB with
 * {@code suspend_data}) every {@code interval} seconds for {@code duration} seconds with the JDK
 * {@link HttpClient} (HTTP/1.1, keep-alive, as a browser's fetch), the learners' first commits
 * spread evenly over the first interval. The same load shape runs against two baselines in the same
 * JVM and run:
 *
 * <ul>
 *   <li>{@code insert}: a trivial Armeria endpoint on its own port that parses the same bodies and
 *       stores each with one {@code insertOne} into a collection of the same embedded MongoDB (the
 *       least a durable commit can cost here);
 *   <li>{@code static}: a {@code GET} of the package's {@code index.html} from the content origin
 *       through each learner's delivery token (the cheapest request the content origin answers).
 * </ul>
 *
 * The three loads alternate in blocks of three intervals (insert, commit, static, insert, …) so
 * that the shared machine's changing load weighs on all of them alike; each block starts after an
 * unreported warm-up of every target. Latency is each request's service time (send → full
 * response). A learner whose answer arrives after its next commit was due sends the next one at
 * once and counts as {@code late}. After the commit phase every session is read back ({@code GET
 * /api/v1/packages/{id}/sessions/{sid}}): its {@code location} must be the last committed bookmark.
 * Usage: {@code CommitLatencyBench outDir [sessions] [durationSeconds] [intervalSeconds]}.
 */
public final class CommitLatencyBench {
  private CommitLatencyBench() {}

  private static final String KEY_ID = "bench-app";
  private static final String KEY = KEY_ID + ":bench-secret";
  private static final String COURSE = "commit-bench";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Intervals per block; the loads alternate block by block. */
  private static final int BLOCK_ROUNDS = 3;

  private static final Pattern LAUNCH_DATA =
      Pattern.compile(
          "<script[^>]*id=\"cp-launch\"[^>]*>(.*?)</script>", Pattern.DOTALL | Pattern.MULTILINE);

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "bench/out/commit-latency").toAbsolutePath();
    int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int durationSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 180;
    int intervalSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    Path data = out.resolve("server-data");
    deleteTree(data);
    Files.createDirectories(data);
    Map<String, String> env = new HashMap<>();
    env.put("COURSEPORT_GRPC_PORT", "0");
    env.put("COURSEPORT_HTTP_PORT", "0");
    env.put("COURSEPORT_CONTENT_PORT", "0");
    env.put("COURSEPORT_METRICS_PORT", "0");
    env.put("COURSEPORT_DATA_DIR", data.toString());
    env.put("COURSEPORT_BOOTSTRAP_KEY", KEY);
    ExecutorService clientPool = Executors.newFixedThreadPool(4, daemon("bench-client"));
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(clientPool)
            .build();
    try (CourseportServer server = CourseportServer.start(ServerConfig.fromEnvironment(env))) {
      MongoCollection<Document> baselineCollection =
          server.services().store().database().getCollection("benchBaselineCommits");
      Server baseline = baselineServer(baselineCollection);
      baseline.start().join();
      try {
        run(
            http,
            URI.create("http://127.0.0.1:" + server.httpPort()),
            URI.create("http://127.0.0.1:" + baseline.activeLocalPort()),
            sessions,
            durationSeconds,
            intervalSeconds,
            baselineCollection);
      } finally {
        baseline.stop().join();
      }
    } finally {
      clientPool.shutdownNow();
      deleteTree(data);
    }
  }

  /** The baseline: parse the body, one insertOne into the same MongoDB, answer {"ok":true}. */
  private static Server baselineServer(MongoCollection<Document> collection) {
    return Server.builder()
        .http(new java.net.InetSocketAddress("127.0.0.1", 0))
        .service(
            "/baseline/commit",
            (ctx, req) ->
                HttpResponse.of(
                    req.aggregate()
                        .thenApplyAsync(
                            agg -> {
                              collection.insertOne(Document.parse(agg.contentUtf8()));
                              return HttpResponse.of(
                                  HttpStatus.OK, MediaType.JSON_UTF_8, "{\"ok\":true}");
                            },
                            ctx.blockingTaskExecutor())))
        .build();
  }

  private static void run(
      HttpClient http,
      URI api,
      URI baselineBase,
      int sessions,
      int durationSeconds,
      int intervalSeconds,
      MongoCollection<Document> baselineCollection)
      throws Exception {
    long t = System.nanoTime();
    importCourse(http, api);
    System.out.printf(
        Locale.ROOT,
        "course %s imported in %.0f ms; processors %d, load %s%n",
        COURSE,
        ms(t),
        Runtime.getRuntime().availableProcessors(),
        load());

    t = System.nanoTime();
    List<Learner> learners = new ArrayList<>();
    List<Double> launchMs = new ArrayList<>();
    List<Double> openMs = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      Learner l = launchAndOpen(http, api, i, launchMs, openMs);
      learners.add(l);
    }
    System.out.printf(
        Locale.ROOT,
        "%d sessions launched and opened in %.1f s: LaunchPackage median %.1f ms (p99 %.1f),"
            + " open (launch_url 303 + player page) median %.1f ms (p99 %.1f); SCO %s, commit"
            + " URL %s%n",
        sessions,
        ms(t) / 1000,
        percentile(launchMs, 50),
        percentile(launchMs, 99),
        percentile(openMs, 50),
        percentile(openMs, 99),
        learners.get(0).itemId,
        learners.get(0).commitUrl.getPath().replaceAll("/s/[^/]+/", "/s/{d}/"));

    int bodyMin = Integer.MAX_VALUE;
    int bodyMax = 0;
    long bodySum = 0;
    for (Learner l : learners) {
      int n = l.body(1).length;
      bodyMin = Math.min(bodyMin, n);
      bodyMax = Math.max(bodyMax, n);
      bodySum += n;
    }
    System.out.printf(
        Locale.ROOT,
        "commit bodies: %d–%d bytes, mean %d (suspend_data %d–%d characters)%n",
        bodyMin,
        bodyMax,
        bodySum / learners.size(),
        Learner.SUSPEND_MIN,
        Learner.SUSPEND_MAX);

    URI baselineUri = baselineBase.resolve("/baseline/commit");
    Function<Learner, HttpRequest> commit =
        l ->
            HttpRequest.newBuilder(l.commitUrl)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofByteArray(l.body(l.seq.incrementAndGet())))
                .build();
    Function<Learner, HttpRequest> insert =
        l ->
            HttpRequest.newBuilder(baselineUri)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofByteArray(l.body(l.baselineSeq.incrementAndGet())))
                .build();
    Function<Learner, HttpRequest> fetchStatic =
        l -> HttpRequest.newBuilder(l.staticUrl).GET().build();

    // Warm-up, unreported: every learner three times against each target, back to back.
    for (Function<Learner, HttpRequest> target : List.of(insert, commit, fetchStatic)) {
      Phase warm = Phase.run(http, learners, target, 3, 0, 16);
      if (warm.errors.get() > 0) {
        throw new IllegalStateException("warm-up failed: " + warm.firstErrors);
      }
    }

    // The loads alternate in blocks of BLOCK_ROUNDS intervals, so that the machine's changing load
    // weighs on all of them alike. The first writes after a write-free stretch (the static block)
    // are slower (the embedded store's maintenance runs while it is idle), so the two writing
    // loads swap places block by block: static, insert, commit | static, commit, insert | …
    int blocks =
        Math.max(2, (rounds(durationSeconds, intervalSeconds) + BLOCK_ROUNDS - 1) / BLOCK_ROUNDS);
    blocks += blocks % 2;
    List<String> order = List.of("static", "insert", "commit");
    Map<String, Phase> phases = new HashMap<>();
    for (int block = 1; block <= blocks; block++) {
      List<String> names = block % 2 == 1 ? order : List.of("static", "commit", "insert");
      for (String name : names) {
        Function<Learner, HttpRequest> target =
            switch (name) {
              case "insert" -> insert;
              case "commit" -> commit;
              default -> fetchStatic;
            };
        String before = load();
        Phase p = Phase.run(http, learners, target, BLOCK_ROUNDS, intervalSeconds, learners.size());
        phases.computeIfAbsent(name, n -> new Phase()).add(p);
        System.out.printf(
            Locale.ROOT,
            "block %d %-6s %s (load %s → %s)%n",
            block,
            name,
            p.summary(),
            before,
            load());
      }
    }
    for (String name : order) {
      System.out.printf(Locale.ROOT, "all    %-6s %s%n", name, phases.get(name).summary());
    }

    // Read every session back: the bookmark of its last commit is stored.
    int wrong = 0;
    String firstWrong = null;
    for (Learner l : learners) {
      HttpRequest req =
          HttpRequest.newBuilder(
                  api.resolve("/api/v1/packages/" + COURSE + "/sessions/" + l.sessionId))
              .header("X-API-Key", KEY)
              .GET()
              .build();
      var res = http.send(req, BodyHandlers.ofString());
      String expected = Learner.location(l.seq.get());
      if (res.statusCode() != 200
          || !expected.equals(JSON.readTree(res.body()).path("location").asText())) {
        wrong++;
        if (firstWrong == null) {
          firstWrong = res.statusCode() + " " + res.body() + " (expected " + expected + ")";
        }
      }
    }
    long baselineDocs = baselineCollection.countDocuments();
    System.out.printf(
        Locale.ROOT,
        "read back: %d of %d sessions hold their last committed location%s; baseline collection:"
            + " %d documents%n",
        learners.size() - wrong,
        learners.size(),
        firstWrong == null ? "" : " (first mismatch: " + firstWrong + ")",
        baselineDocs);

    Phase c = phases.get("commit");
    Phase i = phases.get("insert");
    Phase s = phases.get("static");
    System.out.printf(
        Locale.ROOT,
        "RESULT %d sessions, a commit each every %d s for %d s: commit p50 %.1f / p95 %.1f / p99"
            + " %.1f / max %.1f ms, %.1f commits/s, %d errors, %d late | insertOne baseline p50"
            + " %.1f /"
            + " p95 %.1f / p99 %.1f / max %.1f ms | static GET p50 %.1f / p99 %.1f ms | commit"
            + " vs insertOne: p50 %.2fx, p99 %.2fx | commit vs static GET: p50 %.2fx, p99 %.2fx%n",
        learners.size(),
        intervalSeconds,
        blocks * BLOCK_ROUNDS * intervalSeconds,
        c.percentile(50),
        c.percentile(95),
        c.percentile(99),
        c.max(),
        c.throughput(),
        c.errors.get(),
        c.late.get(),
        i.percentile(50),
        i.percentile(95),
        i.percentile(99),
        i.max(),
        s.percentile(50),
        s.percentile(99),
        c.percentile(50) / i.percentile(50),
        c.percentile(99) / i.percentile(99),
        c.percentile(50) / s.percentile(50),
        c.percentile(99) / s.percentile(99));
    if (c.errors.get() > 0 || wrong > 0) {
      System.out.println("FAILED: commit errors or sessions without their last commit");
      System.exit(1);
    }
  }

  /** One virtual learner: its session, delivery URLs and commit counters. */
  private static final class Learner {
    static final int SUSPEND_MIN = 1200;
    static final int SUSPEND_MAX = 2400;

    final int index;
    final String sessionId;
    final String itemId;
    final URI commitUrl;
    final URI staticUrl;
    final String attemptKey = UUID.randomUUID().toString();
    final AtomicLong seq = new AtomicLong();
    final AtomicLong baselineSeq = new AtomicLong();
    final String suspendBase;

    Learner(int index, String sessionId, String itemId, URI commitUrl, URI staticUrl) {
      this.index = index;
      this.sessionId = sessionId;
      this.itemId = itemId;
      this.commitUrl = commitUrl;
      this.staticUrl = staticUrl;
      Random random = new Random(index);
      byte[] bytes = new byte[SUSPEND_MAX];
      random.nextBytes(bytes);
      // Authoring tools store compressed state as base64-like text.
      int length = SUSPEND_MIN + random.nextInt(SUSPEND_MAX - SUSPEND_MIN - 20);
      this.suspendBase = Base64.getEncoder().encodeToString(bytes).substring(0, length);
    }

    static String location(long seq) {
      return "slide-" + seq;
    }

    /** The commit body the player sends: {itemId, attemptKey, seq, final, cmi}. */
    byte[] body(long seq) {
      ObjectNode body = JSON.createObjectNode();
      body.put("itemId", itemId);
      body.put("attemptKey", attemptKey);
      body.put("seq", seq);
      body.put("final", false);
      ObjectNode cmi = body.putObject("cmi");
      cmi.put("suspend_data", suspendBase + "|s" + seq);
      cmi.put("launch_data", "");
      cmi.put("comments", "");
      cmi.put("comments_from_lms", "");
      ObjectNode core = cmi.putObject("core");
      core.put("student_id", "learner-" + index);
      core.put("student_name", "Learner " + index);
      core.put("lesson_location", location(seq));
      core.put("credit", "credit");
      core.put("lesson_status", "incomplete");
      core.put("entry", seq == 1 ? "ab-initio" : "");
      core.put("lesson_mode", "normal");
      core.put("exit", "suspend");
      core.put("session_time", hhmmss(seq * 10));
      ObjectNode score = core.putObject("score");
      score.put("raw", Long.toString(Math.min(100, 40 + seq)));
      score.put("min", "0");
      score.put("max", "100");
      ObjectNode objectives = cmi.putObject("objectives");
      for (int o = 0; o < 2; o++) {
        ObjectNode obj = objectives.putObject(Integer.toString(o));
        obj.put("id", "objective-" + (o + 1));
        obj.put("status", seq > 3 ? "passed" : "incomplete");
        ObjectNode os = obj.putObject("score");
        os.put("raw", "");
        os.put("min", "");
        os.put("max", "");
      }
      ObjectNode studentData = cmi.putObject("student_data");
      studentData.put("mastery_score", "80");
      studentData.put("max_time_allowed", "");
      studentData.put("time_limit_action", "");
      ObjectNode preference = cmi.putObject("student_preference");
      preference.put("audio", "");
      preference.put("language", "");
      preference.put("speed", "");
      preference.put("text", "");
      ObjectNode interactions = cmi.putObject("interactions");
      for (int q = 0; q < 3; q++) {
        ObjectNode in = interactions.putObject(Integer.toString(q));
        in.put("id", "question-" + (q + 1));
        in.put("time", "10:0" + q + ":00");
        in.put("type", "choice");
        in.put("weighting", "1");
        in.put("student_response", q == 1 ? "c" : "b");
        in.put("result", q == 1 ? "wrong" : "correct");
        in.put("latency", "00:00:1" + q);
        in.putObject("objectives").putObject("0").put("id", "objective-1");
        in.putObject("correct_responses").putObject("0").put("pattern", "b");
      }
      try {
        return JSON.writeValueAsBytes(body);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private static String hhmmss(long seconds) {
    return String.format(
        Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
  }

  /**
   * One load phase: each learner sends {@code rounds} requests, the k-th due {@code k * interval}
   * after its own start; starts are spread evenly over the first interval ({@code interval = 0}:
   * back to back; {@code concurrency} learners at a time then).
   */
  private static final class Phase {
    final List<Long> latencies = new ArrayList<>();
    final AtomicInteger errors = new AtomicInteger();
    final AtomicInteger late = new AtomicInteger();
    final List<String> firstErrors = new ArrayList<>();
    long wallNanos;

    static Phase run(
        HttpClient http,
        List<Learner> learners,
        Function<Learner, HttpRequest> request,
        int rounds,
        int intervalSeconds,
        int concurrency)
        throws InterruptedException {
      Phase phase = new Phase();
      ScheduledExecutorService ticks =
          Executors.newSingleThreadScheduledExecutor(daemon("bench-ticks"));
      CountDownLatch done = new CountDownLatch(learners.size());
      java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(concurrency);
      long intervalNanos = TimeUnit.SECONDS.toNanos(intervalSeconds);
      long start = System.nanoTime();
      for (int i = 0; i < learners.size(); i++) {
        Learner l = learners.get(i);
        long first = start + intervalNanos * i / learners.size();
        Runnable[] step = new Runnable[1];
        AtomicInteger sent = new AtomicInteger();
        step[0] =
            () -> {
              if (intervalSeconds == 0) {
                slots.acquireUninterruptibly();
              }
              HttpRequest req = request.apply(l);
              long t0 = System.nanoTime();
              http.sendAsync(req, BodyHandlers.ofString())
                  .whenComplete(
                      (res, failure) -> {
                        long t1 = System.nanoTime();
                        if (intervalSeconds == 0) {
                          slots.release();
                        }
                        phase.record(t1 - t0, res, failure);
                        int count = sent.incrementAndGet();
                        if (count >= rounds) {
                          done.countDown();
                          return;
                        }
                        long due = first + intervalNanos * count;
                        long wait = due - System.nanoTime();
                        if (wait < 0 && intervalSeconds > 0) {
                          phase.late.incrementAndGet();
                        }
                        ticks.schedule(step[0], Math.max(0, wait), TimeUnit.NANOSECONDS);
                      });
            };
        ticks.schedule(step[0], Math.max(0, first - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
      done.await();
      phase.wallNanos = System.nanoTime() - start;
      ticks.shutdownNow();
      return phase;
    }

    /** Adds another phase's requests (the blocks of one load). */
    synchronized void add(Phase other) {
      synchronized (other) {
        latencies.addAll(other.latencies);
        errors.addAndGet(other.errors.get());
        late.addAndGet(other.late.get());
        for (String e : other.firstErrors) {
          if (firstErrors.size() < 3) {
            firstErrors.add(e);
          }
        }
        wallNanos += other.wallNanos;
      }
    }

    synchronized void record(
        long nanos, java.net.http.HttpResponse<String> res, Throwable failure) {
      latencies.add(nanos);
      if (failure != null || res.statusCode() != 200) {
        errors.incrementAndGet();
        if (firstErrors.size() < 3) {
          firstErrors.add(
              failure != null
                  ? failure.toString()
                  : res.statusCode() + " " + truncate(res.body(), 300));
        }
      }
    }

    synchronized double percentile(double p) {
      return CommitLatencyBench.percentile(latencies.stream().map(n -> n / 1e6).toList(), p);
    }

    synchronized double max() {
      return latencies.stream().max(Comparator.naturalOrder()).orElse(0L) / 1e6;
    }

    synchronized double throughput() {
      return latencies.size() / (wallNanos / 1e9);
    }

    synchronized String summary() {
      return String.format(
          Locale.ROOT,
          "%d requests in %.1f s (%.1f/s): p50 %.1f / p95 %.1f / p99 %.1f / max %.1f ms, %d"
              + " errors%s, %d late",
          latencies.size(),
          wallNanos / 1e9,
          throughput(),
          percentile(50),
          percentile(95),
          percentile(99),
          max(),
          errors.get(),
          firstErrors.isEmpty() ? "" : " " + firstErrors,
          late.get());
    }
  }

  /** Starts session {@code i} through the Allure route and opens it as a browser does. */
  private static Learner launchAndOpen(
      HttpClient http, URI api, int i, List<Double> launchMs, List<Double> openMs)
      throws Exception {
    String sessionId = UUID.randomUUID().toString();
    ObjectNode launchBody = JSON.createObjectNode();
    launchBody.put("user_id", "learner-" + i);
    launchBody.put("session_id", sessionId);
    launchBody.put("user_name", "Learner " + i);
    long t = System.nanoTime();
    var launched =
        http.send(
            HttpRequest.newBuilder(api.resolve("/api/v1/packages/" + COURSE + "/launch"))
                .header("X-API-Key", KEY)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(JSON.writeValueAsString(launchBody)))
                .build(),
            BodyHandlers.ofString());
    launchMs.add(ms(t));
    if (launched.statusCode() != 200) {
      throw new IllegalStateException(
          "LaunchPackage answered " + launched.statusCode() + ": " + launched.body());
    }
    URI launchUrl = URI.create(JSON.readTree(launched.body()).get("launch_url").asText());
    t = System.nanoTime();
    var opened =
        http.send(HttpRequest.newBuilder(launchUrl).GET().build(), BodyHandlers.ofString());
    if (opened.statusCode() != 303) {
      throw new IllegalStateException(
          "GET launch_url answered " + opened.statusCode() + ": " + truncate(opened.body(), 300));
    }
    URI player =
        launchUrl.resolve(
            opened
                .headers()
                .firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("303 without Location")));
    var page = http.send(HttpRequest.newBuilder(player).GET().build(), BodyHandlers.ofString());
    openMs.add(ms(t));
    if (page.statusCode() != 200) {
      throw new IllegalStateException(
          "player page answered " + page.statusCode() + ": " + truncate(page.body(), 300));
    }
    Matcher m = LAUNCH_DATA.matcher(page.body());
    if (!m.find()) {
      throw new IllegalStateException("no cp-launch data in the player page");
    }
    JsonNode launch = JSON.readTree(m.group(1));
    String itemId = null;
    String href = null;
    for (JsonNode item : launch.path("items")) {
      if (item.path("sco").asBoolean() && !item.path("href").isNull()) {
        itemId = item.get("id").asText();
        href = item.get("href").asText();
        break;
      }
    }
    if (itemId == null || launch.path("commitUrl").isNull()) {
      throw new IllegalStateException("player data without a SCO or commit URL: " + launch);
    }
    URI commitUrl = player.resolve(launch.get("commitUrl").asText());
    URI staticUrl = player.resolve(launch.get("contentBase").asText() + href);
    return new Learner(i, sessionId, itemId, commitUrl, staticUrl);
  }

  /** Imports the SCORM 1.2 test package through the SCORM Cloud upload route. */
  private static void importCourse(HttpClient http, URI api) throws Exception {
    byte[] zip = TestPackages.scorm12("Commit latency course");
    String boundary = "Boundary_bench_11";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Type: application/octet-stream\r\nContent-Disposition: form-data;"
                + " filename=\"course.zip\"; name=\"file\"\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(zip);
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    String basic =
        "Basic " + Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8));
    var res =
        http.send(
            HttpRequest.newBuilder(
                    api.resolve("/api/v2/courses/importJobs/upload?courseId=" + COURSE))
                .header("Authorization", basic)
                .header("Content-Type", "multipart/form-data;boundary=" + boundary)
                .POST(BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            BodyHandlers.ofString());
    if (res.statusCode() != 200) {
      throw new IllegalStateException("upload answered " + res.statusCode() + ": " + res.body());
    }
    String job = JSON.readTree(res.body()).get("result").asText();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (true) {
      var status =
          http.send(
              HttpRequest.newBuilder(api.resolve("/api/v2/courses/importJobs/" + job))
                  .header("Authorization", basic)
                  .GET()
                  .build(),
              BodyHandlers.ofString());
      String s = JSON.readTree(status.body()).path("status").asText();
      if (s.equals("COMPLETE")) {
        return;
      }
      if (!s.equals("RUNNING") || System.nanoTime() > deadline) {
        throw new IllegalStateException("import job " + job + ": " + status.body());
      }
      Thread.sleep(100); // polling an asynchronous job, not synchronisation of the measurement
    }
  }

  private static int rounds(int durationSeconds, int intervalSeconds) {
    return Math.max(1, durationSeconds / intervalSeconds);
  }

  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max) + "…";
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  private static double ms(long start) {
    return (System.nanoTime() - start) / 1e6;
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
