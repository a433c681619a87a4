import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Soak driver, run by bench/soak.sh with the server jar as class path (for Jackson). For {@code
 * minutes}, {@code clients} closed-loop clients mix, against the server jar on the embedded store:
 *
 * <ul>
 *   <li><b>import</b>: a generated SCORM 1.2 package (1–8 SCOs, a unique course id) through {@code
 *       POST /api/v2/courses/importJobs/upload}, the job polled until {@code COMPLETE};
 *   <li><b>read</b>: {@code GET /api/v2/courses/{id}} of a random imported course (id checked), and
 *       every fourth read the course list {@code GET /api/v2/courses};
 *   <li><b>launch</b>: {@code POST /api/v2/courses/{id}/preview}, then the launch link opened on the
 *       content origin as a browser does (303 → player page → the first SCO's file, its text
 *       checked);
 *   <li><b>export</b>: LearningStudio {@code POST /api/v1/courses/{id}/export}, then the download
 *       URL fetched without credentials, its length and SHA-256 checked against the answer. Exports
 *       are spaced to stay under the export route's 30 requests per minute per key;
 *   <li><b>delete</b>: once more than {@code maxCourses} courses are held, the oldest is deleted
 *       ({@code DELETE /api/v2/courses/{id}}, then its {@code GET} must answer 404), as a long-running
 *       LMS retires courses, so that the stored data stays bounded and the heap trend measures
 *       leaks, not data. A course being deleted is first taken out of the pick list and then waits
 *       for the operations already using it (a read-write lock per course), so no client reads a
 *       course while it is deleted.
 * </ul>
 *
 * <p>Every {@code sampleSeconds} the server's live heap is sampled ({@code jcmd
 * GC.class_histogram}: a full GC and the bytes that survive it). Answers 429 and 503 with {@code
 * Retry-After} are retried after that delay, as a real client does, and counted apart. Prints per
 * operation the count, errors and p50/p99/max latency, every heap sample, the heap trend (first
 * against last minute, least-squares slopes), the retries, every error with its body, and a
 * PASS/FAIL line: PASS when there is no error and the live heap's slope over the second half of the
 * run is at most {@link #MAX_SLOPE_MIB_PER_MINUTE}. Exits 1 on FAIL.
 *
 * <p>Args: httpPort key serverPid minutes clients sampleSeconds exportsPerMinute [contentPort
 * [maxCourses=100]]
 */
public final class SoakBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HISTOGRAM_TOTAL =
      Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");
  private static final Pattern LAUNCH_DATA =
      Pattern.compile("<script[^>]*id=\"cp-launch\"[^>]*>(.*?)</script>", Pattern.DOTALL);

  private final String api;
  private final String basic;
  private final String bearer;
  private final long pid;
  private final int contentPort;
  private final long exportIntervalNanos;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  /** The courses clients may pick, oldest first; compound changes synchronise on it. */
  private final List<String> courses = new CopyOnWriteArrayList<>();

  /** Per held course: operations hold the read lock, its deletion the write lock. */
  private final Map<String, ReentrantReadWriteLock> inUse = new ConcurrentHashMap<>();

  private final int maxCourses;
  private final Map<String, Op> ops = new LinkedHashMap<>();
  private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
  private final AtomicLong errors = new AtomicLong();
  private final Map<String, AtomicLong> retried = new ConcurrentSkipListMap<>();
  private final ConcurrentLinkedQueue<String> retries = new ConcurrentLinkedQueue<>();
  private static final int MAX_RETRIES = 3;

  /**
   * The PASS bound on the live heap's least-squares slope over the second half of the run (after
   * caches, pools and the JIT have filled): +1 MiB a minute, which would take the default
   * {@code -Xmx256m} server from its ~60 MiB live set to full in over three hours. A leak of a few
   * KiB per operation (~300 a minute) shows above it.
   */
  private static final double MAX_SLOPE_MIB_PER_MINUTE = 1.0;

  private final AtomicLong requests = new AtomicLong();
  private volatile String lastHistogram;
  private static final Pattern HISTOGRAM_ROW =
      Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
  private final AtomicLong courseCounter = new AtomicLong();
  private final Object exportGate = new Object();
  private long nextExport;

  /** Counts and latencies of one kind of operation. */
  private static final class Op {
    final String name;
    final List<Long> nanos = new ArrayList<>();
    long errors;

    Op(String name) {
      this.name = name;
    }

    synchronized void ok(long ns) {
      nanos.add(ns);
    }

    synchronized void failed() {
      errors++;
    }
  }

  private SoakBench(String[] a) {
    api = "http://127.0.0.1:" + a[0];
    String key = a[1];
    basic = "Basic " + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    bearer = "Bearer " + key;
    pid = Long.parseLong(a[2]);
    exportIntervalNanos = TimeUnit.MINUTES.toNanos(1) / Integer.parseInt(a[6]);
    contentPort = a.length > 7 ? Integer.parseInt(a[7]) : 0;
    maxCourses = a.length > 8 ? Integer.parseInt(a[8]) : 100;
    for (String n : List.of("import", "read", "list", "launch", "export", "delete")) {
      ops.put(n, new Op(n));
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 7) {
      System.err.println(
          "args: httpPort key serverPid minutes clients sampleSeconds exportsPerMinute");
      System.exit(2);
    }
    SoakBench soak = new SoakBench(args);
    System.exit(
        soak.run(
            Duration.ofMinutes(Long.parseLong(args[3])),
            Integer.parseInt(args[4]),
            Duration.ofSeconds(Long.parseLong(args[5]))));
  }

  private int run(Duration length, int clients, Duration sampleEvery) throws Exception {
    // A few courses first, so that every kind of operation has something to work on.
    for (int i = 0; i < 3; i++) {
      importOne(new Random(i));
    }
    List<long[]> heap = new ArrayList<>();
    String minuteHistogram = null;
    long minuteHistogramT = 0;
    String runningHistogram = null;
    long start = System.nanoTime();
    long end = start + length.toNanos();
    nextExport = start;
    heap.add(new long[] {0, heapAfterGc()});
    System.out.printf(
        Locale.ROOT, "t=%4ds live heap %7.1f MiB  (load %s)%n", 0, heap.get(0)[1] / 1024.0,
        loadAverage());
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int id = c;
      Thread t = new Thread(() -> client(id, end), "soak-client-" + c);
      t.start();
      threads.add(t);
    }
    long nextSample = start + sampleEvery.toNanos();
    while (System.nanoTime() < end) {
      long wait = Math.min(nextSample, end) - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait); // a sampling period, not synchronisation
      }
      if (System.nanoTime() >= nextSample) {
        long t = (System.nanoTime() - start) / 1_000_000_000L;
        long used = heapAfterGc();
        heap.add(new long[] {t, used});
        if (minuteHistogram == null && t >= 60) {
          minuteHistogram = lastHistogram;
          minuteHistogramT = t;
        }
        runningHistogram = lastHistogram;
        System.out.printf(
            Locale.ROOT,
            "t=%4ds live heap %7.1f MiB  courses %4d  ops %6d  errors %d  (load %s)%n",
            t,
            used / 1024.0,
            courses.size(),
            ops.values().stream().mapToLong(o -> o.nanos.size()).sum(),
            errors.get(),
            loadAverage());
        nextSample += sampleEvery.toNanos();
      }
    }
    for (Thread t : threads) {
      t.join();
    }
    long t = (System.nanoTime() - start) / 1_000_000_000L;
    long finalHeap = heapAfterGc();
    heap.add(new long[] {t, finalHeap});
    System.out.printf(
        Locale.ROOT, "t=%4ds live heap %7.1f MiB (after the clients stopped)%n", t,
        finalHeap / 1024.0);

    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%-8s %7s %7s %9s %9s %9s %8s%n",
        "op",
        "count",
        "errors",
        "p50 ms",
        "p99 ms",
        "max ms",
        "per min");
    double minutes = (System.nanoTime() - start) / 60e9;
    for (Op o : ops.values()) {
      List<Long> s = new ArrayList<>(o.nanos);
      s.sort(null);
      System.out.printf(
          Locale.ROOT,
          "%-8s %7d %7d %9.1f %9.1f %9.1f %8.1f%n",
          o.name,
          s.size(),
          o.errors,
          pct(s, 0.5) / 1e6,
          pct(s, 0.99) / 1e6,
          s.isEmpty() ? 0 : s.get(s.size() - 1) / 1e6,
          s.size() / minutes);
    }
    long lastT = heap.get(heap.size() - 2)[0]; // the last sample while the clients ran
    List<long[]> running = heap.subList(0, heap.size() - 1);
    double first = meanKib(heap, 0, 60);
    double last = meanKib(heap, lastT - 60, lastT);
    System.out.printf(
        Locale.ROOT,
        "live heap (after a full GC): first minute %.1f MiB, last minute %.1f MiB (%+.1f MiB), max"
            + " %.1f MiB, after the run %.1f MiB; %d samples%n",
        first / 1024,
        last / 1024,
        (last - first) / 1024,
        heap.stream().mapToLong(h -> h[1]).max().orElse(0) / 1024.0,
        finalHeap / 1024.0,
        heap.size());
    double slopeAll = slopeKibPerSecond(running) * 60 / 1024;
    List<long[]> secondHalf = running.stream().filter(h -> h[0] * 2 >= lastT).toList();
    double slopeLate = slopeKibPerSecond(secondHalf) * 60 / 1024;
    System.out.printf(
        Locale.ROOT,
        "live heap, least-squares slope while the clients ran: %+.2f MiB per minute over the whole"
            + " run, %+.2f MiB per minute over its second half (%d samples)%n",
        slopeAll,
        slopeLate,
        secondHalf.size());
    if (minuteHistogram != null && runningHistogram != minuteHistogram) {
      System.out.printf(
          Locale.ROOT,
          "live heap growth by class from t=%ds to the last sample while the clients ran (top 12):%n",
          minuteHistogramT);
      growth(minuteHistogram, runningHistogram).stream()
          .limit(12)
          .forEach(g -> System.out.println("  " + g));
    }
    System.out.println(
        "courses imported: "
            + (courseCounter.get())
            + ", deleted: "
            + ops.get("delete").nanos.size()
            + ", held at the end: "
            + courses.size()
            + " (bound "
            + maxCourses
            + "), load average "
            + loadAverage());
    System.out.printf(
        Locale.ROOT,
        "API and content requests: %d (%.0f a minute)%n",
        requests.get(),
        requests.get() / minutes);
    long retriedTotal = retried.values().stream().mapToLong(AtomicLong::get).sum();
    System.out.println(
        "retried after Retry-After (429 rate limit, 503 request timeout or store): "
            + retriedTotal);
    retried.forEach((k, v) -> System.out.println("  " + v + " × " + k));
    retries.stream().limit(10).forEach(p -> System.out.println("    " + p));
    System.out.println("errors: " + errors.get());
    problems.stream().limit(20).forEach(p -> System.out.println("  " + p));
    boolean heapFlat = secondHalf.size() >= 3 && slopeLate <= MAX_SLOPE_MIB_PER_MINUTE;
    boolean pass = errors.get() == 0 && heapFlat;
    System.out.printf(
        Locale.ROOT,
        "%s: %d errors (must be 0); live heap slope over the second half %+.2f MiB/min (must be"
            + " ≤ %+.1f)%s; %d operations, %d retried answers%n",
        pass ? "PASS" : "FAIL",
        errors.get(),
        slopeLate,
        MAX_SLOPE_MIB_PER_MINUTE,
        secondHalf.size() >= 3 ? "" : " (too few samples: run longer)",
        ops.values().stream().mapToLong(o -> o.nanos.size() + o.errors).sum(),
        retriedTotal);
    return pass ? 0 : 1;
  }

  /** Classes whose live bytes grew most between two histograms, largest first. */
  private static List<String> growth(String before, String after) {
    Map<String, long[]> a = histogram(before);
    Map<String, long[]> b = histogram(after);
    List<Map.Entry<String, long[]>> rows = new ArrayList<>(b.entrySet());
    rows.sort(
        (x, y) ->
            Long.compare(
                y.getValue()[1] - a.getOrDefault(y.getKey(), new long[2])[1],
                x.getValue()[1] - a.getOrDefault(x.getKey(), new long[2])[1]));
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, long[]> r : rows) {
      long[] was = a.getOrDefault(r.getKey(), new long[2]);
      out.add(
          String.format(
              Locale.ROOT,
              "%+9.1f KiB %+8d instances  %s",
              (r.getValue()[1] - was[1]) / 1024.0,
              r.getValue()[0] - was[0],
              r.getKey()));
    }
    return out;
  }

  private static Map<String, long[]> histogram(String text) {
    Map<String, long[]> rows = new LinkedHashMap<>();
    Matcher m = HISTOGRAM_ROW.matcher(text);
    while (m.find()) {
      rows.put(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
    }
    return rows;
  }

  private static double meanKib(List<long[]> heap, long fromSecond, long toSecond) {
    return heap.stream()
        .filter(h -> h[0] >= fromSecond && h[0] <= toSecond)
        .mapToLong(h -> h[1])
        .average()
        .orElse(Double.NaN);
  }

  private static double slopeKibPerSecond(List<long[]> samples) {
    double n = samples.size();
    double mx = samples.stream().mapToDouble(h -> h[0]).sum() / n;
    double my = samples.stream().mapToDouble(h -> h[1]).sum() / n;
    double sxy = 0;
    double sxx = 0;
    for (long[] h : samples) {
      sxy += (h[0] - mx) * (h[1] - my);
      sxx += (h[0] - mx) * (h[0] - mx);
    }
    return sxx == 0 ? 0 : sxy / sxx;
  }

  private static long pct(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int i = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  // ------------------------------------------------------------------------------------------

  /** One closed-loop client: a weighted random mix until {@code end}. */
  private void client(int id, long end) {
    Random random = new Random(1000 + id);
    while (System.nanoTime() < end) {
      int pick = random.nextInt(20);
      String op;
      String retired = retireOldest();
      if (retired != null) {
        op = "delete";
      } else if (pick < 3) {
        op = "import";
      } else if (pick < 12) {
        op = random.nextInt(4) == 0 ? "list" : "read";
      } else if (pick < 17) {
        op = "launch";
      } else {
        op = exportDue() ? "export" : "read";
      }
      long t0 = System.nanoTime();
      String course = null;
      try {
        switch (op) {
          case "import" -> importOne(random);
          case "read" -> read(course = lease(random));
          case "list" -> list();
          case "launch" -> launch(course = lease(random));
          case "export" -> export(course = lease(random));
          case "delete" -> delete(retired);
          default -> throw new IllegalStateException(op);
        }
        ops.get(op).ok(System.nanoTime() - t0);
      } catch (Exception e) {
        ops.get(op).failed();
        errors.incrementAndGet();
        problems.add(Instant.now() + " " + op + ": " + e);
      } finally {
        if (course != null) {
          inUse.get(course).readLock().unlock();
        }
      }
    }
  }

  /**
   * A random held course with its read lock taken (release with {@code
   * inUse.get(id).readLock().unlock()}): a course retired between the pick and the lock is put back
   * and another picked.
   */
  private String lease(Random random) {
    while (true) {
      String id;
      ReentrantReadWriteLock lock;
      synchronized (courses) {
        id = courses.get(random.nextInt(courses.size()));
        lock = inUse.get(id);
      }
      lock.readLock().lock();
      if (courses.contains(id)) {
        return id;
      }
      lock.readLock().unlock();
    }
  }

  /** The oldest course taken out of the pick list when more than {@code maxCourses} are held. */
  private String retireOldest() {
    synchronized (courses) {
      return courses.size() > maxCourses ? courses.remove(0) : null;
    }
  }

  /**
   * Deletes a retired course once the operations using it have finished, through the SCORM Cloud
   * route, and checks that it is gone.
   */
  private void delete(String id) throws Exception {
    ReentrantReadWriteLock lock = inUse.get(id);
    lock.writeLock().lock();
    try {
      HttpResponse<String> r =
          send(request("/api/v2/courses/" + enc(id)).header("Authorization", basic).DELETE());
      if (r.statusCode() != 200 && r.statusCode() != 204) {
        throw new IllegalStateException(
            "DELETE course " + id + " answered " + r.statusCode() + ": " + r.body());
      }
      HttpResponse<String> gone =
          send(request("/api/v2/courses/" + enc(id)).header("Authorization", basic));
      if (gone.statusCode() != 404) {
        throw new IllegalStateException(
            "GET of deleted course " + id + " answered " + gone.statusCode() + ": " + gone.body());
      }
    } finally {
      lock.writeLock().unlock();
      inUse.remove(id);
    }
  }

  /** Whether this client may export now; spaces exports evenly under the per-minute limit. */
  private boolean exportDue() {
    synchronized (exportGate) {
      long now = System.nanoTime();
      if (now < nextExport) {
        return false;
      }
      nextExport = now + exportIntervalNanos;
      return true;
    }
  }

  private void importOne(Random random) throws Exception {
    String id = "soak-" + courseCounter.incrementAndGet();
    byte[] zip = scorm12("Soak course " + id, 1 + random.nextInt(8), random);
    String boundary = "soak" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + id
                + ".zip\"\r\nContent-Type: application/zip\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(zip);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    JsonNode started =
        ok(
            send(
                request("/api/v2/courses/importJobs/upload?courseId=" + enc(id))
                    .header("Authorization", basic)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))),
            200);
    String job = started.path("result").asText();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    long pollMillis = 50;
    while (true) {
      JsonNode status =
          ok(send(request("/api/v2/courses/importJobs/" + enc(job)).header("Authorization", basic)),
              200);
      String s = status.path("status").asText();
      if ("COMPLETE".equals(s)) {
        if (!id.equals(status.path("importResult").path("course").path("id").asText())) {
          throw new IllegalStateException("job " + job + " imported another course: " + status);
        }
        synchronized (courses) {
          inUse.put(id, new ReentrantReadWriteLock());
          courses.add(id);
        }
        return;
      }
      if (!"RUNNING".equals(s)) {
        throw new IllegalStateException("import job " + job + ": " + status);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("import job " + job + " still RUNNING after 3 minutes");
      }
      // Polling an asynchronous job, backing off as a client should (50 ms, ×1.5, at most 500 ms):
      // at a fixed 50 ms, 4 clients' polls alone came near the default 1,200 calls a minute.
      Thread.sleep(pollMillis);
      pollMillis = Math.min(500, pollMillis * 3 / 2);
    }
  }

  private void read(String id) throws Exception {
    JsonNode c = ok(send(request("/api/v2/courses/" + enc(id)).header("Authorization", basic)), 200);
    if (!id.equals(c.path("id").asText()) || !c.path("title").asText().endsWith(id)) {
      throw new IllegalStateException("GET course " + id + " answered " + c);
    }
  }

  private void list() throws Exception {
    JsonNode l = ok(send(request("/api/v2/courses").header("Authorization", basic)), 200);
    if (!l.path("courses").isArray() || l.path("courses").isEmpty()) {
      throw new IllegalStateException("course list without courses: " + l);
    }
  }

  private void launch(String id) throws Exception {
    JsonNode link =
        ok(
            send(
                request("/api/v2/courses/" + enc(id) + "/preview")
                    .header("Authorization", basic)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))),
            200);
    URI launch = URI.create(link.path("launchLink").asText());
    if (contentPort > 0 && launch.getPort() != contentPort) {
      throw new IllegalStateException(
          "launch link " + launch + " is not on the content origin (port " + contentPort + ")");
    }
    HttpResponse<String> opened = exchange(get(launch), HttpResponse.BodyHandlers.ofString());
    if (opened.statusCode() != 303) {
      throw new IllegalStateException("launch link answered " + opened.statusCode());
    }
    URI player = launch.resolve(opened.headers().firstValue("Location").orElseThrow());
    if (player.getPort() != launch.getPort()) {
      throw new IllegalStateException("launch link redirected off the content origin: " + player);
    }
    HttpResponse<String> page = exchange(get(player), HttpResponse.BodyHandlers.ofString());
    if (page.statusCode() != 200) {
      throw new IllegalStateException("player page answered " + page.statusCode());
    }
    Matcher m = LAUNCH_DATA.matcher(page.body());
    if (!m.find()) {
      throw new IllegalStateException("no cp-launch data in the player page of " + id);
    }
    JsonNode data = JSON.readTree(m.group(1));
    String href = null;
    for (JsonNode item : data.path("items")) {
      if (item.path("sco").asBoolean() && !item.path("href").isNull()) {
        href = item.get("href").asText();
        break;
      }
    }
    if (href == null) {
      throw new IllegalStateException("player data without a SCO: " + data);
    }
    URI sco = player.resolve(data.path("contentBase").asText() + href);
    if (sco.getPort() != launch.getPort()) {
      throw new IllegalStateException("SCO file is not on the content origin: " + sco);
    }
    HttpResponse<String> file = exchange(get(sco), HttpResponse.BodyHandlers.ofString());
    if (file.statusCode() != 200 || !file.body().contains("<h1>Lesson ")) {
      throw new IllegalStateException("SCO " + sco.getPath() + " answered " + file.statusCode());
    }
  }

  private void export(String id) throws Exception {
    JsonNode e =
        ok(
            send(
                request("/api/v1/courses/" + enc(id) + "/export")
                    .header("Authorization", bearer)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"format\":\"scorm12\"}"))),
            200);
    URI download = URI.create(e.path("downloadUrl").asText());
    HttpResponse<byte[]> zip = exchange(get(download), HttpResponse.BodyHandlers.ofByteArray());
    if (zip.statusCode() != 200) {
      throw new IllegalStateException("download answered " + zip.statusCode());
    }
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip.body()));
    if (zip.body().length != e.path("size").asLong() || !sha.equals(e.path("sha256").asText())) {
      throw new IllegalStateException(
          "download of " + id + ": " + zip.body().length + " bytes, sha256 " + sha + "; " + e);
    }
  }

  // ------------------------------------------------------------------------------------------

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofMinutes(2));
  }

  private static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).GET().build();
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return exchange(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends {@code request} as a real client would: an answer 429 (the documented rate limit) or 503
   * (request timeout, store unavailable) that carries {@code Retry-After} is retried after that
   * many seconds, up to {@value #MAX_RETRIES} times. Every retry is counted by status, reason and
   * route and reported; the answer after the last retry is the one the operation checks.
   */
  private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws Exception {
    for (int attempt = 0; ; attempt++) {
      requests.incrementAndGet();
      HttpResponse<T> r = http.send(request, handler);
      int code = r.statusCode();
      if ((code != 429 && code != 503) || attempt == MAX_RETRIES) {
        return r;
      }
      long after;
      try {
        after = r.headers().firstValueAsLong("Retry-After").orElse(-1);
      } catch (NumberFormatException e) {
        after = -1; // an HTTP date: not what this server sends; no retry
      }
      if (after < 0) {
        return r;
      }
      String what =
          code
              + " "
              + r.headers().firstValue("x-courseport-reason").orElse("-")
              + " "
              + request.method()
              + " "
              + route(request.uri().getPath());
      retried.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
      Object body = r.body();
      String text = body instanceof String str ? str : "";
      retries.add(
          Instant.now()
              + " "
              + what
              + " (Retry-After "
              + after
              + "): "
              + (text.length() > 300 ? text.substring(0, 300) : text));
      Thread.sleep(TimeUnit.SECONDS.toMillis(Math.min(after, 30))); // honouring Retry-After
    }
  }

  /** A request path with its course and job ids replaced, for counting retries per route. */
  private static String route(String path) {
    return path.replaceAll("/soak-\\d+", "/{id}").replaceAll("/[0-9a-f-]{36}", "/{job}");
  }

  private static JsonNode ok(HttpResponse<String> r, int status) throws IOException {
    if (r.statusCode() != status) {
      String body = r.body();
      throw new IllegalStateException(
          r.request().method()
              + " "
              + r.uri().getPath()
              + " answered "
              + r.statusCode()
              + ": "
              + (body.length() > 300 ? body.substring(0, 300) : body));
    }
    return JSON.readTree(r.body());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A SCORM 1.2 package with {@code scos} SCOs, each an HTML page of 1–20 KB. */
  static byte[] scorm12(String title, int scos, Random random) throws IOException {
    StringBuilder items = new StringBuilder();
    StringBuilder resources = new StringBuilder();
    for (int i = 1; i <= scos; i++) {
      items.append(
          "      <item identifier=\"ITEM-%1$d\" identifierref=\"RES-%1$d\"><title>Lesson %1$d</title></item>\n"
              .formatted(i));
      resources.append(
          ("    <resource identifier=\"RES-%1$d\" type=\"webcontent\" adlcp:scormtype=\"sco\""
                  + " href=\"l%1$d.html\"><file href=\"l%1$d.html\"/></resource>\n")
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
                    + ("Text " + random.nextInt(1000) + " of the lesson. ")
                        .repeat(50 + random.nextInt(1000))
                    + "</p></body></html>")
                .getBytes(StandardCharsets.UTF_8));
      }
    }
    return bytes.toByteArray();
  }

  /**
   * The server's live heap in KiB: {@code jcmd GC.class_histogram} runs a full GC and counts the
   * objects that survive it in the same safepoint. (The earlier {@code GC.run} followed by a
   * separate {@code GC.heap_info} read "used" one JVM start later, garbage allocated meanwhile
   * included: 60–170 MiB where the GC log said 44–57 MiB live.)
   */
  private long heapAfterGc() throws IOException, InterruptedException {
    String histogram = jcmd("GC.class_histogram");
    lastHistogram = histogram;
    Matcher m = HISTOGRAM_TOTAL.matcher(histogram);
    if (!m.find()) {
      throw new IllegalStateException("no Total line from jcmd GC.class_histogram");
    }
    return Long.parseLong(m.group(1)) / 1024;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("jcmd " + command + " failed: " + out);
    }
    return out;
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
