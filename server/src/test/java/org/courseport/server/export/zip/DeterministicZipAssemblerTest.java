package org.courseport.server.export.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.export.ZipAssembler.StoredZip;
import org.courseport.server.storage.blob.FileSystemBlobStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterministicZipAssemblerTest {

  @TempDir Path dir;
  private FileSystemBlobStore blobs;
  private Path spillDir;

  @BeforeEach
  void setUp() throws IOException {
    blobs = new FileSystemBlobStore(dir.resolve("data"));
    spillDir = Files.createDirectories(dir.resolve("spill"));
  }

  @Test
  void samePlanGivesSameBytesAcrossWritesInstancesAndThreadCounts() throws IOException {
    ExportPlan plan = mixedPlan();
    List<StoredZip> zips = new ArrayList<>();
    try (DeterministicZipAssembler one = assembler(1, 1, 1 << 20, false)) {
      zips.add(one.write(plan));
      zips.add(one.write(plan));
    }
    try (DeterministicZipAssembler two = assembler(2, 8, 1 << 20, false)) {
      zips.add(two.write(plan));
    }
    // everything deflated goes through temporary files, on four threads
    try (DeterministicZipAssembler four = assembler(4, 3, 0, false)) {
      zips.add(four.write(mixedPlan()));
    }
    try (DeterministicZipAssembler defaults = new DeterministicZipAssembler(blobs)) {
      zips.add(defaults.write(mixedPlan()));
    }
    assertThat(zips).allSatisfy(z -> assertThat(z).isEqualTo(zips.get(0)));
    StoredZip zip = zips.get(0);
    byte[] bytes = bytes(zip);
    assertThat(zip.blobId()).isEqualTo(zip.sha256());
    assertThat(ExportEntry.sha256Hex(bytes)).isEqualTo(zip.sha256());
    assertThat((long) bytes.length).isEqualTo(zip.size());
    try (Stream<Path> left = Files.list(spillDir)) {
      assertThat(left).as("temporary files of deflated entries are deleted").isEmpty();
    }
  }

  @Test
  void readableWithPlanOrderMethodsFixedTimeAndRoundTrippedBytes() throws IOException {
    ExportPlan plan = mixedPlan();
    StoredZip zip;
    try (DeterministicZipAssembler assembler = assembler(2, 8, 4096, false)) {
      zip = assembler.write(plan);
    }
    try (ZipFile file = open(zip)) {
      List<ZipArchiveEntry> entries = Collections.list(file.getEntriesInPhysicalOrder());
      assertThat(entries)
          .extracting(ZipArchiveEntry::getName)
          .containsExactlyElementsOf(paths(plan));
      for (int i = 0; i < entries.size(); i++) {
        ZipArchiveEntry e = entries.get(i);
        ExportEntry planned = plan.entries().get(i);
        assertThat(e.getMethod())
            .as(e.getName())
            .isEqualTo(planned.compress() ? ZipArchiveEntry.DEFLATED : ZipArchiveEntry.STORED);
        assertThat(e.getGeneralPurposeBit().usesUTF8ForNames()).isTrue();
        assertThat(e.getGeneralPurposeBit().usesDataDescriptor()).isFalse();
        assertThat(e.getExtraFields()).isEmpty();
        assertThat(e.getSize()).isEqualTo(planned.content().size());
        try (InputStream in = file.getInputStream(e);
            InputStream expected = planned.content().open()) {
          assertThat(in.readAllBytes()).isEqualTo(expected.readAllBytes());
        }
      }
      // big random media is stored: the compressed size equals the size
      ZipArchiveEntry video = file.getEntry("media/clip.mp4");
      assertThat(video.getCompressedSize()).isEqualTo(video.getSize());
      ZipArchiveEntry page = file.getEntry("lessons/01-intro.html");
      assertThat(page.getCompressedSize()).isLessThan(page.getSize() / 5);
    }
    byte[] bytes = bytes(zip);
    // first local header: version 20, UTF-8 flag, DOS time 00:00 and date 1980-01-01
    assertThat(u16(bytes, 4)).isEqualTo(20);
    assertThat(u16(bytes, 6)).isEqualTo(0x0800);
    assertThat(u16(bytes, 10)).isZero();
    assertThat(u16(bytes, 12)).isEqualTo(0x21);
    unzipTest(zip);
  }

  @Test
  void concurrentWritesOfOnePlanGiveOneBlobAndProgressReachesHundred() throws Exception {
    ExportPlan plan = mixedPlan();
    List<List<Integer>> progress = List.of(new ArrayList<>(), new ArrayList<>());
    List<String> references = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try (DeterministicZipAssembler assembler = assembler(2, 4, 1 << 20, false)) {
      List<Future<StoredZip>> results = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        List<Integer> seen = progress.get(i);
        results.add(
            callers.submit(
                () -> {
                  start.await();
                  return assembler.write(plan, references::add, seen::add);
                }));
      }
      start.countDown();
      StoredZip a = results.get(0).get(60, TimeUnit.SECONDS);
      StoredZip b = results.get(1).get(60, TimeUnit.SECONDS);
      assertThat(a).isEqualTo(b);
      assertThat(references).containsExactly(a.blobId(), a.blobId());
      assertThat(blobs.exists(a.blobId())).isTrue();
    } finally {
      callers.shutdownNow();
    }
    for (List<Integer> seen : progress) {
      assertThat(seen).isSorted().doesNotHaveDuplicates().endsWith(100);
      assertThat(seen.get(0)).isPositive();
    }
  }

  @Test
  void emptyPlanIsAnEmptyZip() throws IOException {
    StoredZip zip;
    try (DeterministicZipAssembler assembler = assembler(2, 8, 1 << 20, false)) {
      zip = assembler.write(plan(List.of()));
    }
    byte[] bytes = bytes(zip);
    assertThat(bytes).hasSize(22);
    assertThat(u32(bytes, 0)).isEqualTo(0x06054b50L);
    try (ZipFile file = open(zip)) {
      assertThat(file.getEntries().hasMoreElements()).isFalse();
    }
  }

  @Test
  void refusesAnEntryWhoseHashDoesNotMatchAndCommitsNothing() throws IOException {
    byte[] real = random(3, 200_000);
    byte[] other = random(4, 200_000);
    for (boolean compress : new boolean[] {false, true}) {
      ExportEntry lying =
          ExportEntry.stored(
              "media/wrong.bin",
              ExportEntry.sha256Hex(other),
              real.length,
              () -> new ByteArrayInputStream(real),
              compress);
      assertRefused(
          lying, "export entry \"media/wrong.bin\" has SHA-256 " + ExportEntry.sha256Hex(real));
    }
  }

  @Test
  void refusesAnEntryLongerOrShorterThanDeclared() throws IOException {
    byte[] real = random(5, 100_000);
    String sha = ExportEntry.sha256Hex(real);
    for (boolean compress : new boolean[] {false, true}) {
      assertRefused(
          ExportEntry.stored(
              "a/short.bin", sha, real.length + 1, () -> new ByteArrayInputStream(real), compress),
          "export entry \"a/short.bin\" has 100000 bytes, but the plan declares 100001");
      // an endless source is not read to its end: one chunk past the declared size refuses it
      assertRefused(
          ExportEntry.stored("a/long.bin", sha, 1000, () -> new Endless(), compress),
          "export entry \"a/long.bin\" has more than 1000 bytes, but the plan declares 1000");
    }
  }

  @Test
  void refusesAStoredEntryThatChangesBetweenItsTwoReads() throws IOException {
    byte[] first = random(6, 300_000);
    byte[] second = first.clone();
    second[150_000] ^= 1;
    AtomicInteger opens = new AtomicInteger();
    ExportEntry flaky =
        ExportEntry.stored(
            "media/flaky.mp4",
            ExportEntry.sha256Hex(first),
            first.length,
            () -> new ByteArrayInputStream(opens.getAndIncrement() == 0 ? first : second),
            false);
    assertRefused(
        flaky,
        "export entry \"media/flaky.mp4\" changed while the zip was written: its second read gave"
            + " 300000 bytes with another CRC-32");
  }

  @Test
  void writesZip64EndRecordsPast65535Entries() throws IOException {
    int count = 65_536;
    List<ExportEntry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      entries.add(ExportEntry.bytes("f/" + i + ".txt", new byte[] {(byte) i}, i % 2 == 0));
    }
    StoredZip zip;
    try (DeterministicZipAssembler assembler = assembler(2, 64, 1 << 20, false)) {
      zip = assembler.write(plan(entries));
    }
    byte[] bytes = bytes(zip);
    int eocd = bytes.length - 22;
    assertThat(u32(bytes, eocd)).isEqualTo(0x06054b50L);
    assertThat(u16(bytes, eocd + 10)).isEqualTo(0xFFFF);
    int locator = eocd - 20;
    assertThat(u32(bytes, locator)).isEqualTo(0x07064b50L);
    int zip64End = locator - 56;
    assertThat(u32(bytes, zip64End)).isEqualTo(0x06064b50L);
    assertThat(u64(bytes, locator + 8)).isEqualTo(zip64End);
    assertThat(u64(bytes, zip64End + 32)).isEqualTo(count);
    try (ZipFile file = open(zip)) {
      List<ZipArchiveEntry> read = Collections.list(file.getEntriesInPhysicalOrder());
      assertThat(read).hasSize(count);
      ZipArchiveEntry last = read.get(count - 1);
      assertThat(last.getName()).isEqualTo("f/65535.txt");
      try (InputStream in = file.getInputStream(last)) {
        assertThat(in.readAllBytes()).containsExactly((byte) 65535);
      }
    }
    unzipTest(zip);
  }

  @Test
  void zip64RecordsForSizesAndOffsetsAreReadBack() throws IOException {
    ExportPlan plan = mixedPlan();
    StoredZip zip;
    try (DeterministicZipAssembler assembler =
        new DeterministicZipAssembler(
            blobs, new DeterministicZipAssembler.Settings(2, 4, 1 << 20, spillDir), true)) {
      zip = assembler.write(plan);
    }
    try (ZipFile file = open(zip)) {
      List<ZipArchiveEntry> entries = Collections.list(file.getEntriesInPhysicalOrder());
      assertThat(entries)
          .extracting(ZipArchiveEntry::getName)
          .containsExactlyElementsOf(paths(plan));
      for (int i = 0; i < entries.size(); i++) {
        ZipArchiveEntry e = entries.get(i);
        assertThat(e.getExtraField(new org.apache.commons.compress.archivers.zip.ZipShort(1)))
            .isNotNull();
        try (InputStream in = file.getInputStream(e);
            InputStream expected = plan.entries().get(i).content().open()) {
          assertThat(in.readAllBytes()).isEqualTo(expected.readAllBytes());
        }
      }
    }
    unzipTest(zip);
  }

  @Test
  void headersOfAnEntryPast4GiBCarryItsSizesInTheZip64Field() {
    long size = 5L << 30;
    long compressed = (5L << 30) + 17;
    byte[] local =
        ZipRecords64.localHeader("v.mp4", ZipRecords64.STORED, 0x1234, compressed, size, false);
    assertThat(u16(local, 4)).isEqualTo(45);
    assertThat(u32(local, 18)).isEqualTo(0xFFFFFFFFL);
    assertThat(u32(local, 22)).isEqualTo(0xFFFFFFFFL);
    assertThat(u16(local, 28)).isEqualTo(20);
    assertThat(u16(local, 30 + 5)).isEqualTo(1);
    assertThat(u64(local, 30 + 5 + 4)).isEqualTo(size);
    assertThat(u64(local, 30 + 5 + 12)).isEqualTo(compressed);
    long offset = 6L << 30;
    byte[] central =
        ZipRecords64.centralHeader("v.mp4", ZipRecords64.STORED, 0x1234, 10, 10, offset, false);
    assertThat(u32(central, 20)).isEqualTo(10);
    assertThat(u32(central, 42)).isEqualTo(0xFFFFFFFFL);
    assertThat(u16(central, 30)).isEqualTo(12);
    assertThat(u64(central, 46 + 5 + 4)).isEqualTo(offset);
    byte[] plain = ZipRecords64.localHeader("a", ZipRecords64.DEFLATED, 1, 2, 3, false);
    assertThat(plain).hasSize(31);
    assertThat(ZipRecords64.end(3, 100, 200, false)).hasSize(22);
    assertThat(ZipRecords64.end(3, 100, 5L << 30, false)).hasSize(22 + 56 + 20);
  }

  // --- helpers

  private void assertRefused(ExportEntry bad, String message) throws IOException {
    List<ExportEntry> entries = new ArrayList<>(mixedPlan().entries());
    entries.add(2, bad);
    try (DeterministicZipAssembler assembler = assembler(2, 8, 1000, false)) {
      assertThatThrownBy(() -> assembler.write(plan(entries)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(message);
    }
    try (Stream<Path> files = Files.walk(blobs.root())) {
      assertThat(files.filter(Files::isRegularFile)).as("nothing committed or left over").isEmpty();
    }
    try (Stream<Path> left = Files.list(spillDir)) {
      assertThat(left).as("temporary files deleted").isEmpty();
    }
  }

  private DeterministicZipAssembler assembler(int threads, int window, int spill, boolean zip64) {
    return new DeterministicZipAssembler(
        blobs, new DeterministicZipAssembler.Settings(threads, window, spill, spillDir), zip64);
  }

  static ExportPlan plan(List<ExportEntry> entries) {
    return new ExportPlan(
        ExportFormat.ZIP,
        "course.zip",
        "test/1",
        entries,
        new ExportPlan.Expectation(null, null, null, -1, null));
  }

  /** Text (deflated, one past the spill limits), random media (stored), an empty file, Unicode. */
  static ExportPlan mixedPlan() {
    StringBuilder html = new StringBuilder("<!doctype html><html><body>");
    for (int i = 0; i < 20_000; i++) {
      html.append("<p class=\"cp-text\">Paragraph ").append(i).append(" of the lesson.</p>\n");
    }
    List<ExportEntry> entries = new ArrayList<>();
    entries.add(ExportEntry.text("imsmanifest.xml", "<manifest identifier=\"m\"/>"));
    entries.add(
        ExportEntry.text("lessons/01-intro.html", html.append("</body></html>").toString()));
    entries.add(ExportEntry.bytes("media/clip.mp4", random(1, 700_000), false));
    entries.add(ExportEntry.bytes("media/photo.jpg", random(2, 20_000), false));
    entries.add(ExportEntry.bytes("empty.txt", new byte[0], true));
    entries.add(ExportEntry.bytes("empty-stored.bin", new byte[0], false));
    entries.add(ExportEntry.text("lessons/02-éléments-ß.html", "<p>Ünïcödé ✓</p>"));
    entries.add(ExportEntry.bytes("media/noise.bin", random(7, 300_000), true));
    return plan(entries);
  }

  static byte[] random(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static List<String> paths(ExportPlan plan) {
    return plan.entries().stream().map(ExportEntry::path).toList();
  }

  private byte[] bytes(StoredZip zip) throws IOException {
    try (InputStream in = blobs.open(zip.blobId())) {
      return in.readAllBytes();
    }
  }

  private ZipFile open(StoredZip zip) throws IOException {
    return ZipFile.builder().setPath(blobs.pathOf(zip.blobId())).get();
  }

  /** {@code unzip -t} on the zip when the machine has unzip; skipped (with the reason) when not. */
  private void unzipTest(StoredZip zip) throws IOException {
    Path unzip = Path.of("/usr/bin/unzip");
    Assumptions.assumeTrue(
        Files.isExecutable(unzip), "unzip is not installed here: the unzip -t check is skipped");
    Process p =
        new ProcessBuilder(unzip.toString(), "-t", blobs.pathOf(zip.blobId()).toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("No errors detected");
  }

  static int u16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  static long u32(byte[] b, int at) {
    return u16(b, at) | (long) u16(b, at + 2) << 16;
  }

  static long u64(byte[] b, int at) {
    return u32(b, at) | u32(b, at + 4) << 32;
  }

  /** A source that never ends. */
  private static final class Endless extends InputStream {
    @Override
    public int read() {
      return 'x';
    }

    @Override
    public int read(byte[] b, int off, int len) {
      java.util.Arrays.fill(b, off, off + len, (byte) 'x');
      return len;
    }
  }
}
