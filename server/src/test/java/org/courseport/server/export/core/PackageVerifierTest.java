package org.courseport.server.export.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.export.ExportPlan.Expectation;
import org.courseport.server.export.ZipAssembler.StoredZip;
import org.courseport.server.packaging.StoredPackageInspector;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.storage.blob.FileSystemBlobStore;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier on zips written to a real blob store: plain and QTI zips (no standard) are checked
 * for opening through the import's zip checks and for listing exactly the plan's entries; SCORM
 * packages for standard, format, launch and activity count as the import reads them.
 */
class PackageVerifierTest {
  static final Expectation PLAIN = new Expectation(null, null, null, -1, null);

  @TempDir Path dir;
  BlobStore blobs;
  TestZipAssembler assembler;
  PackageVerifier verifier;

  @BeforeEach
  void setUp() throws Exception {
    blobs = new FileSystemBlobStore(dir);
    assembler = new TestZipAssembler(blobs);
    verifier =
        new PackageVerifier(
            blobs, StoredPackageInspector.fromEnvironment(Map.of()), ZipLimits.defaults());
  }

  static ExportPlan plan(ExportFormat format, Expectation expect, ExportEntry... entries) {
    return new ExportPlan(format, "course.zip", "test/1", List.of(entries), expect);
  }

  static ExportEntry text(String path) {
    return ExportEntry.text(path, "<p>" + path + "</p>");
  }

  @Test
  void aPlainZipWithThePlansEntries_passes() throws Exception {
    ExportPlan plan =
        plan(
            ExportFormat.ZIP,
            PLAIN,
            text("lessons/01-intro.html"),
            ExportEntry.bytes("media/a.jpg", new byte[] {(byte) 0xff, (byte) 0xd8, 1}, false));

    assertThat(verifier.problems(plan, assembler.write(plan))).isEmpty();
  }

  @Test
  void aZipMissingAPlannedEntry_orHoldingAnother_fails() throws Exception {
    StoredZip written =
        assembler.write(plan(ExportFormat.ZIP, PLAIN, text("a.html"), text("x.html")));
    ExportPlan expected = plan(ExportFormat.ZIP, PLAIN, text("a.html"), text("b.html"));

    assertThat(verifier.problems(expected, written))
        .containsExactly(
            "entries of the plan missing from the zip: b.html",
            "entries in the zip that the plan does not have: x.html");
  }

  @Test
  void aZipWithTheEntriesInAnotherOrder_fails() throws Exception {
    StoredZip written =
        assembler.write(plan(ExportFormat.QTI, PLAIN, text("b.xml"), text("a.xml")));

    assertThat(
            verifier.problems(plan(ExportFormat.QTI, PLAIN, text("a.xml"), text("b.xml")), written))
        .containsExactly("the zip's entries are not in the plan's order");
  }

  @Test
  void bytesThatAreNoZip_fail() throws Exception {
    String id;
    try (BlobStore.BlobWriter w = blobs.newWriter()) {
      OutputStream out = w.stream();
      out.write("not a zip at all".getBytes(StandardCharsets.UTF_8));
      id = w.commit();
    }

    List<String> problems =
        verifier.problems(plan(ExportFormat.ZIP, PLAIN, text("a.html")), new StoredZip(id, id, 16));

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0)).startsWith("the zip could not be read: ");
  }

  @Test
  void aZipNotInTheStore_orOfAnotherSize_fails() throws Exception {
    ExportPlan plan = plan(ExportFormat.ZIP, PLAIN, text("a.html"));
    StoredZip zip = assembler.write(plan);

    assertThat(verifier.problems(plan, new StoredZip("0".repeat(64), "0".repeat(64), 5)))
        .containsExactly("the zip " + "0".repeat(64) + " is not in the blob store");
    assertThat(verifier.problems(plan, new StoredZip(zip.blobId(), zip.sha256(), zip.size() + 1)))
        .containsExactly(
            "the stored zip has "
                + zip.size()
                + " bytes, the assembler reported "
                + (zip.size() + 1));
  }

  @Test
  void aScormPackage_isComparedWithWhatTheImportReads() throws Exception {
    // TestPackages' SCORM 2004 package: two SCOs, launching one.html first.
    Path file = Files.write(dir.resolve("p.zip"), TestPackages.scorm2004("Two"));
    ExportEntry[] entries = entriesOf(file);
    Expectation right =
        new Expectation(
            LearningStandard.SCORM2004_4TH, "scorm-2004-4th", "one.html", 2, "imsmanifest.xml");
    ExportPlan good = plan(ExportFormat.SCORM2004_4TH, right, entries);
    StoredZip zip = assembler.write(good);
    assertThat(verifier.problems(good, zip)).isEmpty();

    Expectation wrong =
        new Expectation(LearningStandard.SCORM12, "scorm-1.2", "two.html", 3, "imsmanifest.xml");

    assertThat(verifier.problems(plan(ExportFormat.SCORM12, wrong, entries), zip))
        .containsExactly(
            "the re-import found the standard SCORM2004_4TH, expected SCORM12",
            "the re-import found the format 'scorm-2004-4th', expected 'scorm-1.2'",
            "the re-import found the launch URL 'one.html', expected 'two.html'",
            "the re-import found 2 launchable activities, expected 3");
  }

  @Test
  void aPackageTheImportRefuses_listsTheImportsErrors() throws Exception {
    // A SCORM 1.2 manifest whose resource points at a file the zip does not hold.
    String manifest =
        """
            <?xml version="1.0" encoding="UTF-8"?>
            <manifest identifier="M" version="1.0"
                xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
                xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
              <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
              <organizations default="O">
                <organization identifier="O"><title>T</title>
                  <item identifier="I" identifierref="R"><title>T</title></item>
                </organization>
              </organizations>
              <resources>
                <resource identifier="R" type="webcontent" adlcp:scormtype="sco" href="missing.html">
                  <file href="missing.html"/>
                </resource>
              </resources>
            </manifest>
            """;
    ExportPlan plan =
        plan(
            ExportFormat.SCORM12,
            new Expectation(
                LearningStandard.SCORM12, "scorm-1.2", "missing.html", 1, "imsmanifest.xml"),
            ExportEntry.text("imsmanifest.xml", manifest));

    List<String> problems = verifier.problems(plan, assembler.write(plan));

    assertThat(problems)
        .isNotEmpty()
        .anyMatch(p -> p.startsWith("re-import error: ") && p.contains("missing.html"));
  }

  @Test
  void cartridgeItemsWithoutALaunchUrl_countAsLaunchable_aggregationsDoNot() {
    var page =
        new org.courseport.server.domain.packaging.Activity(
            "I-1", "RES-1", ActivityType.ASSET, "lessons/01-a.html", "A", "", List.of());
    var assessment =
        new org.courseport.server.domain.packaging.Activity(
            "I-2", "QUIZ-L1-Q1", ActivityType.ASSET, "", "Quiz", "", List.of());
    var module =
        new org.courseport.server.domain.packaging.Activity(
            "M-1", "", ActivityType.AGGREGATION, "", "Module", "", List.of(page, assessment));
    var root =
        new org.courseport.server.domain.packaging.Activity(
            "ROOT", "", ActivityType.AGGREGATION, "", "Course", "", List.of(module));
    assertThat(PackageVerifier.launchable(root)).isEqualTo(2);
    var unknown =
        new org.courseport.server.domain.packaging.Activity(
            "I-3", "GONE", ActivityType.UNKNOWN, "", "Gone", "", List.of());
    assertThat(PackageVerifier.launchable(unknown)).isZero();
  }

  private static ExportEntry[] entriesOf(Path zip) throws Exception {
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
      return z.stream()
          .map(
              e -> {
                try (var in = z.getInputStream(e)) {
                  return ExportEntry.bytes(e.getName(), in.readAllBytes(), true);
                } catch (java.io.IOException x) {
                  throw new java.io.UncheckedIOException(x);
                }
              })
          .toArray(ExportEntry[]::new);
    }
  }

  @Test
  void launchableActivities_countItemsWithAPageOrAResource_notOrganizingItems() {
    // A Common Cartridge tree as the import reads it: a lesson page (href) and a QTI assessment
    // item (resource, no href) under an organizing item (neither).
    var page =
        new org.courseport.server.domain.packaging.Activity(
            "I1",
            "R1",
            org.courseport.server.domain.packaging.ActivityType.ASSET,
            "lessons/01-a.html",
            "A",
            null,
            List.of());
    var quiz =
        new org.courseport.server.domain.packaging.Activity(
            "I2",
            "R2",
            org.courseport.server.domain.packaging.ActivityType.ASSET,
            null,
            "Quiz",
            null,
            List.of());
    var module =
        new org.courseport.server.domain.packaging.Activity(
            "M1",
            null,
            org.courseport.server.domain.packaging.ActivityType.AGGREGATION,
            null,
            "Module",
            null,
            List.of(page, quiz));

    assertThat(PackageVerifier.launchable(module)).isEqualTo(2);
    assertThat(PackageVerifier.launchable(null)).isZero();
  }
}
