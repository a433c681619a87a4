package org.courseport.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.courseport.api.v1.FileListItem;
import org.courseport.api.v1.GetCourseFileListRequest;
import org.courseport.api.v1.ImportJobResult;
import org.courseport.server.auth.Bootstrap;
import org.courseport.server.packaging.testing.RawZipWriter;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Defects that real authoring tools produce are repaired, not refused: each package imports, and
 * {@code parserWarnings} says what was repaired, under which rule, on which file.
 */
class RepairImportTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private static final String INDEX = "<html><body>Lesson</body></html>";

  private static Path dir;
  private static Importer importer;

  @BeforeAll
  static void setUp() throws IOException {
    dir = Files.createTempDirectory("hostile-repairs-");
    importer = new Importer(server);
  }

  @AfterAll
  static void tearDown() throws IOException {
    TestFiles.deleteTree(dir);
  }

  @Test
  void manifestInsideASingleTopLevelFolder_isReadFromIt() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("My Course/imsmanifest.xml", manifest("Folder", "index.html", "index.html"));
    files.put("My Course/index.html", Packages.utf8(INDEX));

    ImportJobResult job = imported(files, "folder");

    assertThat(warnings(job))
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith("My Course/: ")
                    .contains("inside the folder 'My Course/'")
                    .endsWith("[zip.root-folder]"));
    assertThat(job.getImportResult().getCourse().getLaunchUrl()).isEqualTo("index.html");
  }

  @Test
  void upperCaseManifestName_isFound() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("IMSMANIFEST.XML", manifest("Upper", "index.html", "index.html"));
    files.put("index.html", Packages.utf8(INDEX));

    ImportJobResult job = imported(files, "upper");

    assertThat(warnings(job))
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith("IMSMANIFEST.XML: ")
                    .contains("'imsmanifest.xml'")
                    .endsWith("[zip.path.case]"));
    assertThat(job.getImportResult().getCourse().getTitle()).isEqualTo("Upper");
  }

  @Test
  void utf8ByteOrderMark_isSkipped() {
    byte[] manifest = manifest("Bom", "index.html", "index.html");
    byte[] withBom = new byte[manifest.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(manifest, 0, withBom, 3, manifest.length);

    ImportJobResult job = imported(withIndex(withBom), "bom");

    assertThat(warnings(job))
        .anySatisfy(w -> assertThat(w).startsWith("imsmanifest.xml:1: ").endsWith("[xml.bom]"));
  }

  @Test
  void utf16ManifestDeclaringUtf8_isReadAsUtf16() {
    String title = "Caf\u00e9 \u2013 \u65e5\u672c\u8a9e";
    byte[] manifest =
        utf16(
            Packages.declaration() + Packages.manifest(title, "index.html", "index.html"),
            StandardCharsets.UTF_16LE);

    ImportJobResult job = imported(withIndex(manifest), "utf16-mismatch");

    assertThat(warnings(job))
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith("imsmanifest.xml:1: ")
                    .contains("UTF-16LE")
                    .endsWith("[xml.encoding.mismatch]"));
    assertThat(job.getImportResult().getCourse().getTitle()).isEqualTo(title);
  }

  @Test
  void utf16BigEndianManifest_declaredAsSuch_keepsItsCharacters() {
    String title = "\u00c9t\u00e9 \u00e0 \u0141\u00f3d\u017a";
    byte[] manifest =
        utf16(
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n"
                + Packages.manifest(title, "index.html", "index.html"),
            StandardCharsets.UTF_16BE);

    ImportJobResult job = imported(withIndex(manifest), "utf16");

    assertThat(job.getImportResult().getCourse().getTitle()).isEqualTo(title);
  }

  @Test
  void backslashesInHrefs_areReadAsSlashes() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(
        "imsmanifest.xml",
        manifest(
            "Backslash", "content\\index.html", "content\\index.html", "content\\css\\site.css"));
    files.put("content/index.html", Packages.utf8(INDEX));
    files.put("content/css/site.css", Packages.utf8("body{}"));

    ImportJobResult job = imported(files, "backslash");

    assertThat(warnings(job))
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith("content/index.html: ")
                    .contains("'content\\index.html'")
                    .endsWith("[zip.path.backslash]"));
    assertThat(warnings(job)).noneMatch(w -> w.endsWith("[manifest.file.missing]"));
  }

  @Test
  void hrefDifferingInCase_isResolved() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("imsmanifest.xml", manifest("Case", "Content/Index.HTML", "Content/Index.HTML"));
    files.put("content/index.html", Packages.utf8(INDEX));

    ImportJobResult job = imported(files, "case");

    assertThat(warnings(job))
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith("content/index.html: ")
                    .contains("'Content/Index.HTML'")
                    .endsWith("[zip.path.case]"));
    assertThat(warnings(job)).noneMatch(w -> w.endsWith("[manifest.file.missing]"));
  }

  @Test
  void percentEncodedHrefs_areDecoded() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(
        "imsmanifest.xml",
        manifest("Percent", "my%20page.html", "my%20page.html", "%C3%A9t%C3%A9.html"));
    files.put("my page.html", Packages.utf8(INDEX));
    files.put("\u00e9t\u00e9.html", Packages.utf8(INDEX));

    ImportJobResult job = imported(files, "percent");

    assertThat(warnings(job))
        .anySatisfy(
            w -> assertThat(w).startsWith("my page.html: ").endsWith("[zip.path.percent-encoded]"));
    assertThat(warnings(job))
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith("\u00e9t\u00e9.html: ")
                    .endsWith("[zip.path.percent-encoded]"));
    assertThat(warnings(job)).noneMatch(w -> w.endsWith("[manifest.file.missing]"));
  }

  @Test
  void macJunk_isIgnored_andNeverListed() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("imsmanifest.xml", manifest("Junk", "index.html", "index.html"));
    files.put("index.html", Packages.utf8(INDEX));
    files.put("__MACOSX/._index.html", new byte[] {0, 5, 22, 7});
    files.put(".DS_Store", new byte[] {0, 0, 0, 1, 'B', 'u', 'd', '1'});
    files.put("images/.DS_Store", new byte[] {0, 0, 0, 1, 'B', 'u', 'd', '1'});
    String courseId = Packages.courseId("junk");

    ImportJobResult job = importOk(Packages.zip(dir, files), courseId);

    assertThat(warnings(job))
        .anySatisfy(w -> assertThat(w).contains("Ignored 3").endsWith("[zip.junk]"));
    List<String> listed =
        importer
            .blocking()
            .getCourseFileList(GetCourseFileListRequest.newBuilder().setCourseId(courseId).build())
            .getFilesList()
            .stream()
            .map(FileListItem::getPath)
            .toList();
    assertThat(listed).containsExactlyInAnyOrder("imsmanifest.xml", "index.html");
  }

  @Test
  void listedFileAbsent_isAWarningNamingIt() {
    ImportJobResult job =
        imported(
            withIndex(manifest("Absent", "index.html", "index.html", "scripts/missing.js")),
            "absent");

    assertThat(warnings(job))
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith("imsmanifest.xml:")
                    .contains("'scripts/missing.js'")
                    .endsWith("[manifest.file.missing]"));
  }

  @Test
  void entryNamesNotFlaggedUtf8_areDecoded() throws IOException {
    Path zip = dir.resolve("unflagged.zip");
    byte[] index = Packages.utf8(INDEX);
    try (RawZipWriter w = new RawZipWriter(zip)) {
      w.addStored(
          "imsmanifest.xml",
          manifest("Unflagged", "caf\u00e9.html", "caf\u00e9.html", "r\u00e9sum\u00e9.html"));
      // UTF-8 bytes without the EFS flag (macOS Archive Utility, many Java tools)...
      w.add(
          RawZipWriter.stored("x", index)
              .withRawName("caf\u00e9.html".getBytes(StandardCharsets.UTF_8), 0),
          index);
      // ...and CP437 bytes (Windows "Send to compressed folder" on older systems).
      w.add(
          RawZipWriter.stored("x", index)
              .withRawName("r\u00e9sum\u00e9.html".getBytes(Charset.forName("IBM437")), 0),
          index);
    }

    ImportJobResult job = importOk(zip, Packages.courseId("unflagged"));

    assertThat(warnings(job))
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith("caf\u00e9.html: ")
                    .contains("read as UTF-8")
                    .endsWith("[zip.name-encoding]"));
    assertThat(warnings(job))
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith("r\u00e9sum\u00e9.html: ")
                    .contains("CP437")
                    .endsWith("[zip.name-encoding]"));
    assertThat(warnings(job)).noneMatch(w -> w.endsWith("[manifest.file.missing]"));
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static byte[] manifest(String title, String href, String... listed) {
    return Packages.utf8(Packages.declaration() + Packages.manifest(title, href, listed));
  }

  private static Map<String, byte[]> withIndex(byte[] manifest) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("imsmanifest.xml", manifest);
    files.put("index.html", Packages.utf8(INDEX));
    return files;
  }

  private static byte[] utf16(String text, Charset charset) {
    byte[] bom =
        charset.equals(StandardCharsets.UTF_16LE)
            ? new byte[] {(byte) 0xFF, (byte) 0xFE}
            : new byte[] {(byte) 0xFE, (byte) 0xFF};
    byte[] body = text.getBytes(charset);
    byte[] all = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, all, 0, bom.length);
    System.arraycopy(body, 0, all, bom.length, body.length);
    return all;
  }

  private static byte[] danglingItem(String namespace, String schema, String scorm) {
    return Packages.utf8(
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest identifier="m" xmlns="%s">
          <metadata><schema>%s</schema><schemaversion>1.1.0</schemaversion></metadata>
          <organizations default="o"><organization identifier="o"><title>Export</title>
            <item identifier="page" identifierref="r_page"><title>Page</title></item>
            <item identifier="tool" identifierref="r_left_out"><title>External tool</title></item>
          </organization></organizations>
          <resources>
            <resource identifier="r_page" type="webcontent" href="index.html"%s>
              <file href="index.html"/></resource>
          </resources>
        </manifest>
        """
            .formatted(namespace, schema, scorm));
  }

  @Test
  void cartridgeItemWhoseResourceTheExportLeftOut_isDroppedAndTheImportCompletes() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(
        "imsmanifest.xml",
        danglingItem(
            "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1", "IMS Common Cartridge", ""));
    files.put("index.html", Packages.utf8(INDEX));

    ImportJobResult job = imported(files, "cc-dangling");

    assertThat(warnings(job))
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains("'tool'", "'r_left_out'")
                    .endsWith("[manifest.identifierref.dropped]"));
    assertThat(job.getImportResult().getCourse().getLaunchUrl()).isEqualTo("index.html");
  }

  @Test
  void scormItemWithAMissingResource_isStillRefused() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(
        "imsmanifest.xml",
        danglingItem(
            "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
            "ADL SCORM",
            " xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\" adlcp:scormtype=\"sco\""));
    files.put("index.html", Packages.utf8(INDEX));
    String courseId = Packages.courseId("scorm-dangling");

    Importer.Outcome outcome =
        importer.importGrpc(Packages.zip(dir, files), courseId, "dangling.zip");

    assertThat(outcome.job().getStatus()).isEqualTo(ImportJobResult.Status.ERROR);
    assertThat(outcome.message())
        .contains("'r_left_out'")
        .endsWith("[manifest.identifierref.unresolved]");
    assertThat(
            server.server().services().store().courses().find(Bootstrap.DEFAULT_TENANT, courseId))
        .isEmpty();
  }

  private static ImportJobResult imported(Map<String, byte[]> files, String prefix) {
    return importOk(Packages.zip(dir, files), Packages.courseId(prefix));
  }

  private static ImportJobResult importOk(Path zip, String courseId) {
    Importer.Outcome outcome = importer.importGrpc(zip, courseId, "repair.zip");
    assertThat(outcome.job().getStatus())
        .as("job status, message: %s", outcome.message())
        .isEqualTo(ImportJobResult.Status.COMPLETE);
    assertThat(
            server.server().services().store().courses().find(Bootstrap.DEFAULT_TENANT, courseId))
        .as("course record")
        .isPresent();
    return outcome.job();
  }

  private static List<String> warnings(ImportJobResult job) {
    return job.getImportResult().getParserWarningsList();
  }
}
