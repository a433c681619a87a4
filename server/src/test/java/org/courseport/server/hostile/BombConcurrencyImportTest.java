package org.courseport.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.courseport.api.v1.GetCoursesRequest;
import org.courseport.api.v1.ImportJobResult;
import org.courseport.server.packaging.testing.RawZipWriter;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The worst bomb the limits let through: entries of zeros just under the 1000:1 ratio and the
 * size limits, so that the server inflates gigabytes before the last entry's CRC refuses the
 * package. Its import must stay within bounded memory, and the server must keep answering other
 * requests and importing other packages while a worker is busy with it.
 */
class BombConcurrencyImportTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  /** Entries of 3.75 GiB (no ZIP64 needed); four make 15 GiB, under the 16 GiB total limit. */
  static final long ENTRY_MIB = 3840;
  static final Duration BOMB_BUDGET = Duration.ofMinutes(4);
  /** Generous: the two cores are shared with other builds; a blocked server takes minutes. */
  static final Duration CALL_BUDGET = Duration.ofSeconds(5);
  static final long WORKER_BUDGET = 64L << 20;

  private static Path dir;
  private static Path worstBomb;
  private static Path busyBomb;
  private static Importer importer;

  @BeforeAll
  static void setUp() throws IOException {
    dir = Files.createTempDirectory("hostile-bomb-");
    importer = new Importer(server);
    worstBomb = slowBomb(dir.resolve("worst-bomb.zip"), 4);
    busyBomb = slowBomb(dir.resolve("busy-bomb.zip"), 2);
  }

  @AfterAll
  static void tearDown() throws IOException {
    TestFiles.deleteTree(dir);
  }

  @Test
  void bombJustUnderTheLimits_isInflatedInBoundedMemory_thenRefused() {
    Leftovers before = Leftovers.snapshot(server);
    String courseId = Packages.courseId("slow-bomb");
    HeapSampler heap = HeapSampler.start();

    Importer.Outcome outcome = importer.importGrpc(worstBomb, courseId, "bomb.zip");

    long peak = heap.stop();
    assertThat(outcome.failed()).as(outcome.message()).isTrue();
    assertThat(outcome.message()).startsWith("video-4.mp4: ").endsWith("[zip.crc]");
    before.assertNothingLeftBy(courseId);
    Measurements.record("15 GiB of zeros at 999:1 (4 entries), last CRC wrong", outcome);
    Measurements.line(String.format("%-58s %8.1f MiB above the heap in use at the start",
        "  heap peak while it ran (whole JVM, sampled)", peak / 1048576.0));
    assertThat(outcome.workerAllocatedBytes()).as("bytes allocated by the import workers")
        .isLessThan(WORKER_BUDGET);
    assertThat(outcome.elapsed()).isLessThan(BOMB_BUDGET);
  }

  @Test
  void serverKeepsAnsweringAndImporting_whileAWorkerInflatesABomb() throws Exception {
    // First calls set up connections and code paths; only calls made during the bomb count.
    importer.blocking().getCourses(GetCoursesRequest.getDefaultInstance());
    importer.get("/healthz");
    String bombJob = importer.uploadGrpc(busyBomb, Packages.courseId("busy-bomb"), "bomb.zip");
    Importer.sleep(1000); // let a worker claim it
    assertThat(jobStatus(bombJob)).as("the bomb is still being inflated")
        .isEqualTo(ImportJobResult.Status.RUNNING);
    String normalJob = importer.uploadGrpc(Packages.zip(dir, Packages.valid("Normal")),
        Packages.courseId("normal"), "normal.zip");

    List<Duration> courses = new ArrayList<>();
    List<Duration> health = new ArrayList<>();
    ImportJobResult normal = null;
    boolean normalEndedDuringBomb = false;
    while (jobStatus(bombJob) == ImportJobResult.Status.RUNNING) {
      courses.add(timed(() -> importer.blocking().withDeadlineAfter(30, TimeUnit.SECONDS)
          .getCourses(GetCoursesRequest.getDefaultInstance())));
      health.add(timed(() -> assertThat(importer.get("/healthz").statusCode()).isEqualTo(200)));
      if (normal == null) {
        ImportJobResult r = importer.awaitJobOnce(normalJob);
        if (r.getStatus() != ImportJobResult.Status.RUNNING) {
          normal = r;
          normalEndedDuringBomb = jobStatus(bombJob) == ImportJobResult.Status.RUNNING;
        }
      }
      Importer.sleep(100);
    }
    if (normal == null) {
      normal = importer.awaitJob(normalJob);
    }

    Measurements.line(String.format("%-58s %d GetCourses (median %d ms, max %d ms), %d /healthz"
        + " (median %d ms, max %d ms)", "calls answered while the bomb ran", courses.size(),
        median(courses).toMillis(), max(courses).toMillis(), health.size(),
        median(health).toMillis(), max(health).toMillis()));
    assertThat(importer.awaitJob(bombJob).getMessage()).endsWith("[zip.crc]");
    assertThat(normal.getStatus()).as(normal.getMessage())
        .isEqualTo(ImportJobResult.Status.COMPLETE);
    assertThat(normalEndedDuringBomb).as("the normal import completed while the bomb ran")
        .isTrue();
    assertThat(courses).as("GetCourses calls while the bomb ran").hasSizeGreaterThan(10);
    assertThat(max(courses)).as("slowest GetCourses").isLessThan(CALL_BUDGET);
    assertThat(max(health)).as("slowest /healthz").isLessThan(CALL_BUDGET);
  }

  private static ImportJobResult.Status jobStatus(String jobId) {
    return importer.awaitJobOnce(jobId).getStatus();
  }

  private static Duration timed(Runnable call) {
    long start = System.nanoTime();
    call.run();
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static Duration median(List<Duration> durations) {
    return durations.isEmpty() ? Duration.ZERO
        : durations.stream().sorted().toList().get(durations.size() / 2);
  }

  private static Duration max(List<Duration> durations) {
    return durations.stream().max(Duration::compareTo).orElse(Duration.ZERO);
  }

  /** {@code entries} entries of zeros, each declared at 999:1; the last one's CRC is wrong. */
  private static Path slowBomb(Path zip, int entries) throws IOException {
    DeflatedZeros zeros = DeflatedZeros.ofMebibytes(ENTRY_MIB);
    long compressed = zeros.size() / 999 + 1;
    long crc = zeros.crc();
    try (RawZipWriter w = new RawZipWriter(zip)) {
      for (var file : Packages.valid("Bomb").entrySet()) {
        w.addStored(file.getKey(), file.getValue());
      }
      for (int i = 1; i <= entries; i++) {
        w.add(new RawZipWriter.Header(("video-" + i + ".mp4").getBytes(StandardCharsets.UTF_8),
            RawZipWriter.DEFLATED, RawZipWriter.EFS, i == entries ? crc ^ 1 : crc, zeros.size(),
            compressed, 20, 0), zeros.paddedTo(compressed));
      }
    }
    return zip;
  }

  /** Samples the heap in use every 10 ms; reports the peak above the first sample. */
  private static final class HeapSampler {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peak = new AtomicLong();
    private final long base = memory.getHeapMemoryUsage().getUsed();
    private volatile boolean running = true;
    private final Thread thread = new Thread(this::run, "heap-sampler");

    static HeapSampler start() {
      HeapSampler s = new HeapSampler();
      s.thread.setDaemon(true);
      s.thread.start();
      return s;
    }

    private void run() {
      while (running) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        Importer.sleep(10);
      }
    }

    long stop() {
      running = false;
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Math.max(0, peak.get() - base);
    }
  }
}
