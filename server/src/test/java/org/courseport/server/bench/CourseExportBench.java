package org.courseport.server.bench;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.courseport.api.v1.AuthoredLesson;
import org.courseport.api.v1.AuthoredModule;
import org.courseport.api.v1.CourseAuthoringServiceGrpc;
import org.courseport.api.v1.CourseAuthoringServiceGrpc.CourseAuthoringServiceBlockingStub;
import org.courseport.api.v1.CourseJob;
import org.courseport.api.v1.CreateCourseRequest;
import org.courseport.api.v1.CreateLessonRequest;
import org.courseport.api.v1.GetCourseJobRequest;
import org.courseport.api.v1.LessonServiceGrpc;
import org.courseport.api.v1.LessonServiceGrpc.LessonServiceBlockingStub;
import org.courseport.api.v1.LessonVersion;
import org.courseport.api.v1.PublishLessonVersionRequest;
import org.courseport.server.CourseportServer;
import org.courseport.server.Services;
import org.courseport.server.config.ServerConfig;
import org.courseport.server.domain.media.MediaItem;
import org.courseport.server.domain.media.MediaUpload;
import org.courseport.server.export.CourseExports.ExportedPackage;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportOptions;
import org.courseport.server.storage.mongo.export.MongoExportBuilds;

/**
 * The course export benchmark through the real pipeline: a {@link CourseportServer} on a fresh data
 * directory with its embedded MongoDB; media uploaded through the media library (JPEG/PNG/MP3 /MP4
 * of random bytes behind valid signatures, incompressible like real media, and SVG text), lessons
 * created and published through the LessonService stubs, the course created through the
 * CourseAuthoringService stubs and its job completed. Then {@code Services.courseExports().export(
 * tenant, course, SCORM 2004 4th)}: cold (snapshot, plan = render + media, zip, verify = re-read,
 * build record) next to {@code zip -r -q} of the same source files (media + lesson JSON) in the
 * same round; warm (the same call again: plan-key cache hit); a typical course (50 lessons, 20 MB)
 * cold. Each cold round first drops the build records so that the next export builds again. Usage:
 * {@code CourseExportBench outDir [files] [totalMb] [rounds] [warmRounds]}.
 */
public final class CourseExportBench {
  private CourseExportBench() {}

  private static final String KEY_ID = "bench-app";
  private static final String KEY = KEY_ID + ":bench-secret";
  private static final String[] MEDIA = {"jpg", "png", "mp3", "mp4"};
  private static final String[] WORDS =
      ("the lesson course learner module quiz answer question score video image audio section"
              + " page navigation completion mastery runtime content block heading paragraph list"
              + " table caption review summary objective activity resource example practice")
          .split(" ");

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "bench/out/course-export").toAbsolutePath();
    int files = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int totalMb = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int warmRounds = args.length > 4 ? Integer.parseInt(args[4]) : 21;
    Path sources = out.resolve("files");
    int bigLessons = Math.max(1, files / 20);
    Source big =
        Source.generate(
            sources, "course", files - bigLessons, (long) totalMb * 1_000_000, bigLessons, 1);
    Source typical = Source.generate(sources, "typical", 100, 20_000_000, 50, 2);
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
    try (CourseportServer server = CourseportServer.start(ServerConfig.fromEnvironment(env))) {
      ManagedChannel channel = InProcessChannelBuilder.forName(server.inProcessName()).build();
      try {
        run(server.services(), channel, big, typical, rounds, warmRounds);
      } finally {
        channel.shutdownNow();
      }
    } finally {
      deleteTree(data);
    }
  }

  private static void run(
      Services services,
      ManagedChannel channel,
      Source big,
      Source typical,
      int rounds,
      int warmRounds)
      throws Exception {
    String tenant = services.tenants().findKey(KEY_ID).orElseThrow().tenantId();
    long t = System.nanoTime();
    String bigCourse = big.author(services, channel, tenant, "Large course");
    double authorBig = ms(t);
    t = System.nanoTime();
    String typicalCourse = typical.author(services, channel, tenant, "Typical course");
    double authorTypical = ms(t);
    System.out.printf(
        Locale.ROOT,
        "large course: %d lessons, %d media (%d SVG), %,d media bytes; authored (upload +"
            + " lessons + course job) in %.0f ms%ntypical course: %d lessons, %d media, %,d media"
            + " bytes; authored in %.0f ms%nprocessors: %d, load: %s%n",
        big.lessons,
        big.media.size(),
        big.svgCount,
        big.mediaBytes,
        authorBig,
        typical.lessons,
        typical.media.size(),
        typical.mediaBytes,
        authorTypical,
        Runtime.getRuntime().availableProcessors(),
        load());
    ExportOptions options = ExportOptions.of(ExportFormat.SCORM2004_4TH);
    Map<String, List<Double>> times = new HashMap<>();
    String firstSha = null;
    ExportedPackage last = null;
    for (int round = 0; round <= rounds; round++) { // round 0 warms the JVM up, unreported
      double zipMs = zip(big.dir, big.dir.resolveSibling("course-zip-r-q.zip"));
      double zipTypicalMs = zip(typical.dir, typical.dir.resolveSibling("typical-zip-r-q.zip"));
      forgetBuilds(services);
      Phases cold = new Phases();
      last = services.courseExports().export(tenant, bigCourse, options, cold.start());
      cold.end();
      if (last.cached()) {
        throw new IllegalStateException("a cold export was served from the cache");
      }
      if (firstSha == null) {
        firstSha = last.sha256();
      } else if (!firstSha.equals(last.sha256())) {
        throw new IllegalStateException("the same course gave different bytes");
      }
      Phases typicalCold = new Phases();
      ExportedPackage small =
          services.courseExports().export(tenant, typicalCourse, options, typicalCold.start());
      typicalCold.end();
      if (small.cached()) {
        throw new IllegalStateException("a cold export was served from the cache");
      }
      if (round > 0) {
        Map<String, Double> r = new HashMap<>();
        r.put("zip", zipMs);
        r.put("zipTypical", zipTypicalMs);
        r.put("cold", cold.total());
        r.put("plan", cold.plan());
        r.put("write", cold.write());
        r.put("verify", cold.verify());
        r.put("record", cold.record());
        r.put("typical", typicalCold.total());
        r.put("typicalVerify", typicalCold.verify());
        r.forEach((k, v) -> times.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        System.out.printf(
            Locale.ROOT,
            "round %d (load %s): zip -r -q %.0f ms | export cold %.0f ms = %.2fx (snapshot+plan"
                + " %.0f, zip %.0f, verify %.0f, record %.0f) | typical cold %.0f ms (verify %.0f;"
                + " zip -r -q %.0f ms)%n",
            round,
            load(),
            zipMs,
            cold.total(),
            cold.total() / zipMs,
            cold.plan(),
            cold.write(),
            cold.verify(),
            cold.record(),
            typicalCold.total(),
            typicalCold.verify(),
            zipTypicalMs);
      }
    }
    int entries = countEntries(services, last.blobId());
    List<Double> warm = new ArrayList<>();
    for (int i = 0; i < warmRounds + 5; i++) {
      long w = System.nanoTime();
      ExportedPackage hit = services.courseExports().export(tenant, bigCourse, options, p -> {});
      double elapsed = ms(w);
      if (!hit.cached() || !hit.sha256().equals(last.sha256())) {
        throw new IllegalStateException("warm export missed the cache");
      }
      if (i >= 5) { // the first calls warm the JVM's path up
        warm.add(elapsed);
      }
    }
    double coldMs = median(times.get("cold"));
    double zipMs = median(times.get("zip"));
    System.out.printf(
        Locale.ROOT,
        "export: %s, %,d bytes, %d entries, sha256 %s (identical in every round)%n",
        last.fileName(),
        last.size(),
        entries,
        last.sha256());
    System.out.printf(
        Locale.ROOT,
        "MEDIAN over %d rounds: zip -r -q %.0f ms | export cold %.0f ms = %.2fx of zip -r -q"
            + " (target <= 0.7x): snapshot+plan %.0f ms, zip %.0f ms, verify %.0f ms (%.0f%%),"
            + " record %.0f ms | typical course cold %.0f ms (target < 1000 ms; verify %.0f ms;"
            + " zip -r -q %.0f ms)%n",
        rounds,
        zipMs,
        coldMs,
        coldMs / zipMs,
        median(times.get("plan")),
        median(times.get("write")),
        median(times.get("verify")),
        100 * median(times.get("verify")) / coldMs,
        median(times.get("record")),
        median(times.get("typical")),
        median(times.get("typicalVerify")),
        median(times.get("zipTypical")));
    System.out.printf(
        Locale.ROOT,
        "WARM (export of the unchanged large course, cache hit): median %.1f ms, max %.1f ms over"
            + " %d (target < 100 ms)%n",
        median(warm),
        warm.stream().mapToDouble(Double::doubleValue).max().orElse(0),
        warm.size());
  }

  /** Drops the build records, so that the next export of a course builds again. */
  private static void forgetBuilds(Services services) {
    services.store().database().getCollection(MongoExportBuilds.COLLECTION).drop();
  }

  private static int countEntries(Services services, String blobId) throws IOException {
    int n = 0;
    try (ZipInputStream in = new ZipInputStream(services.blobs().open(blobId))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        n++;
      }
    }
    return n;
  }

  /** Times the export's steps from its progress: 10 = planned, 80 = zip written, 95 = checked. */
  private static final class Phases {
    long start;
    long planned;
    long written;
    long verified;
    long end;

    IntConsumer start() {
      start = System.nanoTime();
      return p -> {
        long now = System.nanoTime();
        if (p >= 10 && planned == 0) {
          planned = now;
        }
        if (p >= 80 && written == 0) {
          written = now;
        }
        if (p >= 95 && verified == 0) {
          verified = now;
        }
      };
    }

    void end() {
      end = System.nanoTime();
    }

    double total() {
      return (end - start) / 1e6;
    }

    double plan() {
      return (planned - start) / 1e6;
    }

    double write() {
      return (written - planned) / 1e6;
    }

    double verify() {
      return (verified - written) / 1e6;
    }

    double record() {
      return (end - verified) / 1e6;
    }
  }

  private static double zip(Path dir, Path zipFile) throws IOException, InterruptedException {
    Files.deleteIfExists(zipFile);
    List<String> command =
        List.of("zip", "-r", "-q", zipFile.toString(), dir.getFileName().toString());
    long t = System.nanoTime();
    Process p = new ProcessBuilder(command).directory(dir.getParent().toFile()).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("zip failed: " + command);
    }
    return ms(t);
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  private static double ms(long start) {
    return (System.nanoTime() - start) / 1e6;
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return 0;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * A course's source files on disk: media (a sixth SVG text, the rest images, audio and video of
   * incompressible bytes) generated once, and per run the lessons' content JSON (it names the media
   * by the ids the upload gave them).
   */
  private static final class Source {
    final Path dir;
    final int lessons;
    final List<Path> media = new ArrayList<>();
    long mediaBytes;
    int svgCount;

    private Source(Path dir, int lessons) {
      this.dir = dir;
      this.lessons = lessons;
    }

    static Source generate(
        Path root, String name, int mediaCount, long total, int lessons, int seed)
        throws IOException {
      Path dir = root.resolve(name);
      Source s = new Source(dir, lessons);
      String stamp = "v2 " + mediaCount + " " + total + " " + lessons + " " + seed;
      Path index = root.resolve(name + ".stamp");
      boolean fresh = !(Files.exists(index) && Files.readString(index).equals(stamp));
      if (fresh) {
        deleteTree(dir);
      }
      Random random = new Random(seed);
      int svgs = mediaCount / 6;
      long svgBytes = 0;
      List<String> paths = new ArrayList<>();
      for (int i = 0; i < svgs; i++) {
        String path = String.format(Locale.ROOT, "media/svg/%04d.svg", i);
        byte[] bytes = svg(random, 2_000 + random.nextInt(40_000));
        if (fresh) {
          write(dir.resolve(path), bytes);
        }
        svgBytes += bytes.length;
        paths.add(path);
      }
      int binary = mediaCount - svgs;
      long binaryTotal = total - svgBytes;
      double[] weights = new double[binary];
      double sum = 0;
      for (int i = 0; i < binary; i++) {
        double base =
            switch (MEDIA[i % MEDIA.length]) {
              case "jpg", "png" -> 1;
              case "mp3" -> 8;
              default -> 30;
            };
        weights[i] = base * (0.5 + random.nextDouble());
        sum += weights[i];
      }
      long written = 0;
      for (int i = 0; i < binary; i++) {
        String ext = MEDIA[i % MEDIA.length];
        long size =
            i == binary - 1 ? binaryTotal - written : (long) (binaryTotal * weights[i] / sum);
        String path = String.format(Locale.ROOT, "media/%s/%04d.%s", ext, i, ext);
        if (fresh) {
          writeMedia(dir.resolve(path), ext, size, random);
        }
        written += size;
        paths.add(path);
      }
      for (String path : paths) {
        s.media.add(dir.resolve(path));
        s.mediaBytes += Files.size(dir.resolve(path));
      }
      s.svgCount = svgs;
      Files.writeString(index, stamp);
      return s;
    }

    /** Uploads the media, creates and publishes the lessons, creates the course; its id. */
    String author(Services services, ManagedChannel channel, String tenant, String title)
        throws Exception {
      List<String> ids = new ArrayList<>();
      for (Path file : media) {
        try (MediaUpload upload =
                services
                    .media()
                    .beginUpload(
                        tenant, file.getFileName().toString(), null, null, Files.size(file));
            InputStream in = Files.newInputStream(file)) {
          byte[] buffer = new byte[1 << 16];
          for (int r; (r = in.read(buffer)) > 0; ) {
            upload.write(buffer, 0, r);
          }
          MediaItem item = upload.finish();
          ids.add(item.id().toString());
        }
      }
      LessonServiceBlockingStub lessonStub =
          LessonServiceGrpc.newBlockingStub(channel)
              .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth()));
      CourseAuthoringServiceBlockingStub authoring =
          CourseAuthoringServiceGrpc.newBlockingStub(channel)
              .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth()));
      Path lessonDir = dir.resolve("lessons");
      deleteTree(lessonDir);
      Files.createDirectories(lessonDir);
      Random random = new Random(lessons);
      CreateCourseRequest.Builder course =
          CreateCourseRequest.newBuilder().setSubject(title).setName(title).setLanguageId("en-US");
      AuthoredModule.Builder module = null;
      for (int l = 0; l < lessons; l++) {
        StringBuilder json = new StringBuilder("{\"blocks\":[");
        json.append("{\"type\":\"heading\",\"text\":\"Lesson ").append(l + 1).append("\"},");
        json.append("{\"type\":\"text\",\"html\":\"<p>");
        for (int w = 0; w < 200; w++) {
          json.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        json.append("</p>\"}");
        for (int m = l; m < ids.size(); m += lessons) {
          String name = media.get(m).getFileName().toString();
          String ref = "media:" + ids.get(m);
          if (name.endsWith(".mp3")) {
            json.append(",{\"type\":\"audio\",\"media\":\"").append(ref).append("\"}");
          } else if (name.endsWith(".mp4")) {
            json.append(",{\"type\":\"video\",\"media\":\"").append(ref).append("\"}");
          } else {
            json.append(",{\"type\":\"image\",\"media\":\"")
                .append(ref)
                .append("\",\"alt\":\"Figure ")
                .append(m)
                .append("\"}");
          }
        }
        json.append("]}");
        Files.writeString(lessonDir.resolve(String.format(Locale.ROOT, "%03d.json", l + 1)), json);
        Struct.Builder content = Struct.newBuilder();
        JsonFormat.parser().merge(json.toString(), content);
        String lessonId =
            lessonStub
                .createLesson(
                    CreateLessonRequest.newBuilder()
                        .setTitle(title + " lesson " + (l + 1))
                        .setContent(content)
                        .build())
                .getLessonId();
        LessonVersion v =
            lessonStub.publishLessonVersion(
                PublishLessonVersionRequest.newBuilder().setLessonId(lessonId).build());
        if (l % 25 == 0) {
          if (module != null) {
            course.addModules(module);
          }
          module = AuthoredModule.newBuilder().setTitle("Module " + (l / 25 + 1));
        }
        module.addLessons(
            AuthoredLesson.newBuilder()
                .setLessonId(v.getLessonId())
                .setVersionId(v.getVersionId()));
      }
      course.addModules(module);
      String jobId = authoring.createCourse(course.build()).getJobId();
      while (true) {
        CourseJob job =
            authoring.getCourseJob(GetCourseJobRequest.newBuilder().setJobId(jobId).build());
        if (job.getStatus().equals("completed")) {
          return job.getCourse().getId();
        }
        if (job.getStatus().equals("failed")) {
          throw new IllegalStateException("course job failed: " + job.getError());
        }
        Thread.sleep(20); // polling the job's status, as a client does; not a timed section
      }
    }

    private static Metadata auth() {
      Metadata m = new Metadata();
      m.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
          "Basic " + Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8)));
      return m;
    }
  }

  private static byte[] svg(Random random, int size) {
    StringBuilder s =
        new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 500 500\">\n");
    while (s.length() < size) {
      s.append("<rect x=\"")
          .append(random.nextInt(500))
          .append("\" y=\"")
          .append(random.nextInt(500))
          .append("\" width=\"10\" height=\"")
          .append(random.nextInt(20) + 1)
          .append("\"/>\n");
    }
    return s.append("</svg>\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void writeMedia(Path file, String ext, long size, Random random)
      throws IOException {
    byte[] header =
        switch (ext) {
          case "jpg" -> new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0};
          case "png" -> new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
          case "mp3" -> new byte[] {'I', 'D', '3', 4, 0};
          default -> new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'm', 'p', '4', '2'};
        };
    Files.createDirectories(file.getParent());
    try (var out = Files.newOutputStream(file)) {
      byte[] buffer = new byte[1 << 20];
      long left = size;
      boolean first = true;
      while (left > 0) {
        random.nextBytes(buffer);
        if (first) {
          System.arraycopy(header, 0, buffer, 0, header.length);
          first = false;
        }
        int n = (int) Math.min(buffer.length, left);
        out.write(buffer, 0, n);
        left -= n;
      }
    }
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }
}
