package org.courseport.server.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.bson.Document;
import org.courseport.server.domain.lessonexport.ExportSources;
import org.courseport.server.domain.lessonexport.LessonExporter;
import org.courseport.server.domain.lessonexport.PreparedExport;
import org.courseport.server.storage.blob.FileSystemBlobStore;
import org.courseport.server.storage.mongo.EmbeddedMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.storage.mongo.lessonexport.MongoExportCache;

/**
 * The lesson export benchmark: a lesson with {@code count} media files of {@code totalMb} MB in all
 * (JPEG and PNG images of 0.1–0.4 MB, the rest MP4 videos; random bytes behind valid signatures, so
 * incompressible like real media), read from files as the media library would. Per round it times,
 * in the same run: {@code zip -r -q} of the same files; a cold export (fresh blob store and cache:
 * the body is built into the blob store, the zip is ready to stream); the same cold export plus
 * writing the whole zip out to a file; and {@code warm} exports (cached body: lookups, a fresh
 * manifest.json and central directory), also with the zip written out. Usage: {@code
 * LessonExportBench outDir [count] [totalMb] [rounds] [warmRounds]}.
 */
public final class LessonExportBench {
  private LessonExportBench() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "bench/out/lesson-export");
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int totalMb = args.length > 2 ? Integer.parseInt(args[2]) : 120;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int warmRounds = args.length > 4 ? Integer.parseInt(args[4]) : 21;
    Path files = out.resolve("files/lesson-v1/media");
    FileSources sources = FileSources.generate(files, count, (long) totalMb * 1_000_000);
    System.out.printf(
        Locale.ROOT,
        "lesson: %d media files, %,d bytes (%d images, %d videos)%n",
        count,
        sources.totalBytes,
        sources.images,
        count - sources.images);
    Path mongoDir = out.resolve("mongo");
    deleteTree(mongoDir);
    Files.createDirectories(mongoDir);
    try (EmbeddedMongo mongo = EmbeddedMongo.start(mongoDir);
        MongoStore store = new MongoStore(mongo.connectionString())) {
      List<Double> zip = new ArrayList<>();
      List<Double> cold = new ArrayList<>();
      List<Double> coldWritten = new ArrayList<>();
      List<Double> warm = new ArrayList<>();
      List<Double> warmWritten = new ArrayList<>();
      long zipSize = 0;
      long exportSize = 0;
      for (int round = 0; round < rounds + 1; round++) { // round 0 warms the JVM up, unreported
        Path zipFile = out.resolve("zip-r-q.zip");
        Files.deleteIfExists(zipFile);
        long t0 = System.nanoTime();
        Process p =
            new ProcessBuilder("zip", "-r", "-q", zipFile.toAbsolutePath().toString(), "lesson-v1")
                .directory(out.resolve("files").toFile())
                .inheritIO()
                .start();
        if (p.waitFor() != 0) {
          throw new IllegalStateException("zip failed");
        }
        double zipMs = ms(t0);
        zipSize = Files.size(zipFile);

        for (boolean write : new boolean[] {false, true}) {
          Path data = out.resolve("data");
          deleteTree(data);
          store.database().getCollection(MongoExportCache.COLLECTION).deleteMany(new Document());
          LessonExporter exporter = exporter(sources, data, store);
          long t1 = System.nanoTime();
          PreparedExport e = exporter.export("bench", sources.lessonId, sources.versionId);
          if (write) {
            writeOut(exporter, e, out.resolve("export.zip"));
          }
          double coldMs = ms(t1);
          exportSize = e.size();
          for (int w = 0; w < (round == 0 ? 50 : warmRounds); w++) {
            long t2 = System.nanoTime();
            PreparedExport again = exporter.export("bench", sources.lessonId, sources.versionId);
            if (write) {
              writeOut(exporter, again, out.resolve("export.zip"));
            }
            if (round > 0) {
              (write ? warmWritten : warm).add(ms(t2));
            }
          }
          if (exporter.builds() != 1) {
            throw new IllegalStateException("warm exports rebuilt the body");
          }
          if (round > 0) {
            (write ? coldWritten : cold).add(coldMs);
          }
        }
        if (round > 0) {
          zip.add(zipMs);
          System.out.printf(
              Locale.ROOT,
              "round %d: zip -r -q %.0f ms | cold export %.0f ms (%.2fx), with the zip written out"
                  + " %.0f ms (%.2fx)%n",
              round,
              zipMs,
              cold.get(cold.size() - 1),
              cold.get(cold.size() - 1) / zipMs,
              coldWritten.get(coldWritten.size() - 1),
              coldWritten.get(coldWritten.size() - 1) / zipMs);
        }
      }
      System.out.printf(
          Locale.ROOT, "zip -r -q: %,d bytes; export: %,d bytes%n", zipSize, exportSize);
      System.out.printf(
          Locale.ROOT,
          "MEDIAN over %d rounds: zip -r -q %.0f ms | cold export %.0f ms (%.2fx) | cold + written"
              + " %.0f ms (%.2fx) | warm export %.1f ms (max %.1f) | warm + written %.0f ms%n",
          rounds,
          median(zip),
          median(cold),
          median(cold) / median(zip),
          median(coldWritten),
          median(coldWritten) / median(zip),
          median(warm),
          warm.stream().mapToDouble(Double::doubleValue).max().orElse(0),
          median(warmWritten));
    }
  }

  private static LessonExporter exporter(FileSources sources, Path data, MongoStore store)
      throws IOException {
    return new LessonExporter(
        sources,
        url -> {
          throw new IllegalStateException("no external media in the benchmark");
        },
        new FileSystemBlobStore(data),
        new MongoExportCache(store.database()),
        Clock.systemUTC());
  }

  private static void writeOut(LessonExporter exporter, PreparedExport e, Path file)
      throws IOException {
    try (InputStream in = exporter.open(e);
        OutputStream o = Files.newOutputStream(file)) {
      in.transferTo(o);
    }
  }

  private static double ms(long start) {
    return (System.nanoTime() - start) / 1e6;
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length == 0 ? 0 : v[v.length / 2];
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

  /** The benchmark lesson: media files on disk. */
  private static final class FileSources implements ExportSources {
    final String lessonId = UUID.randomUUID().toString();
    final String versionId = UUID.randomUUID().toString();
    final Map<UUID, SourceMedia> media = new LinkedHashMap<>();
    final Map<UUID, Path> paths = new LinkedHashMap<>();
    long totalBytes;
    int images;
    String content;

    static FileSources generate(Path dir, int count, long total) throws IOException {
      FileSources s = new FileSources();
      Files.createDirectories(dir);
      try (Stream<Path> old = Files.list(dir)) {
        for (Path p : old.toList()) {
          Files.delete(p);
        }
      }
      Random random = new Random(42);
      int images = count * 3 / 4;
      long imageBytes = 0;
      int[] sizes = new int[count];
      for (int i = 0; i < images; i++) {
        sizes[i] = 100_000 + random.nextInt(300_000);
        imageBytes += sizes[i];
      }
      long perVideo = (total - imageBytes) / (count - images);
      for (int i = images; i < count; i++) {
        sizes[i] = (int) perVideo;
      }
      StringBuilder blocks =
          new StringBuilder("{\"blocks\": [{\"type\": \"heading\", \"text\": \"Bench\"}");
      for (int i = 0; i < count; i++) {
        UUID id = new UUID(0x1234L, i);
        boolean video = i >= images;
        boolean png = !video && i % 2 == 1;
        String ext = video ? "mp4" : png ? "png" : "jpg";
        String mime = video ? "video/mp4" : png ? "image/png" : "image/jpeg";
        byte[] bytes = new byte[sizes[i]];
        random.nextBytes(bytes);
        byte[] header =
            video
                ? new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'm', 'p', '4', '2'}
                : png
                    ? new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}
                    : new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0};
        System.arraycopy(header, 0, bytes, 0, header.length);
        Path file = dir.resolve(id + "." + ext);
        Files.write(file, bytes);
        s.media.put(id, new SourceMedia(id, mime, ext, sha256(bytes), null, null));
        s.paths.put(id, file);
        s.totalBytes += bytes.length;
        blocks
            .append(", {\"type\": \"")
            .append(video ? "video" : "image")
            .append("\", \"media\": \"media:")
            .append(id)
            .append("\"}");
      }
      s.images = images;
      s.content = blocks.append("]}").toString();
      return s;
    }

    @Override
    public Optional<PublishedLesson> findPublished(String tenantId, UUID lesson, UUID version) {
      return Optional.of(
          new PublishedLesson(
              lesson,
              version,
              "Bench",
              "lesson",
              1,
              Instant.parse("2025-01-15T10:30:00Z"),
              content));
    }

    @Override
    public Optional<String> contentProblem(String content) {
      return Optional.empty();
    }

    @Override
    public Optional<SourceMedia> findMedia(String tenantId, UUID mediaId) {
      return Optional.ofNullable(media.get(mediaId));
    }

    @Override
    public InputStream openMedia(SourceMedia m) throws IOException {
      return Files.newInputStream(paths.get(m.id()));
    }

    @Override
    public Optional<SourceWidget> findWidget(String tenantId, UUID widgetId) {
      return Optional.empty();
    }

    @Override
    public InputStream openScript(SourceWidget widget) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<InputStream> openStyle(SourceWidget widget) {
      return Optional.empty();
    }

    private static String sha256(byte[] bytes) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
