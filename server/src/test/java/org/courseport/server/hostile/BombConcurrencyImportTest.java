package org.courseport.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * The worst bomb the limits let through: entries of zeros just under the 1000:1 ratio and the size
 * limits, so that the server inflates gigabytes before the last entry's CRC refuses the package.
 * Its import must stay within bounded memory, and the server must keep answering other requests and
 * importing other packages while a worker is busy with it.
 */
class BombConcurrencyImportTest {
  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension()
          // Inflating 15 GiB on a busy machine may take longer than the default per-import budget;
          // these tests are about memory and responsiveness, not about the budget.
          .with("COURSEPORT_IMPORT_TIME_BUDGET_SECONDS", "900");

  /** Entries of 3.75 GiB (no ZIP64 needed); four make 15 GiB, under the 16 GiB total limit. */
  static final long ENTRY_MIB = 3840;

  /**
   * Deadline of each call made while the bomb runs. Generous (the two cores are shared with other
   * builds); a server blocked by the bomb would not answer until the bomb ends.
   */
  static final Duration CALL_BUDGET = Duration.ofSeconds(10);

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
    Measurements.line(
        String.format(
            "%-58s %8.1f MiB above the heap in use at the start",
            "  heap peak while it ran (whole JVM, sampled)", peak / 1048576.0));
    assertThat(outcome.workerAllocatedBytes())
        .as("bytes allocated by the import workers")
        .isLessThan(WORKER_BUDGET);
    // How long the inflation takes depends on the machine's load: recorded above, not asserted.
  }

  @Test
  void serverKeepsAnsweringAndImporting_whileAWorkerInflatesABomb() throws Exception {
    // First calls set up connections and code paths; the budgets apply to calls during the bomb.
    importer.blocking().getCourses(GetCoursesRequest.getDefaultInstance());
    importer.get("/healthz");
    String bombJob = importer.uploadGrpc(busyBomb, Packages.courseId("busy-bomb"), "bomb.zip");
    String normalJob =
        importer.uploadGrpc(
            Packages.zip(dir, Packages.valid("Normal")), Packages.courseId("normal"), "normal.zip");

    // Behaviour, not throughput: each call must be answered within its budget (a deadline, so a
    // blocked server fails the call instead of being measured), calls are answered while the
    // bomb is still running, and the normal import ends while the bomb is still running. How many
    // calls fit into the bomb's run depends on the machine's load, so it is not asserted.
    boolean answeredDuringBomb = false;
    ImportJobResult normal = null;
    boolean normalEndedDuringBomb = false;
    int calls = 0;
    while (jobStatus(bombJob) == ImportJobResult.Status.RUNNING) {
      importer
          .blocking()
          .withDeadlineAfter(CALL_BUDGET.toMillis(), TimeUnit.MILLISECONDS)
          .getCourses(GetCoursesRequest.getDefaultInstance());
      assertThat(importer.get("/healthz", CALL_BUDGET).statusCode()).isEqualTo(200);
      calls++;
      if (jobStatus(bombJob) == ImportJobResult.Status.RUNNING) {
        answeredDuringBomb = true; // both answers came back before the bomb ended
      }
      if (normal == null) {
        ImportJobResult r = importer.awaitJobOnce(normalJob);
        if (r.getStatus() != ImportJobResult.Status.RUNNING) {
          normal = r;
          normalEndedDuringBomb = jobStatus(bombJob) == ImportJobResult.Status.RUNNING;
        }
      }
      Importer.sleep(100); // pacing only: no ordering depends on it
    }
    if (normal == null) {
      normal = importer.awaitJob(normalJob);
    }

    Measurements.line(
        String.format(
            "%-58s %d GetCourses + /healthz pairs, each within %d s",
            "calls answered while the bomb ran", calls, CALL_BUDGET.toSeconds()));
    assertThat(importer.awaitJob(bombJob).getMessage()).endsWith("[zip.crc]");
    assertThat(normal.getStatus())
        .as(normal.getMessage())
        .isEqualTo(ImportJobResult.Status.COMPLETE);
    assertThat(normalEndedDuringBomb).as("the normal import completed while the bomb ran").isTrue();
    assertThat(answeredDuringBomb)
        .as("GetCourses and /healthz answered while the bomb ran")
        .isTrue();
  }

  private static ImportJobResult.Status jobStatus(String jobId) {
    return importer.awaitJobOnce(jobId).getStatus();
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
        w.add(
            new RawZipWriter.Header(
                ("video-" + i + ".mp4").getBytes(StandardCharsets.UTF_8),
                RawZipWriter.DEFLATED,
                RawZipWriter.EFS,
                i == entries ? crc ^ 1 : crc,
                zeros.size(),
                compressed,
                20,
                0),
            zeros.paddedTo(compressed));
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
