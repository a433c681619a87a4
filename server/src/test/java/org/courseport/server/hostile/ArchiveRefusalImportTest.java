package org.courseport.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;
import org.courseport.api.v1.ValidationFinding;
import org.courseport.api.v1.ValidationReport;
import org.courseport.server.packaging.testing.RawZipWriter;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile archives through the real server: each is refused (job in ERROR naming the entry and the
 * rule, or the upload refused), leaves nothing behind, writes nothing outside the data directory,
 * and is refused in bounded time and memory.
 */
class ArchiveRefusalImportTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  /** What the import workers may allocate to refuse any of these archives. */
  static final long WORKER_BUDGET = 64L << 20;

  /** How long a refusal may take, upload and queueing included. */
  static final Duration TIME_BUDGET = Duration.ofSeconds(60);

  private static Path dir;
  private static Importer importer;

  @BeforeAll
  static void setUp() throws IOException {
    dir = Files.createTempDirectory("hostile-archives-");
    importer = new Importer(server);
  }

  @AfterAll
  static void tearDown() throws IOException {
    TestFiles.deleteTree(dir);
  }

  // ---- zip slip -------------------------------------------------------------------------------

  static Stream<Arguments> slips() {
    String m = "slip-" + UUID.randomUUID();
    return Stream.of(
        Arguments.of("../" + m, "zip.path.traversal"),
        Arguments.of("../../../../../../../../tmp/" + m, "zip.path.traversal"),
        Arguments.of("..\\" + m, "zip.path.traversal"),
        Arguments.of("./../" + m, "zip.path.traversal"),
        Arguments.of("/tmp/" + m, "zip.path.absolute"),
        Arguments.of("C:\\" + m, "zip.path.drive-letter"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("slips")
  void zipSlipEntry_isRefusedNamingTheEntry_andNothingIsWrittenOutside(String name, String rule)
      throws IOException {
    Path zip = dir.resolve("slip.zip");
    try (RawZipWriter w = new RawZipWriter(zip)) {
      Packages.valid("Slip").forEach((n, b) -> add(w, n, b));
      w.addText(name, "owned");
    }

    Importer.Outcome outcome = refusedGrpc(zip, "slip");

    assertThat(outcome.message()).contains(name).endsWith("[" + rule + "]");
    assertNoFileNamed(markerOf(name));
  }

  @Test
  void zipSlip_overRest_isRefusedTheSameWay() throws IOException {
    String marker = "slip-" + UUID.randomUUID();
    Path zip = dir.resolve("slip-rest.zip");
    try (RawZipWriter w = new RawZipWriter(zip)) {
      Packages.valid("Slip").forEach((n, b) -> add(w, n, b));
      w.addText("../../" + marker, "owned");
    }
    Leftovers before = Leftovers.snapshot(server);
    String courseId = Packages.courseId("slip-rest");

    Importer.Outcome outcome = importer.importRest(zip, courseId, "slip.zip");

    assertThat(outcome.failed()).as(outcome.message()).isTrue();
    assertThat(outcome.message()).contains("../../" + marker).endsWith("[zip.path.traversal]");
    before.assertNothingLeftBy(courseId);
    assertNoFileNamed(marker);
  }

  @Test
  void symlinkEntry_andAFileWrittenThroughIt_areRefused() throws IOException {
    Path outside = Files.createTempDirectory("hostile-symlink-target-");
    Path zip = dir.resolve("symlink.zip");
    try (RawZipWriter w = new RawZipWriter(zip)) {
      Packages.valid("Symlink").forEach((n, b) -> add(w, n, b));
      byte[] target = outside.toString().getBytes(StandardCharsets.UTF_8);
      w.add(RawZipWriter.stored("assets", target).withUnixMode(0120777), target);
      w.addText("assets/evil.html", "owned");
    }

    Importer.Outcome outcome = refusedGrpc(zip, "symlink");

    assertThat(outcome.message()).contains("assets: ").endsWith("[zip.path.symlink]");
    try (Stream<Path> s = Files.list(outside)) {
      assertThat(s).as("files written through the link").isEmpty();
    }
    Files.delete(outside);
  }

  @Test
  void zipSlip_throughValidatePackage_reportsRuleAndEntry_andKeepsNoTempFile() throws IOException {
    Path zip = dir.resolve("slip-validate.zip");
    try (RawZipWriter w = new RawZipWriter(zip)) {
      Packages.valid("Slip").forEach((n, b) -> add(w, n, b));
      w.addText("../evil.html", "owned");
    }
    Leftovers before = Leftovers.snapshot(server);

    ValidationReport report = importer.validate(zip, "slip.zip");

    assertThat(report.getValid()).isFalse();
    ValidationFinding first = report.getFindings(0);
    assertThat(first.getSeverity()).isEqualTo(ValidationFinding.Severity.ERROR);
    assertThat(first.getRule()).isEqualTo("zip.path.traversal");
    assertThat(first.getFile()).isEqualTo("../evil.html");
    before.assertNothingLeftBy("never-imported");
  }

  // ---- bombs ----------------------------------------------------------------------------------

  @Test
  void bombWithLyingSizes_isRefusedAfterItsDeclaredBytes_inBoundedTimeAndMemory()
      throws IOException {
    Path zip = lyingBomb("lying-bomb.zip", 4096);

    Importer.Outcome outcome = refusedGrpc(zip, "lying-bomb");

    assertThat(outcome.message()).contains("zeros.bin: ").endsWith("[zip.size-mismatch]");
    assertBounded("lying-size bomb 4 GiB (declared 1 KiB), gRPC", outcome);
  }

  @Test
  void bombWithLyingSizes_overRest_isRefused() throws IOException {
    Path zip = lyingBomb("lying-bomb-rest.zip", 4096);
    Leftovers before = Leftovers.snapshot(server);
    String courseId = Packages.courseId("lying-rest");

    Importer.Outcome outcome = importer.importRest(zip, courseId, "bomb.zip");

    assertThat(outcome.failed()).as(outcome.message()).isTrue();
    assertThat(outcome.message()).contains("zeros.bin: ").endsWith("[zip.size-mismatch]");
    before.assertNothingLeftBy(courseId);
    assertBounded("lying-size bomb 4 GiB (declared 1 KiB), REST", outcome);
  }

  @Test
  void ratioBomb_isRefusedFromItsDeclaredRatio_beforeInflating() throws IOException {
    DeflatedZeros zeros = DeflatedZeros.ofMebibytes(2048);
    Path zip = dir.resolve("ratio-bomb.zip");
    try (RawZipWriter w = new RawZipWriter(zip)) {
      Packages.valid("Ratio").forEach((n, b) -> add(w, n, b));
      w.add(zeros.honestHeader("video.mp4"), zeros);
    }

    Importer.Outcome outcome = refusedGrpc(zip, "ratio-bomb");

    assertThat(outcome.message()).contains("video.mp4: ").endsWith("[zip.limit.ratio]");
    assertBounded("ratio bomb 2 GiB honest sizes (1028:1)", outcome);
  }

  @Test
  void overlappingEntries_sharingOneLocalHeader_areRefused() throws IOException {
    byte[] zeros = new byte[1 << 20];
    byte[] packed = RawZipWriter.deflate(zeros);
    Path zip = dir.resolve("overlap.zip");
    try (RawZipWriter w = new RawZipWriter(zip)) {
      Packages.valid("Overlap").forEach((n, b) -> add(w, n, b));
      RawZipWriter.Header h =
          new RawZipWriter.Header(
              "data/0.bin".getBytes(StandardCharsets.UTF_8),
              RawZipWriter.DEFLATED,
              RawZipWriter.EFS,
              RawZipWriter.crc(zeros),
              zeros.length,
              packed.length,
              20,
              0);
      long offset = w.add(h, packed);
      for (int i = 1; i < 2000; i++) {
        w.addCentralOnly(h.withName("data/" + i + ".bin"), offset);
      }
    }

    Importer.Outcome outcome = refusedGrpc(zip, "overlap");

    assertThat(outcome.message()).contains("data/").endsWith("[zip.overlap]");
    assertBounded("overlap bomb: 2000 entries on one 1 MiB local entry", outcome);
  }

  @Test
  void twoHundredThousandEntries_areRefusedByCount() throws IOException {
    Path zip = manyEntries("many.zip", 200_000, null);

    Importer.Outcome outcome = refusedGrpc(zip, "many");

    assertThat(outcome.message()).contains("200002 entries").endsWith("[zip.limit.entries]");
    assertBounded("200k entries (ZIP64 count)", outcome);
  }

  @Test
  void twoHundredThousandEntries_behindALyingEndRecord_areRefusedByCount() throws IOException {
    Path zip = manyEntries("many-lying.zip", 200_000, 10);

    Importer.Outcome outcome = refusedGrpc(zip, "many-lying");

    assertThat(outcome.message()).endsWith("[zip.limit.entries]");
    assertBounded("200k entries, end record declaring 10", outcome);
  }

  static Stream<Arguments> truncations() {
    // Central records: imsmanifest.xml 61 bytes, index.html 56, a.html 52, b.html 52.
    return Stream.of(
        Arguments.of("end record kept, directory cut in its first record", false, 60),
        Arguments.of("end record kept, directory cut after two records", false, 117),
        Arguments.of("end record kept, directory cut in its third record", false, 137),
        Arguments.of("file ends inside the directory", true, 137));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("truncations")
  void truncatedCentralDirectory_isRefusedAsDamaged(String how, boolean endLost, int kept)
      throws IOException {
    Path zip = dir.resolve("truncated.zip");
    try (RawZipWriter w = new RawZipWriter(zip)) {
      Packages.valid("Truncated").forEach((n, b) -> add(w, n, b));
      w.addText("a.html", "a");
      w.addText("b.html", "b");
      if (endLost) {
        w.finishCutInCentral(kept);
      } else {
        w.finishWithTruncatedCentral(kept);
      }
    }

    Importer.Outcome outcome = refusedGrpc(zip, "truncated");

    assertThat(outcome.message()).containsAnyOf("damaged", "truncated").endsWith("[zip.format]");
  }

  static Stream<Arguments> notZips() {
    return Stream.of(
        Arguments.of(
            "markdown",
            "# 209-1 not a zip\n\nThis file is markdown.\n".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("7z", new byte[] {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C, 0, 4}),
        Arguments.of("gzip", new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3}),
        Arguments.of("local header only", new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 0, 0}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notZips")
  void notAZip_isRefused(String kind, byte[] bytes) {
    Importer.Outcome outcome = refusedGrpc(Packages.file(dir, bytes), "not-a-zip");

    assertThat(outcome.message()).contains("not a zip archive").endsWith("[zip.format]");
  }

  @Test
  void emptyFile_isRefusedByTheUploadRpc_andLeavesNoTempFile() {
    Leftovers before = Leftovers.snapshot(server);
    String courseId = Packages.courseId("empty");

    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> importer.uploadGrpc(Packages.file(dir, new byte[0]), courseId, "empty.zip"));

    assertThat(e).isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains("empty");
    before.assertNothingLeftBy(courseId);
  }

  @Test
  void emptyFile_overRest_isA400() {
    Leftovers before = Leftovers.snapshot(server);
    String courseId = Packages.courseId("empty-rest");

    Importer.RestRefusal e =
        catchThrowableOfType(
            Importer.RestRefusal.class,
            () -> importer.uploadRest(Packages.file(dir, new byte[0]), courseId, "empty.zip"));

    assertThat(e).isNotNull();
    assertThat(e.status).isEqualTo(400);
    assertThat(e.body).contains("empty");
    before.assertNothingLeftBy(courseId);
  }

  @Test
  void encryptedEntry_isRefused() throws IOException {
    Path zip = dir.resolve("encrypted.zip");
    try (RawZipWriter w = new RawZipWriter(zip)) {
      Packages.valid("Encrypted").forEach((n, b) -> add(w, n, b));
      byte[] data = "not really ciphertext".getBytes(StandardCharsets.UTF_8);
      w.add(
          RawZipWriter.stored("secret.html", data)
              .withFlags(RawZipWriter.EFS | RawZipWriter.ENCRYPTED),
          data);
    }

    Importer.Outcome outcome = refusedGrpc(zip, "encrypted");

    assertThat(outcome.message()).contains("secret.html: ").endsWith("[zip.encrypted]");
  }

  @ParameterizedTest(name = "method {0}")
  @ValueSource(ints = {12, 14, 93, 99})
  void unsupportedCompressionMethod_isRefused(int method) throws IOException {
    Path zip = dir.resolve("method.zip");
    try (RawZipWriter w = new RawZipWriter(zip)) {
      Packages.valid("Method").forEach((n, b) -> add(w, n, b));
      byte[] data = "BZh9 compressed, supposedly".getBytes(StandardCharsets.UTF_8);
      w.add(RawZipWriter.stored("script.js", data).withMethod(method), data);
    }

    Importer.Outcome outcome = refusedGrpc(zip, "method");

    assertThat(outcome.message())
        .contains("script.js: ")
        .contains("(" + method + ")")
        .endsWith("[zip.method]");
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Imports over gRPC; asserts ERROR, a rule-tagged message and nothing left behind. */
  private static Importer.Outcome refusedGrpc(Path zip, String prefix) {
    Leftovers before = Leftovers.snapshot(server);
    String courseId = Packages.courseId(prefix);

    Importer.Outcome outcome = importer.importGrpc(zip, courseId, prefix + ".zip");

    assertThat(outcome.failed()).as("job status, message: %s", outcome.message()).isTrue();
    assertThat(outcome.message()).matches("(?s).+ \\[[a-z0-9.-]+\\]");
    before.assertNothingLeftBy(courseId);
    return outcome;
  }

  private static void assertBounded(String what, Importer.Outcome outcome) {
    Measurements.record(what, outcome);
    assertThat(outcome.workerAllocatedBytes())
        .as("bytes allocated by the import workers for " + what)
        .isLessThan(WORKER_BUDGET);
    assertThat(outcome.elapsed()).as("time to refuse " + what).isLessThan(TIME_BUDGET);
  }

  /** A package whose {@code zeros.bin} declares 1 KiB and inflates to {@code mebibytes}. */
  private static Path lyingBomb(String name, long mebibytes) throws IOException {
    DeflatedZeros zeros = DeflatedZeros.ofMebibytes(mebibytes);
    Path zip = dir.resolve(name);
    try (RawZipWriter w = new RawZipWriter(zip)) {
      Packages.valid("Bomb").forEach((n, b) -> add(w, n, b));
      w.add(zeros.honestHeader("zeros.bin").withSize(1024), zeros);
    }
    return zip;
  }

  /** {@code count} tiny entries; the end record declares {@code declared} when not null. */
  private static Path manyEntries(String name, int count, Integer declared) throws IOException {
    Path zip = dir.resolve(name);
    try (RawZipWriter w = new RawZipWriter(zip)) {
      Packages.valid("Many").forEach((n, b) -> add(w, n, b));
      byte[] one = {'x'};
      for (int i = 0; i < count; i++) {
        w.add(RawZipWriter.stored("f/" + i, one), one);
      }
      if (declared != null) {
        w.finishDeclaring(declared);
      }
    }
    return zip;
  }

  private static void add(RawZipWriter w, String name, byte[] bytes) {
    try {
      w.addStored(name, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String markerOf(String entryName) {
    String slashed = entryName.replace('\\', '/');
    return slashed.substring(slashed.lastIndexOf('/') + 1).replace("C:", "");
  }

  /** No file or folder named {@code marker} in the data dir, the working dir or /tmp. */
  private static void assertNoFileNamed(String marker) {
    assertThat(Places.named(marker, server.dataDir(), 32)).as("in the data directory").isEmpty();
    assertThat(Places.named(marker, server.dataDir().getParent(), 2)).as("next to it").isEmpty();
    assertThat(Places.named(marker, Path.of("").toAbsolutePath(), 3))
        .as("in the working dir")
        .isEmpty();
    assertThat(Places.named(marker, Path.of("/tmp"), 3)).as("in /tmp").isEmpty();
  }
}
