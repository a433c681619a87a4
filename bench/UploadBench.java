import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upload benchmark driver, run by bench/upload-bench.sh (Java single-file source launcher, no class
 * path). Per round, on the same file and the same disk: {@code cp} of the package (and, timed
 * separately, the {@code sync} that makes the copy durable, as the server's commit does with its
 * fsync); the Allure multipart flow over HTTP (init, a signed URL per part, the part PUTs from
 * {@code parallel} threads, complete; then process, timed apart); and the resumable gRPC upload
 * through the command line ({@code courseport packages upload}) when the client jar has it. For each
 * leg it measures the server JVM's heap: used after a full GC before and after (jcmd GC.run +
 * GC.heap_info), the peak used sampled every 200 ms (jstat -gc), and the heap before/after each
 * collection from the server's GC log. After the timed rounds, {@code liveRounds} untimed uploads
 * of each leg run while a full GC is forced every second: the largest heap after those collections
 * minus the heap before is the upload's live heap growth (garbage excluded).
 *
 * <p>Args: httpPort grpcPort key serverPid zip gcLog rounds liveRounds parallel clientJar copyDir
 */
public final class UploadBench {
  private static final double MIB = 1024 * 1024;
  private static final double MB = 1_000_000;
  private static final Pattern GC_LINE = Pattern.compile("Pause.* (\\d+)M->(\\d+)M\\((\\d+)M\\)");
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");
  private static final long TICKS = 100; // USER_HZ on Linux

  private final String http;
  private final String grpcTarget;
  private final String key;
  private final long pid;
  private final Path zip;
  private final long size;
  private final Path gcLog;
  private final int parallel;
  private final Path clientJar;
  private final Path copyDir;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private String tenant;

  private UploadBench(String[] a) throws IOException {
    http = "http://localhost:" + a[0];
    grpcTarget = "localhost:" + a[1];
    key = a[2];
    pid = Long.parseLong(a[3]);
    zip = Path.of(a[4]);
    size = Files.size(zip);
    gcLog = Path.of(a[5]);
    parallel = Integer.parseInt(a[8]);
    clientJar = Path.of(a[9]);
    copyDir = Path.of(a[10]);
  }

  /** One leg's figures. */
  record Leg(
      double uploadS,
      double processS,
      double completeS,
      double clientCpuS,
      double serverCpuS,
      double baseMiB,
      double retainedMiB,
      double sampledPeakMiB,
      double gcPeakMiB,
      double gcLiveMaxMiB,
      int gcs,
      String threads) {}

  /** One round: cp, sync, the digest floor (Java's MD5 and SHA-256 over the file), the legs. */
  record Round(double cpS, double syncS, double md5S, double sha256S, Leg multipart, Leg grpc) {}

  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[6]);
    int liveRounds = Integer.parseInt(args[7]);
    new UploadBench(args).run(rounds, liveRounds);
  }

  private void run(int rounds, int liveRounds) throws Exception {
    tenant = tenantUuid();
    String grpcSkip = grpcSkipReason();
    boolean skipMultipart = System.getenv("BENCH_SKIP_MULTIPART") != null;
    System.out.printf(
        "package %s: %,d bytes; server pid %d, HTTP %s, gRPC %s; %d parallel part PUTs%n",
        zip, size, pid, http, grpcTarget, parallel);
    if (grpcSkip != null) {
      System.out.println("gRPC leg skipped: " + grpcSkip);
    }
    System.out.println("load average at start: " + loadAverage());
    cat(); // the package in the page cache, as it will be for every leg
    long warmup = Long.parseLong(System.getenv().getOrDefault("BENCH_WARMUP_MIB", "512")) << 20;
    if (skipMultipart) {
      System.out.println("multipart leg skipped: BENCH_SKIP_MULTIPART is set (no warm-up either)");
    } else if (warmup > 0) {
      double[] w = multipart(Math.min(warmup, size), false);
      System.out.printf("warm-up: multipart upload of the first %d MiB, %.2f s (not processed)%n",
          Math.min(warmup, size) >> 20, w[0]);
    }
    String grpcWarmup = System.getenv().getOrDefault("BENCH_GRPC_WARMUP_ZIP", "");
    if (grpcSkip == null && !grpcWarmup.isEmpty()) {
      // The gRPC leg's warm-up: the server compiles its upload path (C2) before the measured
      // rounds, as the multipart warm-up does for its leg. The command line is a new JVM for
      // every upload, so its own JIT work stays in every measured run.
      Path warm = Path.of(grpcWarmup);
      long start = System.nanoTime();
      String out = exec(cli("packages", "upload", warm.toString()), false);
      System.out.printf("warm-up: gRPC `packages upload` of %s (%d MiB, processed), %.2f s: %s%n",
          warm.getFileName(), Files.size(warm) >> 20, (System.nanoTime() - start) / 1e9,
          out.lines().reduce((a, b) -> b).orElse("").trim());
    }
    List<Round> measured = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      double[] cp = cp();
      double md5 = digest("MD5");
      double sha256 = digest("SHA-256");
      Leg mp = skipMultipart ? null : measure(this::multipart);
      Leg grpc = grpcSkip == null ? measure(this::grpcUpload) : null;
      Round r = new Round(cp[0], cp[1], md5, sha256, mp, grpc);
      measured.add(r);
      System.out.printf("round %d: cp %.2f s + sync %.2f s, java MD5 %.2f s, SHA-256 %.2f s%n",
          i + 1, r.cpS, r.syncS, r.md5S, r.sha256S);
      if (mp != null) {
        System.out.printf(
          "  multipart %.2f s (%.0f MB/s; complete %.2f s)"
              + " + process %.2f s, cpu server %.2f s + driver %.2f s, heap base %.1f MiB, peak sampled %+.1f, peak at GC %+.1f,"
              + " max after GC %+.1f, retained %+.1f (%d GCs)%n",
          mp.uploadS, size / MB / mp.uploadS, mp.completeS, mp.processS,
          mp.serverCpuS, mp.clientCpuS,
          mp.baseMiB, mp.sampledPeakMiB - mp.baseMiB, mp.gcPeakMiB - mp.baseMiB,
          mp.gcLiveMaxMiB - mp.baseMiB, mp.retainedMiB - mp.baseMiB, mp.gcs);
      System.out.println("  multipart server cpu by thread: " + mp.threads);
      }
      if (grpc != null) {
        System.out.printf(
            "  grpc %.2f s (%.0f MB/s, upload and import until COMPLETE), cpu server %.2f s"
                + " + client %.2f s,"
                + " heap peak sampled %+.1f, peak at GC %+.1f, max after GC %+.1f, retained %+.1f%n",
            grpc.uploadS, size / MB / grpc.uploadS, grpc.serverCpuS, grpc.clientCpuS,
            grpc.sampledPeakMiB - grpc.baseMiB, grpc.gcPeakMiB - grpc.baseMiB,
            grpc.gcLiveMaxMiB - grpc.baseMiB, grpc.retainedMiB - grpc.baseMiB);
        System.out.println("  grpc server cpu by thread: " + grpc.threads);
      }
    }
    System.out.println("load average at end: " + loadAverage());
    List<Double> live = new ArrayList<>();
    List<Double> liveGrpc = new ArrayList<>();
    for (int i = 0; i < liveRounds; i++) {
      if (!skipMultipart) {
        live.add(liveRound("multipart", i, this::multipart));
      }
      if (grpcSkip == null) {
        liveGrpc.add(liveRound("gRPC", i, this::grpcUpload));
      }
    }
    summary(measured, live, liveGrpc, grpcSkip);
  }

  // ---------------------------------------------------------------- cp

  /** Reads the package once so that every leg reads it from the page cache. */
  private void cat() throws Exception {
    exec(List.of("cat", zip.toString()), true);
  }

  /** Seconds of {@code cp} of the package into copyDir, then of the {@code sync} after it. */
  private double[] cp() throws Exception {
    Path copy = copyDir.resolve("upload-bench-copy.zip");
    Files.deleteIfExists(copy);
    exec(List.of("sync"), false);
    long start = System.nanoTime();
    exec(List.of("cp", zip.toString(), copy.toString()), false);
    long copied = System.nanoTime();
    exec(List.of("sync"), false);
    long synced = System.nanoTime();
    if (Files.size(copy) != size) {
      throw new IllegalStateException("cp wrote " + Files.size(copy) + " bytes");
    }
    Files.delete(copy);
    exec(List.of("sync"), false);
    return new double[] {(copied - start) / 1e9, (synced - copied) / 1e9};
  }

  /**
   * Seconds of Java's own {@code MessageDigest} (this JVM, one thread, 1 MiB heap buffer, after an
   * untimed warm-up) over the package read from the page cache: the floor under any leg that must
   * compute that digest.
   */
  private double digest(String algorithm) throws Exception {
    java.security.MessageDigest digest = java.security.MessageDigest.getInstance(algorithm);
    ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    for (int i = 0; i < 256; i++) { // 256 MiB untimed, so that the JIT uses the digest intrinsic
      digest.update(buffer.array());
    }
    digest.reset();
    long start = System.nanoTime();
    try (FileChannel file = FileChannel.open(zip, StandardOpenOption.READ)) {
      while (file.read(buffer.clear()) >= 0) {
        digest.update(buffer.array(), 0, buffer.position());
      }
    }
    digest.digest();
    return (System.nanoTime() - start) / 1e9;
  }

  // ---------------------------------------------------------------- multipart

  /** Seconds of init→complete and of process for one multipart upload. */
  private double[] multipart() throws Exception {
    return multipart(size, true);
  }

  /**
   * Uploads the first {@code size} bytes of the package through the multipart flow; with {@code
   * process}, also imports it (only the whole package is a valid zip).
   */
  private double[] multipart(long size, boolean process) throws Exception {
    long start = System.nanoTime();
    String init =
        post(
            "/api/v1/packages/multipart/init",
            "{\"tenant_id\":\"" + tenant + "\",\"uploaded_by\":\"upload-bench\",\"filename\":\""
                + zip.getFileName() + "\",\"file_size\":" + size + "}");
    String uploadId = field(init, "upload_id");
    String storagePath = field(init, "storage_path");
    long partSize = Long.parseLong(number(init, "part_size"));
    int parts = Integer.parseInt(number(init, "total_parts"));
    String[] etags = new String[parts];
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    List<PutConnection> opened = new ArrayList<>();
    ThreadLocal<PutConnection> connections =
        ThreadLocal.withInitial(
            () -> {
              PutConnection c = new PutConnection();
              synchronized (opened) {
                opened.add(c);
              }
              return c;
            });
    try (FileChannel file = FileChannel.open(zip, StandardOpenOption.READ)) {
      List<Future<?>> done = new ArrayList<>();
      for (int p = 1; p <= parts; p++) {
        int number = p;
        done.add(
            pool.submit(
                () -> {
                  long offset = (number - 1) * partSize;
                  long length = Math.min(partSize, size - offset);
                  String url =
                      field(
                          post(
                              "/api/v1/packages/multipart/part-url",
                              "{\"upload_id\":\"" + uploadId + "\",\"part_number\":" + number
                                  + "}"),
                          "url");
                  String etag = connections.get().put(URI.create(url), file, offset, length);
                  etags[number - 1] = etag;
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
      for (PutConnection c : opened) {
        c.close();
      }
    }
    long put = System.nanoTime();
    StringBuilder list = new StringBuilder();
    for (int p = 1; p <= parts; p++) {
      String etag = etags[p - 1].replace("\"", "");
      list.append(p > 1 ? "," : "")
          .append("{\"part_number\":").append(p).append(",\"etag\":\"").append(etag).append("\"}");
    }
    String completed =
        post(
            "/api/v1/packages/multipart/complete",
            "{\"upload_id\":\"" + uploadId + "\",\"parts\":[" + list + "]}");
    if (Long.parseLong(number(completed, "size")) != size) {
      throw new IllegalStateException("complete answered another size: " + completed);
    }
    long complete = System.nanoTime();
    if (!process) {
      return new double[] {(complete - start) / 1e9, 0, (complete - put) / 1e9};
    }
    String processed =
        post(
            "/api/v1/packages/process",
            "{\"tenant_id\":\"" + tenant + "\",\"uploaded_by\":\"upload-bench\",\"storage_path\":\""
                + storagePath + "\",\"original_filename\":\"" + zip.getFileName() + "\"}");
    long end = System.nanoTime();
    if (!processed.contains("\"package_id\"")
        || Long.parseLong(number(processed, "file_size_bytes")) != size) {
      throw new IllegalStateException("process did not import the package: " + processed);
    }
    return new double[] {(complete - start) / 1e9, (end - complete) / 1e9, (complete - put) / 1e9};
  }

  /**
   * One keep-alive HTTP/1.1 connection for part PUTs that sends the body straight from the package
   * file with {@link FileChannel#transferTo} (sendfile), so that the driver costs almost no CPU and
   * the benchmark measures the server, not the client. Answers the part's ETag.
   */
  private static final class PutConnection implements AutoCloseable {
    private SocketChannel socket;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);

    String put(URI url, FileChannel file, long offset, long length) throws IOException {
      if (socket == null || !socket.isOpen()) {
        socket = SocketChannel.open(new InetSocketAddress(url.getHost(), url.getPort()));
        in.clear().flip();
      }
      String head =
          "PUT " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\n"
              + "Host: " + url.getHost() + ":" + url.getPort() + "\r\n"
              + "Content-Type: application/zip\r\n"
              + "Content-Length: " + length + "\r\n\r\n";
      ByteBuffer h = ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII));
      while (h.hasRemaining()) {
        socket.write(h);
      }
      for (long sent = 0; sent < length; ) {
        sent += file.transferTo(offset + sent, length - sent, socket);
      }
      String headers = readHead();
      int status = Integer.parseInt(headers.substring(9, 12));
      Map<String, String> fields = new HashMap<>();
      for (String line : headers.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          fields.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
        }
      }
      String body = readBody(fields);
      if ("close".equalsIgnoreCase(fields.get("connection"))) {
        close();
      }
      if (status != 200) {
        throw new IllegalStateException("PUT " + url.getRawPath() + ": " + status + " " + body);
      }
      String etag = fields.get("etag");
      if (etag == null) {
        throw new IllegalStateException("PUT " + url.getRawPath() + " answered no ETag: " + body);
      }
      return etag;
    }

    private String readHead() throws IOException {
      StringBuilder sb = new StringBuilder();
      while (sb.indexOf("\r\n\r\n") < 0) {
        sb.append((char) (next() & 0xff));
      }
      return sb.substring(0, sb.length() - 4);
    }

    private String readBody(Map<String, String> fields) throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      if (fields.containsKey("content-length")) {
        for (long n = Long.parseLong(fields.get("content-length")); n > 0; n--) {
          body.write(next());
        }
      } else if ("chunked".equalsIgnoreCase(fields.get("transfer-encoding"))) {
        while (true) {
          String line = line();
          int n = Integer.parseInt(line.split(";")[0].trim(), 16);
          if (n == 0) {
            while (!line().isEmpty()) {
              // trailers
            }
            break;
          }
          for (int i = 0; i < n; i++) {
            body.write(next());
          }
          line();
        }
      }
      return body.toString(StandardCharsets.UTF_8);
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder();
      for (int b = next(); b != '\n'; b = next()) {
        if (b != '\r') {
          sb.append((char) b);
        }
      }
      return sb.toString();
    }

    private int next() throws IOException {
      if (!in.hasRemaining()) {
        in.clear();
        if (socket.read(in) < 0) {
          throw new IOException("the server closed the connection");
        }
        in.flip();
      }
      return in.get() & 0xff;
    }

    @Override
    public void close() {
      try {
        if (socket != null) {
          socket.close();
        }
      } catch (IOException e) {
        // closing
      }
    }
  }

  private String post(String path, String json) throws IOException, InterruptedException {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(http + path))
                .header("X-API-Key", key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("POST " + path + ": " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  /** The caller's tenant UUID, which the Allure routes name in a 403 for a wrong one. */
  private String tenantUuid() throws IOException, InterruptedException {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(http + "/api/v1/packages?tenant_id=x"))
                .header("X-API-Key", key)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher m = Pattern.compile("of this API key \\(([^)]+)\\)").matcher(r.body());
    if (!m.find()) {
      throw new IllegalStateException("no tenant id in " + r.statusCode() + " " + r.body());
    }
    return m.group(1);
  }

  /** A JSON string field of a flat answer, unescaped. */
  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no \"" + name + "\" in " + json);
    }
    String s = m.group(1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        out.append(c);
      } else {
        char e = s.charAt(++i);
        switch (e) {
          case 'u' -> {
            out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
            i += 4;
          }
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          default -> out.append(e);
        }
      }
    }
    return out.toString();
  }

  /** A JSON number field (or a number written as a string, as protobuf JSON writes int64). */
  private static String number(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?(\\d+)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no \"" + name + "\" in " + json);
    }
    return m.group(1);
  }

  // ---------------------------------------------------------------- gRPC

  private List<String> cli(String... args) {
    List<String> command = new ArrayList<>(List.of("java", "-Xmx256m"));
    String clientOpts = System.getenv().getOrDefault("BENCH_CLIENT_OPTS", "").trim();
    if (!clientOpts.isEmpty()) {
      command.addAll(List.of(clientOpts.split("\\s+")));
    }
    command.addAll(List.of("-jar", clientJar.toString(),
        "--target", grpcTarget, "--key", key));
    command.addAll(List.of(args));
    return command;
  }

  /** Why the gRPC leg cannot run, or null when the command line has {@code packages upload}. */
  private String grpcSkipReason() throws Exception {
    if (System.getenv("BENCH_SKIP_GRPC") != null) {
      return "BENCH_SKIP_GRPC is set";
    }
    String top = run(cli("--help"));
    if (!Pattern.compile("(?m)^\\s+packages\\s").matcher(top).find()
        || !run(cli("packages", "--help")).contains("upload")) {
      return "needs `courseport packages upload` (not in " + clientJar + ")";
    }
    return null;
  }

  /** Output of a command, whatever its exit status. */
  private static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  /** Seconds of {@code courseport packages upload <zip>}: the resumable upload and the import. */
  private double[] grpcUpload() throws Exception {
    long start = System.nanoTime();
    String out = exec(cli("packages", "upload", zip.toString()), false);
    long end = System.nanoTime();
    System.out.println("  cli: " + out.lines().reduce((a, b) -> b).orElse("").trim());
    return new double[] {(end - start) / 1e9, 0, 0};
  }

  // ---------------------------------------------------------------- measuring

  private interface Timed {
    double[] run() throws Exception;
  }

  private Leg measure(Timed leg) throws Exception {
    exec(List.of("sync"), false);
    jcmd("GC.run");
    double base = heapUsedMiB();
    long gcOffset = Files.size(gcLog);
    Sampler sampler = new Sampler(pid);
    long cpu0 = cpuTicks(Path.of("/proc/" + pid + "/stat"));
    Map<String, Long> threads0 = threadTicks();
    long client0 = clientCpuNanos();
    double[] seconds = leg.run();
    double clientCpu = (clientCpuNanos() - client0) / 1e9;
    double cpu = (cpuTicks(Path.of("/proc/" + pid + "/stat")) - cpu0) / (double) TICKS;
    String threads = threadCpu(threads0, threadTicks());
    double sampled = sampler.stop();
    double after = heapUsedMiB();
    double[] gc = gcPeaks(gcOffset);
    jcmd("GC.run");
    double retained = heapUsedMiB();
    return new Leg(seconds[0], seconds[1], seconds[2], clientCpu, cpu, base, retained, Math.max(sampled, after), gc[0],
        gc[1], (int) gc[2], threads);
  }

  /**
   * One untimed multipart upload while a full GC runs every second; the largest heap after those
   * collections (from the GC log) minus the heap before is the live growth.
   */
  private double liveRound(String name, int i, Timed leg) throws Exception {
    jcmd("GC.run");
    double before = heapUsedMiB();
    long gcOffset = Files.size(gcLog);
    Thread sampler = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          jcmd("GC.run");
          Thread.sleep(1000);
        }
      } catch (InterruptedException e) {
        // stopped
      } catch (IOException | RuntimeException e) {
        System.out.println("live sampling stopped: " + e);
      }
    }, "live-sampler");
    sampler.start();
    double[] s = leg.run();
    sampler.interrupt();
    sampler.join();
    double max = 0;
    int count = 0;
    for (String line : gcLines(gcOffset)) {
      Matcher m = GC_LINE.matcher(line);
      if (line.contains("Pause Full (") && m.find()) {
        count++;
        max = Math.max(max, Double.parseDouble(m.group(2)));
      }
    }
    System.out.printf("live round %d, %s (%.1f s + process %.1f s, slowed by the full GCs):"
        + " heap before %.1f MiB, max after %d full GCs %.1f MiB (%+.1f)%n",
        i + 1, name, s[0], s[1], before, count, max, max - before);
    return max - before;
  }

  private double[] gcPeaks(long from) throws IOException {
    double before = 0;
    double live = 0;
    int count = 0;
    for (String line : gcLines(from)) {
      Matcher m = GC_LINE.matcher(line);
      if (m.find()) {
        count++;
        before = Math.max(before, Double.parseDouble(m.group(1)));
        live = Math.max(live, Double.parseDouble(m.group(2)));
      }
    }
    return new double[] {before, live, count};
  }

  private String[] gcLines(long from) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(gcLog.toFile(), "r")) {
      f.seek(from);
      byte[] rest = new byte[(int) (f.length() - from)];
      f.readFully(rest);
      return new String(rest, StandardCharsets.UTF_8).split("\n");
    }
  }

  private double heapUsedMiB() throws IOException, InterruptedException {
    Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
    if (!m.find()) {
      throw new IllegalStateException("no heap figure from jcmd GC.heap_info");
    }
    return Long.parseLong(m.group(1)) / 1024.0;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("jcmd", String.valueOf(pid), command)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("jcmd " + command + " failed: " + out);
    }
    return out;
  }

  private static String exec(List<String> command, boolean discard) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (discard) {
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }
    Process p = pb.start();
    String out = discard ? "" : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  /** CPU of this driver and of the children it waited for (the command line of the gRPC leg). */
  private static long clientCpuNanos() throws IOException {
    String s = Files.readString(Path.of("/proc/self/stat"));
    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
    long ticks = 0;
    for (int field = 14; field <= 17; field++) {
      ticks += Long.parseLong(f[field - 3]);
    }
    return ticks * (1_000_000_000L / TICKS);
  }

  private static String loadAverage() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).trim();
  }

  /** CPU ticks of the server's threads, summed by thread name without its number. */
  private Map<String, Long> threadTicks() throws IOException {
    Map<String, Long> ticks = new HashMap<>();
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String name = Files.readString(task.resolve("comm")).trim()
              .replaceAll("[-#]?[0-9]+$", "").replaceAll("[-#]$", "");
          ticks.merge(name, cpuTicks(task.resolve("stat")), Long::sum);
        } catch (IOException e) {
          // the thread ended meanwhile
        }
      }
    }
    return ticks;
  }

  /** The threads that used at least 0.1 s of CPU between the two snapshots, busiest first. */
  private static String threadCpu(Map<String, Long> before, Map<String, Long> after) {
    StringBuilder s = new StringBuilder();
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() >= TICKS / 10)
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .forEach(e -> s.append(String.format("%s %.2f s; ", e.getKey(),
            e.getValue() / (double) TICKS)));
    return s.toString();
  }

  /** utime + stime of a /proc stat file. */
  private static long cpuTicks(Path stat) throws IOException {
    String s = Files.readString(stat);
    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" "); // f[0] is field 3 (state)
    return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
  }

  /** Samples the server's used heap (S0U+S1U+EU+OU) every 200 ms with jstat; keeps the maximum. */
  private static final class Sampler {
    private final Process process;
    private final Thread reader;
    private final AtomicLong maxKib = new AtomicLong();

    Sampler(long pid) throws IOException {
      process = new ProcessBuilder("jstat", "-gc", String.valueOf(pid), "200")
          .redirectErrorStream(true).start();
      reader = new Thread(this::read, "jstat-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        Map<String, Integer> cols = new HashMap<>();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 0 && f[0].equals("S0C")) {
            for (int i = 0; i < f.length; i++) {
              cols.put(f[i], i);
            }
          } else if (!cols.isEmpty() && f.length == cols.size()) {
            double used = 0;
            for (String c : List.of("S0U", "S1U", "EU", "OU")) {
              used += Double.parseDouble(f[cols.get(c)]);
            }
            maxKib.accumulateAndGet((long) used, Math::max);
          }
        }
      } catch (IOException | RuntimeException e) {
        // the sampler is stopped by destroying jstat
      }
    }

    double stop() throws InterruptedException {
      process.destroy();
      process.waitFor();
      reader.join(2000);
      return maxKib.get() / 1024.0;
    }
  }

  // ---------------------------------------------------------------- summary

  private void summary(
      List<Round> rs, List<Double> live, List<Double> liveGrpc, String grpcSkip) {
    double cp = median(rs, Round::cpS);
    double cpSync = median(rs, r -> r.cpS + r.syncS);
    boolean withMultipart = rs.get(0).multipart != null;
    System.out.println();
    System.out.printf("== %,d bytes (%.2f GiB), %d rounds, medians; MB = 10^6 bytes ==%n", size,
        size / (MIB * 1024), rs.size());
    System.out.printf("%-34s %9s %9s %12s %12s %14s%n", "", "seconds", "MB/s", "vs cp+sync",
        "vs cp", "heap growth");
    row("cp", cp, cp, cpSync, "");
    row("cp + sync", cpSync, cp, cpSync, "");
    double md5 = median(rs, Round::md5S);
    double sha256 = median(rs, Round::sha256S);
    row("java MD5 (one thread)", md5, cp, cpSync, "");
    row("java SHA-256 (one thread)", sha256, cp, cpSync, "");
    row("digest floor: MD5 + SHA-256", md5 + sha256, cp, cpSync, "");
    if (withMultipart) {
      double mp = median(rs, r -> r.multipart.uploadS);
      double proc = median(rs, r -> r.multipart.processS);
      row("multipart init→complete", mp, cp, cpSync, heap(rs, r -> r.multipart), md5 + sha256);
      row("multipart + process (import)", mp + proc, cp, cpSync, "", md5 + sha256);
      System.out.printf("%-34s %9.2f%n", "  of which complete",
          median(rs, r -> r.multipart.completeS));
      System.out.printf("%-34s %9.2f%n", "  process alone", proc);
    } else {
      System.out.printf("%-34s skipped: BENCH_SKIP_MULTIPART is set%n", "multipart");
    }
    if (grpcSkip == null) {
      row("gRPC `packages upload` (+ import)", median(rs, r -> r.grpc.uploadS), cp, cpSync,
          heap(rs, r -> r.grpc), sha256);
    } else {
      System.out.printf("%-34s skipped: %s%n", "gRPC `packages upload`", grpcSkip);
    }
    System.out.println("heap growth = peak used sampled every 200 ms (jstat) minus the used heap"
        + " after a full GC before the leg; garbage included");
    System.out.println("floor = the leg's seconds over the digests it must compute, one thread"
        + " each (multipart: MD5 + SHA-256; gRPC: SHA-256, computed by client and server)");
    if (withMultipart) {
      System.out.printf("multipart: max heap after a GC %+.1f MiB, retained after %+.1f MiB,"
          + " server cpu %.2f s%n", median(rs, r -> r.multipart.gcLiveMaxMiB - r.multipart.baseMiB),
          median(rs, r -> r.multipart.retainedMiB - r.multipart.baseMiB),
          median(rs, r -> r.multipart.serverCpuS));
      // The CPU floor: the target (multipart at >= 0.5x cp + sync) leaves 2 x cp+sync seconds on
      // the 2 cores the server has here, and the digests the API requires take this much of it.
      double budget = 2 * 2 * cpSync;
      System.out.printf("multipart CPU floor: digests MD5 %.2f + SHA-256 %.2f = %.2f CPU-s of the"
          + " budget 2 cores x (2 x cp+sync %.2f s) = %.2f CPU-s (%.0f %%); server cpu %.2f s ="
          + " %.1fx the budget%n", md5, sha256, md5 + sha256, cpSync, budget,
          100 * (md5 + sha256) / budget, median(rs, r -> r.multipart.serverCpuS),
          median(rs, r -> r.multipart.serverCpuS) / budget);
    }
    if (!live.isEmpty()) {
      live.sort(null);
      System.out.printf("multipart live heap growth (full GC every second, %d uploads): max %+.1f"
          + " MiB%n", live.size(), live.get(live.size() - 1));
    }
    if (!liveGrpc.isEmpty()) {
      liveGrpc.sort(null);
      System.out.printf("gRPC live heap growth (full GC every second, %d uploads): max %+.1f"
          + " MiB%n", liveGrpc.size(), liveGrpc.get(liveGrpc.size() - 1));
    }
    if (grpcSkip == null) {
      System.out.printf("gRPC: max heap after a GC %+.1f MiB, retained after %+.1f MiB,"
          + " cpu server %.2f s + client %.2f s%n",
          median(rs, r -> r.grpc.gcLiveMaxMiB - r.grpc.baseMiB),
          median(rs, r -> r.grpc.retainedMiB - r.grpc.baseMiB),
          median(rs, r -> r.grpc.serverCpuS), median(rs, r -> r.grpc.clientCpuS));
    }
  }

  private void row(String name, double seconds, double cp, double cpSync, String heap) {
    System.out.printf("%-34s %9.2f %9.0f %11.2fx %11.2fx %14s%n", name, seconds,
        size / MB / seconds, cpSync / seconds, cp / seconds, heap);
  }

  /** A leg's row, with how many times the digest floor (MD5 + SHA-256, one thread) it takes. */
  private void row(String name, double seconds, double cp, double cpSync, String heap,
      double floor) {
    System.out.printf("%-34s %9.2f %9.0f %11.2fx %11.2fx %14s %8.2fx floor%n", name, seconds,
        size / MB / seconds, cpSync / seconds, cp / seconds, heap, seconds / floor);
  }

  private static String heap(List<Round> rs, java.util.function.Function<Round, Leg> leg) {
    return String.format("%+.1f MiB", median(rs, r -> leg.apply(r).sampledPeakMiB
        - leg.apply(r).baseMiB));
  }

  private static double median(List<Round> rs, ToDoubleFunction<Round> f) {
    double[] v = rs.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
