package org.courseport.server.export.imported;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.courseport.server.export.imported.ImportedFixture.files;
import static org.courseport.server.export.imported.ImportedFixture.manifest12;
import static org.courseport.server.export.imported.ImportedFixture.manifest2004;
import static org.courseport.server.export.imported.ImportedFixture.paths;
import static org.courseport.server.export.imported.ImportedFixture.problems;
import static org.courseport.server.export.imported.ImportedFixture.text;
import static org.courseport.server.export.imported.ImportedFixture.zip;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.domain.packaging.CourseMetadata;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.domain.packaging.ValidationReport;
import org.courseport.server.export.CourseSnapshot;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportOptions;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.export.ExportRefusedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImportedPackageWriterTest {
  @TempDir Path dir;
  ImportedFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new ImportedFixture(dir);
  }

  private ExportPlan plan(CourseSnapshot course, ExportFormat format) {
    return fixture.writer.plan(course, ExportOptions.of(format));
  }

  private CourseSnapshot scorm12Course() throws Exception {
    return fixture.imported(
        "Golf Basics",
        zip(
            files(
                "imsmanifest.xml",
                manifest12(
                    "Golf Basics",
                    "<adlcp:masteryscore>80</adlcp:masteryscore>",
                    "sco",
                    "index.html",
                    "<file href=\"index.html\"/><file href=\"img/logo.png\"/>"),
                "index.html",
                "<html><body>Hi</body></html>",
                "img/logo.png",
                "PNGDATA")));
  }

  @Test
  void scorm12_inItsOwnStandard_isItsPackageAndReimportsClean() throws Exception {
    CourseSnapshot course = scorm12Course();

    ExportPlan plan = plan(course, ExportFormat.SCORM12);

    assertThat(plan.fileName()).isEqualTo("golf-basics-scorm12.zip");
    assertThat(plan.writer()).isEqualTo("imported/1:" + course.imported().blobId());
    assertThat(paths(plan)).containsExactly("imsmanifest.xml", "index.html", "img/logo.png");
    assertThat(ImportedFixture.entry(plan, "img/logo.png").compress()).isFalse();
    assertThat(ImportedFixture.entry(plan, "index.html").compress()).isTrue();
    assertThat(text(plan, "index.html")).isEqualTo("<html><body>Hi</body></html>");
    assertThat(plan.expect())
        .isEqualTo(
            new ExportPlan.Expectation(
                LearningStandard.SCORM12, "scorm-1.2", "index.html", 1, "imsmanifest.xml"));
    InspectionResult again = fixture.reimport(plan);
    assertThat(problems(again)).isEmpty();
    assertThat(again.description().standard()).isEqualTo(LearningStandard.SCORM12);
    assertThat(again.description().launchUrl()).isEqualTo("index.html");
  }

  @Test
  void samePackage_plansTheSameKey_andAnotherFormatAnother() throws Exception {
    CourseSnapshot course = scorm12Course();

    String first = plan(course, ExportFormat.SCORM12).key();
    String second = plan(course, ExportFormat.SCORM12).key();

    assertThat(first).isEqualTo(second).hasSize(64);
    assertThat(plan(course, ExportFormat.ZIP).key()).isNotEqualTo(first);
  }

  @Test
  void packageInsideAFolder_withBackslashesAndCaseErrors_exportsRerootedAndRepaired()
      throws Exception {
    String manifest =
        manifest12(
            "Rooted",
            "",
            "sco",
            "Pages\\Index.HTML",
            "<file href=\"Pages\\Index.HTML\"/><file href=\"pages/Style.css\"/>");
    CourseSnapshot course =
        fixture.imported(
            "Rooted",
            zip(
                files(
                    "course/imsmanifest.xml",
                    manifest,
                    "course\\pages\\index.html",
                    "<html>page</html>",
                    "course/pages/style.css",
                    "body{}")));
    assertThat(course.imported().report().findings())
        .extracting(f -> f.rule())
        .contains("zip.root-folder", "zip.path.backslash");

    ExportPlan plan = plan(course, ExportFormat.SCORM12);

    assertThat(paths(plan))
        .containsExactly("imsmanifest.xml", "pages/index.html", "pages/style.css");
    String written = text(plan, "imsmanifest.xml");
    assertThat(written)
        .contains("href=\"pages/index.html\"")
        .contains("<file href=\"pages/style.css\"/>")
        .doesNotContain("\\")
        .contains("xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\"");
    assertThat(plan.expect().launchHref()).isEqualTo("pages/index.html");
    InspectionResult again = fixture.reimport(plan);
    assertThat(problems(again)).isEmpty();
    assertThat(ImportedFixture.warnings(again)).noneMatch(rule -> rule.startsWith("zip."));
    assertThat(again.description().launchUrl()).isEqualTo("pages/index.html");
  }

  @Test
  void scorm2004_4th_inItsOwnStandard_keepsTheManifestBytes() throws Exception {
    String manifest = manifest2004("2004 4th Edition", "Two SCOs", "", "");
    CourseSnapshot course =
        fixture.imported(
            "Two SCOs", zip(files("imsmanifest.xml", manifest, "one.html", "1", "two.html", "2")));

    ExportPlan plan = plan(course, ExportFormat.SCORM2004_4TH);

    assertThat(text(plan, "imsmanifest.xml")).isEqualTo(manifest);
    assertThat(plan.expect().standard()).isEqualTo(LearningStandard.SCORM2004_4TH);
    assertThat(plan.expect().activityCount()).isEqualTo(2);
    assertThat(problems(fixture.reimport(plan))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "2004 3rd Edition, SCORM2004_4TH, SCORM2004_4TH",
    "2004 4th Edition, SCORM2004_3RD, SCORM2004_3RD",
    "2004 2nd Edition, SCORM2004_3RD, SCORM2004_3RD",
    "CAM 1.3, SCORM2004_4TH, SCORM2004_4TH"
  })
  void scorm2004_inAnotherEdition_declaresItAndReimportsAsIt(
      String declared, ExportFormat target, LearningStandard expected) throws Exception {
    CourseSnapshot course =
        fixture.imported(
            "Editions",
            zip(
                files(
                    "imsmanifest.xml",
                    manifest2004(declared, "Editions", "", ""),
                    "one.html",
                    "1",
                    "two.html",
                    "2")));

    ExportPlan plan = plan(course, target);

    InspectionResult again = fixture.reimport(plan);
    assertThat(problems(again)).isEmpty();
    assertThat(again.description().standard()).isEqualTo(expected);
    assertThat(again.description().launchUrl()).isEqualTo("one.html");
    assertThat(plan.expect().standard()).isEqualTo(expected);
    assertThat(paths(plan)).contains("imscp_v1p1.xsd", "imsss_v1p0.xsd", "common/anyElement.xsd");
  }

  @Test
  void scorm2004_4thWithSharedData_asThirdEdition_isRefused() throws Exception {
    CourseSnapshot course =
        fixture.imported(
            "Shared",
            zip(
                files(
                    "imsmanifest.xml",
                    manifest2004(
                        "2004 4th Edition",
                        "Shared",
                        "<adlcp:data><adlcp:map targetID=\"notes\"/></adlcp:data>",
                        ""),
                    "one.html",
                    "1",
                    "two.html",
                    "2")));

    assertThatThrownBy(() -> plan(course, ExportFormat.SCORM2004_3RD))
        .isInstanceOf(ExportRefusedException.class)
        .hasMessage(
            "A SCORM 2004 4th Edition course cannot be exported as SCORM 2004 3rd Edition: it"
                + " uses shared data (adlcp:data), which exists only in SCORM 2004 4th Edition,"
                + " and a 3rd Edition LMS would ignore it");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "cmi5|SCORM12|A cmi5 course cannot be exported as SCORM 1.2: its assignable units are"
            + " launched with an xAPI LRS endpoint",
        "xapi|SCORM2004_4TH|A Tin Can (xAPI) course cannot be exported as SCORM 2004 4th"
            + " Edition: its content reports",
        "aicc|SCORM2004_3RD|An AICC course cannot be exported as SCORM 2004 3rd Edition: its"
            + " content reports to the LMS over AICC HACP",
        "aicc|COMMON_CARTRIDGE_13|An AICC course cannot be exported as Common Cartridge 1.3:",
        "imscc-1.3|SCORM12|A Common Cartridge 1.3 course cannot be exported as SCORM 1.2: a"
            + " cartridge's resources",
        "imscc-1.3|COMMON_CARTRIDGE_11|A Common Cartridge 1.3 course cannot be exported as"
            + " Common Cartridge 1.1: converting one Common Cartridge version",
        "qti-2.1|SCORM12|A QTI package cannot be exported as SCORM 1.2: a QTI package holds",
        "imscp|SCORM2004_4TH|An IMS content package cannot be exported as SCORM 2004 4th"
            + " Edition: a plain IMS content package has no SCOs",
        "media|SCORM12|A media file course cannot be exported as SCORM 1.2: a media file has no"
            + " SCORM runtime",
        "scorm-1.2|QTI|A SCORM 1.2 course cannot be exported as QTI: only an imported QTI"
            + " package is exported as QTI",
        "qti-2.1|COMMON_CARTRIDGE_13|A QTI package cannot be exported as Common Cartridge 1.3:"
      })
  void otherStandards_areRefusedNamingTheReason(
      String packageFormat, ExportFormat format, String message) {
    CourseSnapshot course = described(packageFormat);

    assertThatThrownBy(() -> plan(course, format))
        .isInstanceOf(ExportRefusedException.class)
        .hasMessageStartingWith(message)
        .satisfies(
            e ->
                assertThat(((ExportRefusedException) e).reason())
                    .isEqualTo(ExportRefusedException.REASON));
  }

  @Test
  void authoredCourse_isNotThisWritersBusiness() throws Exception {
    CourseSnapshot authored =
        new CourseSnapshot("t1", "c1", 0, "Authored", "", "en", List.of(), null);

    assertThat(fixture.writer.supports(authored, ExportFormat.SCORM12)).isFalse();
    assertThat(fixture.writer.supports(scorm12Course(), ExportFormat.ZIP)).isTrue();
  }

  @Test
  void zip_isThePackagesFilesRerootedWithTheManifestRepaired() throws Exception {
    CourseSnapshot course =
        fixture.imported(
            "Zipped",
            zip(
                files(
                    "top/imsmanifest.xml",
                    manifest12("Zipped", "", "sco", "INDEX.html", "<file href=\"INDEX.html\"/>"),
                    "top/index.html",
                    "<html/>",
                    "__MACOSX/top/._index.html",
                    "junk")));

    ExportPlan plan = plan(course, ExportFormat.ZIP);

    assertThat(plan.fileName()).isEqualTo("zipped-zip.zip");
    assertThat(paths(plan)).containsExactly("imsmanifest.xml", "index.html");
    assertThat(text(plan, "imsmanifest.xml")).contains("href=\"index.html\"");
    assertThat(plan.expect()).isEqualTo(new ExportPlan.Expectation(null, null, null, -1, null));
  }

  @Test
  void assetOnlyScorm12_asCommonCartridge11_isOneWebContentItemValidAgainstTheXsd()
      throws Exception {
    CourseSnapshot course =
        fixture.imported(
            "Reading & More",
            zip(
                files(
                    "imsmanifest.xml",
                    manifest12(
                        "Reading",
                        "",
                        "asset",
                        "read me.html",
                        "<file href=\"read me.html\"/><file href=\"a.css\"/>"),
                    "read me.html",
                    "<html/>",
                    "a.css",
                    "p{}")));

    ExportPlan plan = plan(course, ExportFormat.COMMON_CARTRIDGE_11);

    assertThat(plan.fileName()).isEqualTo("reading-more-common_cartridge_1.1.imscc");
    assertThat(paths(plan)).containsExactly("imsmanifest.xml", "read me.html", "a.css");
    assertThat(text(plan, "imsmanifest.xml"))
        .contains("<file href=\"read%20me.html\"/>")
        .contains(">Reading &amp; More</lomimscc:string>");
    InspectionResult again = fixture.reimport(plan);
    assertThat(problems(again)).isEmpty();
    assertThat(again.report().schemas()).isNotEmpty();
    assertThat(again.description().packageFormat()).isEqualTo("imscc-1.1");
    assertThat(again.description().launchUrl()).isEqualTo(plan.expect().launchHref());
  }

  @Test
  void assetOnlyScorm12_asCommonCartridge13_reimportsAsCartridge13() throws Exception {
    CourseSnapshot course =
        fixture.imported(
            "Assets",
            zip(
                files(
                    "imsmanifest.xml",
                    manifest12("Assets", "", "asset", "a.html", "<file href=\"a.html\"/>"),
                    "a.html",
                    "<html/>")));

    InspectionResult again = fixture.reimport(plan(course, ExportFormat.COMMON_CARTRIDGE_13));

    assertThat(problems(again)).isEmpty();
    assertThat(again.description().packageFormat()).isEqualTo("imscc-1.3");
    assertThat(again.description().launchUrl()).isEqualTo("a.html");
    assertThat(again.description().rootActivity().children()).hasSize(1);
  }

  @Test
  void scormWithScos_asCommonCartridge_isRefused() throws Exception {
    CourseSnapshot course = scorm12Course();

    assertThatThrownBy(() -> plan(course, ExportFormat.COMMON_CARTRIDGE_13))
        .isInstanceOf(ExportRefusedException.class)
        .hasMessage(
            "A SCORM 1.2 course cannot be exported as Common Cartridge 1.3: its 1 SCO(s) call"
                + " the SCORM API of an LMS, which a Common Cartridge gives web content no"
                + " access to, so progress and scores would be lost; export it as SCORM"
                + " instead");
  }

  /** A course whose import found {@code packageFormat}; refusals happen before the blob is read. */
  private static CourseSnapshot described(String packageFormat) {
    PackageDescription d =
        new PackageDescription(
            LearningStandard.UNKNOWN,
            packageFormat,
            "T",
            "",
            "index.html",
            1,
            1,
            new Activity("root", "", ActivityType.AGGREGATION, "", "T", "", List.of()),
            null,
            List.of(),
            "imsmanifest.xml");
    Instant now = Instant.EPOCH;
    CourseVersion v =
        new CourseVersion(
            "t1",
            "c1",
            0,
            "T",
            "0".repeat(64),
            1,
            "x.zip",
            d,
            new ValidationReport(packageFormat, LearningStandard.UNKNOWN, List.of(), List.of()),
            now,
            now);
    return new CourseSnapshot("t1", "c1", 0, "T", "", "en-US", List.of(), v);
  }

  @SuppressWarnings("unused")
  private static final Class<?> METADATA = CourseMetadata.class;
}
