package org.courseport.server.bench;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.file.FileService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.courseport.server.config.LaunchConfig;
import org.courseport.server.content.ContentOrigin;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.launch.LaunchGrant;
import org.courseport.server.domain.launch.LaunchMode;
import org.courseport.server.domain.launch.LaunchSession;
import org.courseport.server.domain.launch.LaunchSessions;
import org.courseport.server.domain.launch.LaunchTokens;
import org.courseport.server.domain.launch.ResumeData;
import org.courseport.server.domain.launch.RuntimeCommit;
import org.courseport.server.domain.launch.TokenResolution;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.player.LaunchPlan;
import org.courseport.server.storage.blob.FileSystemBlobStore;

/**
 * Content-origin throughput: package files served by {@link ContentOrigin} straight from a stored
 * zip (through its central directory, nothing extracted) next to the same files served from disk by
 * a trivial Armeria server in the same run: {@link FileService} (defaults) for the small files,
 * and, because FileService answers no {@code Range}, a trivial range service over {@code
 * StreamMessage.of(path).range(…)} for the video. The workloads: every one of {@code files} small
 * HTML-like files ({@code fileKb} KB, deflated in the zip) in a shuffled order; and {@code ranges}
 * random 1 MiB ranges of a {@code videoMb} MB video (stored, as packaging tools store media). A JDK
 * HttpClient (HTTP/1.1) with 8 concurrent requests; every response's length is checked, and a first
 * untimed round compares bytes. Rounds alternate which server goes first; medians are printed.
 * Usage: {@code ContentOriginBench outDir [files] [fileKb] [videoMb] [ranges] [rounds]}.
 */
public final class ContentOriginBench {
  private static final int CONCURRENCY = 8;
  private static final int RANGE_BYTES = 1024 * 1024;
  private static final AtomicLong RETRIES = new AtomicLong();

  private ContentOriginBench() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "bench/out/content-origin").toAbsolutePath();
    int files = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int fileKb = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int videoMb = args.length > 3 ? Integer.parseInt(args[3]) : 200;
    int ranges = args.length > 4 ? Integer.parseInt(args[4]) : 400;
    int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 5;
    Path disk = out.resolve("files");
    Path zip = out.resolve("package.zip");
    List<String> names = generate(disk, zip, files, fileKb, videoMb);
    long videoSize = Files.size(disk.resolve("media/video.mp4"));

    Path data = out.resolve("data");
    deleteTree(data);
    BlobStore blobs = new FileSystemBlobStore(data);
    String blobId;
    try (BlobStore.BlobWriter w = blobs.newWriter()) {
      Files.copy(zip, w.stream());
      blobId = w.commit();
    }
    CourseVersion version = version(blobId, Files.size(zip));
    InMemoryTokens tokens = new InMemoryTokens();
    LaunchGrant grant =
        new LaunchGrant(
            "bench",
            "bench",
            0,
            LaunchMode.PREVIEW,
            null,
            null,
            null,
            Instant.now().plus(Duration.ofDays(1)));
    String delivery = tokens.mint(grant);
    try (ContentOrigin origin =
            new ContentOrigin(
                    new InetSocketAddress("127.0.0.1", 0),
                    new LaunchConfig(null, Duration.ofHours(8), Duration.ofHours(1)),
                    tokens,
                    new NoSessions(),
                    v -> LaunchPlan.unsupported(v.title(), "bench"),
                    g -> Optional.of(version),
                    blobs,
                    ZipLimits.defaults(),
                    m -> "",
                    Clock.systemUTC())
                .start();
        DiskServer diskServer = new DiskServer(disk)) {
      String zipBase = "http://127.0.0.1:" + origin.port() + "/s/" + delivery + "/c/";
      String diskBase = "http://127.0.0.1:" + diskServer.port() + "/f/";
      String diskRangeBase = "http://127.0.0.1:" + diskServer.port() + "/r/";
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
      try {
        verify(client, zipBase, diskBase, diskRangeBase, names, videoSize);
        System.out.printf(
            "content origin bench: %d files x %d KB (zip %.1f MB), video %.1f MB stored, %d x 1 MiB"
                + " ranges, %d rounds, concurrency %d, %d cores, load %.1f%n",
            files,
            fileKb,
            Files.size(zip) / 1e6,
            videoSize / 1e6,
            ranges,
            rounds,
            CONCURRENCY,
            Runtime.getRuntime().availableProcessors(),
            java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
        // Untimed warm-up of both servers (JIT, open package, caches).
        for (String base : new String[] {zipBase, diskBase}) {
          smallFiles(client, pool, base, names);
        }
        List<Long> warmStarts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          warmStarts.add(i * ((videoSize - RANGE_BYTES) / 50));
        }
        rangesRun(client, pool, zipBase + "media/video.mp4", warmStarts, videoSize);
        rangesRun(client, pool, diskRangeBase + "media/video.mp4", warmStarts, videoSize);
        List<Double> zipFiles = new ArrayList<>();
        List<Double> diskFiles = new ArrayList<>();
        List<Double> zipRanges = new ArrayList<>();
        List<Double> diskRanges = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
          Random random = new Random(round);
          List<String> order = new ArrayList<>(names);
          Collections.shuffle(order, random);
          List<Long> starts = new ArrayList<>();
          for (int i = 0; i < ranges; i++) {
            starts.add((long) (random.nextDouble() * (videoSize - RANGE_BYTES)));
          }
          boolean zipFirst = round % 2 == 0;
          for (int side = 0; side < 2; side++) {
            boolean zipSide = (side == 0) == zipFirst;
            double fps = smallFiles(client, pool, zipSide ? zipBase : diskBase, order);
            double mbps =
                rangesRun(
                    client,
                    pool,
                    zipSide ? zipBase + "media/video.mp4" : diskRangeBase + "media/video.mp4",
                    starts,
                    videoSize);
            (zipSide ? zipFiles : diskFiles).add(fps);
            (zipSide ? zipRanges : diskRanges).add(mbps);
          }
          System.out.printf(
              "round %d: small files zip %.0f/s disk %.0f/s (%.2fx); ranges zip %.0f MB/s disk"
                  + " %.0f MB/s (%.2fx)%n",
              round + 1,
              last(zipFiles),
              last(diskFiles),
              last(zipFiles) / last(diskFiles),
              last(zipRanges),
              last(diskRanges),
              last(zipRanges) / last(diskRanges));
        }
        double zf = median(zipFiles);
        double df = median(diskFiles);
        double zr = median(zipRanges);
        double dr = median(diskRanges);
        System.out.printf(
            "MEDIAN small files: zip %.0f files/s (%.1f MB/s), disk FileService %.0f files/s"
                + " (%.1f MB/s): ratio %.2fx%n",
            zf, zf * fileKb * 1000 / 1e6, df, df * fileKb * 1000 / 1e6, zf / df);
        System.out.printf(
            "MEDIAN 1 MiB ranges of the video: zip %.0f MB/s, disk %.0f MB/s: ratio %.2fx%n",
            zr, dr, zr / dr);
        System.out.printf("requests retried after an unexpected status: %d%n", RETRIES.get());
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static double last(List<Double> values) {
    return values.get(values.size() - 1);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** Every file once, 8 at a time; answers files per second. */
  private static double smallFiles(
      HttpClient client, ExecutorService pool, String base, List<String> order) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicLong bytes = new AtomicLong();
    long t0 = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < CONCURRENCY; w++) {
      workers.add(
          pool.submit(
              () -> {
                for (int i; (i = next.getAndIncrement()) < order.size(); ) {
                  byte[] body = get(client, base + order.get(i), null, 200);
                  bytes.addAndGet(body.length);
                }
                return null;
              }));
    }
    for (Future<?> f : workers) {
      f.get();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return order.size() / seconds;
  }

  /** The given 1 MiB ranges, 8 at a time; answers MB per second. */
  private static double rangesRun(
      HttpClient client, ExecutorService pool, String url, List<Long> starts, long size)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicLong bytes = new AtomicLong();
    long t0 = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < CONCURRENCY; w++) {
      workers.add(
          pool.submit(
              () -> {
                for (int i; (i = next.getAndIncrement()) < starts.size(); ) {
                  long s = starts.get(i);
                  byte[] body = get(client, url, "bytes=" + s + "-" + (s + RANGE_BYTES - 1), 206);
                  if (body.length != RANGE_BYTES) {
                    throw new IllegalStateException("range of " + body.length + " bytes");
                  }
                  bytes.addAndGet(body.length);
                }
                return null;
              }));
    }
    for (Future<?> f : workers) {
      f.get();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return bytes.get() / 1e6 / seconds;
  }

  private static byte[] get(HttpClient client, String url, String range, int status)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    if (range != null) {
      b.header("Range", range);
    }
    // A loaded machine may make either server fail a request now and then: retried, and counted.
    for (int attempt = 1; ; attempt++) {
      var r = client.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() == status) {
        return r.body();
      }
      RETRIES.incrementAndGet();
      if (attempt == 3) {
        throw new IllegalStateException(url + " answered " + r.statusCode());
      }
    }
  }

  /** Untimed: both servers answer the same bytes for a sample of files and ranges. */
  private static void verify(
      HttpClient client,
      String zipBase,
      String diskBase,
      String diskRangeBase,
      List<String> names,
      long videoSize)
      throws Exception {
    for (int i = 0; i < names.size(); i += Math.max(1, names.size() / 50)) {
      byte[] a = get(client, zipBase + names.get(i), null, 200);
      byte[] b = get(client, diskBase + names.get(i), null, 200);
      if (!java.util.Arrays.equals(a, b)) {
        throw new IllegalStateException("different bytes for " + names.get(i));
      }
    }
    for (long s : new long[] {0, videoSize / 3, videoSize - RANGE_BYTES}) {
      String range = "bytes=" + s + "-" + (s + RANGE_BYTES - 1);
      byte[] a = get(client, zipBase + "media/video.mp4", range, 206);
      byte[] b = get(client, diskRangeBase + "media/video.mp4", range, 206);
      if (!java.util.Arrays.equals(a, b)) {
        throw new IllegalStateException("different bytes for the range " + range);
      }
    }
  }

  // ------------------------------------------------------------------------------ the package

  private static List<String> generate(Path disk, Path zip, int files, int fileKb, int videoMb)
      throws IOException {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      names.add(
          "pages/p"
              + (i / 100)
              + "/page"
              + i
              + (i % 3 == 0 ? ".js" : i % 3 == 1 ? ".html" : ".css"));
    }
    Path marker = disk.resolve(".generated-" + files + "-" + fileKb + "-" + videoMb);
    if (Files.exists(marker) && Files.exists(zip)) {
      return names;
    }
    deleteTree(disk);
    Random random = new Random(42);
    String[] words =
        "the lesson course learner module quiz answer question score video page navigation"
            .split(" ");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("imsmanifest.xml"));
      out.write("<manifest/>".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
      for (String name : names) {
        StringBuilder text = new StringBuilder(fileKb * 1000 + 64);
        while (text.length() < fileKb * 1000) {
          text.append(words[random.nextInt(words.length)]).append(random.nextInt(1000)).append(' ');
        }
        byte[] bytes = text.substring(0, fileKb * 1000).getBytes(StandardCharsets.UTF_8);
        Path file = disk.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        out.putNextEntry(new ZipEntry(name));
        out.write(bytes);
        out.closeEntry();
      }
      Path video = disk.resolve("media/video.mp4");
      Files.createDirectories(video.getParent());
      CRC32 crc = new CRC32();
      byte[] chunk = new byte[1024 * 1024];
      try (OutputStream v = Files.newOutputStream(video)) {
        for (int i = 0; i < videoMb; i++) {
          random.nextBytes(chunk);
          crc.update(chunk);
          v.write(chunk);
        }
      }
      ZipEntry entry = new ZipEntry("media/video.mp4");
      entry.setMethod(ZipEntry.STORED);
      entry.setSize((long) videoMb * chunk.length);
      entry.setCompressedSize((long) videoMb * chunk.length);
      entry.setCrc(crc.getValue());
      out.putNextEntry(entry);
      try (InputStream in = Files.newInputStream(video)) {
        in.transferTo(out);
      }
      out.closeEntry();
    }
    Files.createFile(marker);
    return names;
  }

  private static CourseVersion version(String blobId, long size) {
    PackageDescription description =
        new PackageDescription(
            LearningStandard.SCORM12,
            "scorm-1.2",
            "Bench",
            "",
            "pages/p0/page1.html",
            1,
            1,
            null,
            null,
            List.of(),
            "imsmanifest.xml");
    Instant now = Instant.now();
    return new CourseVersion(
        "bench", "bench", 0, "Bench", blobId, size, "bench.zip", description, null, now, now);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  // ------------------------------------------------------------------------------ the baseline

  /**
   * The disk baseline: Armeria's FileService over the folder ({@code /f/}; its in-memory cache off,
   * as ContentOrigin keeps no file bytes, unless {@code -Dbench.fileServiceCache=N}: with it on,
   * Armeria 1.35 answered some concurrent requests 500, IllegalReferenceCountException in
   * HttpDataFile), and a trivial range service ({@code /r/}) for the video, since FileService sends
   * whole files only.
   */
  private static final class DiskServer implements AutoCloseable {
    private final Server server;

    DiskServer(Path root) {
      server =
          Server.builder()
              .http(new InetSocketAddress("127.0.0.1", 0))
              .serviceUnder(
                  "/f/",
                  FileService.builder(root)
                      .maxCacheEntries(Integer.getInteger("bench.fileServiceCache", 0))
                      .build())
              .serviceUnder(
                  "/r/",
                  (ctx, req) -> {
                    Path file = root.resolve(ctx.mappedPath().substring(1)).normalize();
                    long size = Files.size(file);
                    String[] range =
                        req.headers().get(HttpHeaderNames.RANGE).substring(6).split("-");
                    long start = Long.parseLong(range[0]);
                    long end = Math.min(Long.parseLong(range[1]), size - 1);
                    long length = end - start + 1;
                    return HttpResponse.of(
                        ResponseHeaders.builder(HttpStatus.PARTIAL_CONTENT)
                            .add(HttpHeaderNames.CONTENT_TYPE, "video/mp4")
                            .add(
                                HttpHeaderNames.CONTENT_RANGE,
                                "bytes " + start + "-" + end + "/" + size)
                            .setLong(HttpHeaderNames.CONTENT_LENGTH, length)
                            .build(),
                        StreamMessage.builder(file)
                            .executor(ctx.blockingTaskExecutor())
                            .bufferSize(64 * 1024)
                            .build()
                            .range(start, length));
                  })
              .build();
      server.start().join();
    }

    int port() {
      return server.activeLocalPort();
    }

    @Override
    public void close() {
      server.stop().join();
    }
  }

  // ------------------------------------------------------------------------------ fakes

  /** Delivery tokens in memory (the bench measures serving, not the token store). */
  private static final class InMemoryTokens implements LaunchTokens {
    private final Map<String, LaunchGrant> grants = new ConcurrentHashMap<>();

    String mint(LaunchGrant grant) {
      byte[] b = new byte[32];
      new java.security.SecureRandom().nextBytes(b);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
      grants.put(token, grant);
      return token;
    }

    @Override
    public String issueLink(LaunchGrant grant) {
      return mint(grant);
    }

    @Override
    public TokenResolution open(String linkToken) {
      return delivery(linkToken);
    }

    @Override
    public TokenResolution delivery(String deliveryToken) {
      LaunchGrant g = grants.get(deliveryToken);
      return g == null
          ? new TokenResolution.Unknown()
          : new TokenResolution.Valid(g, deliveryToken);
    }
  }

  /** No tracked sessions in the bench. */
  private static final class NoSessions implements LaunchSessions {
    @Override
    public Started start(String t, String c, int v, String s, String id, String u) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<LaunchSession> find(String t, String c, String s) {
      return Optional.empty();
    }

    @Override
    public ResumeData resume(LaunchGrant grant) {
      return ResumeData.NONE;
    }

    @Override
    public LaunchSession commit(LaunchGrant grant, RuntimeCommit commit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long count(String t, String c, Integer v) {
      return 0;
    }
  }
}
