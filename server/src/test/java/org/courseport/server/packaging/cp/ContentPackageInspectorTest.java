package org.courseport.server.packaging.cp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.packaging.testing.Manifests.organization;
import static org.courseport.server.packaging.testing.Manifests.scorm12;
import static org.courseport.server.packaging.testing.Manifests.scorm2004;

import java.util.List;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.domain.packaging.Severity;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.FormatResult;
import org.courseport.server.packaging.support.InspectionLimits;
import org.courseport.server.packaging.support.PackageFormat;
import org.courseport.server.packaging.testing.Manifests;
import org.courseport.server.packaging.testing.MemoryArchive;
import org.courseport.server.packaging.xml.SchemaRegistry;
import org.courseport.server.packaging.xml.XmlDocumentLoader;
import org.courseport.server.packaging.xml.XsdValidator;
import org.junit.jupiter.api.Test;

class ContentPackageInspectorTest {
  private final ContentPackageInspector inspector =
      new ContentPackageInspector(
          new XmlDocumentLoader(InspectionLimits.DEFAULT),
          new XsdValidator(SchemaRegistry.shared(), 25, 256));

  record Outcome(FormatResult result, List<Finding> findings) {
    PackageDescription description() {
      return result.description();
    }

    List<String> errors() {
      return findings.stream()
          .filter(f -> f.severity() == Severity.ERROR)
          .map(Finding::rule)
          .toList();
    }

    List<String> warnings() {
      return findings.stream()
          .filter(f -> f.severity() == Severity.WARNING)
          .map(Finding::rule)
          .toList();
    }

    Finding first(String rule) {
      return findings.stream().filter(f -> f.rule().equals(rule)).findFirst().orElseThrow();
    }
  }

  private Outcome inspect(MemoryArchive archive) {
    Findings findings = new Findings();
    FormatResult result =
        inspector.inspect(archive, archive.find("imsmanifest.xml").orElseThrow(), findings);
    return new Outcome(result, findings.list());
  }

  private Outcome inspect(String manifest, String... files) {
    MemoryArchive archive = new MemoryArchive().with("imsmanifest.xml", manifest);
    for (String f : files) {
      archive.with(f, "<html></html>");
    }
    return inspect(archive);
  }

  @Test
  void scorm12SingleSco_isDescribedWithTreeLaunchAndCounts() {
    Outcome o = inspect(Manifests.singleSco12(), "index.html");

    PackageDescription d = o.description();
    assertThat(o.errors()).isEmpty();
    assertThat(d.standard()).isEqualTo(LearningStandard.SCORM12);
    assertThat(d.packageFormat()).isEqualTo("scorm-1.2");
    assertThat(d.title()).isEqualTo("Course");
    assertThat(d.launchUrl()).isEqualTo("index.html");
    assertThat(d.scoCount()).isEqualTo(1);
    assertThat(d.resourceCount()).isEqualTo(1);
    assertThat(d.manifestFile()).isEqualTo("imsmanifest.xml");
    assertThat(d.rootActivity().type()).isEqualTo(ActivityType.AGGREGATION);
    assertThat(d.rootActivity().children())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.type()).isEqualTo(ActivityType.SCO);
              assertThat(a.itemIdentifier()).isEqualTo("i1");
              assertThat(a.resourceIdentifier()).isEqualTo("r1");
              assertThat(a.href()).isEqualTo("index.html");
            });
    assertThat(o.result().schemas()).containsExactly("_wrappers/scorm12.xsd");
  }

  @Test
  void nestedItems_becomeAggregationsAndCountEveryScoAndAsset() {
    Outcome o =
        inspect(
            scorm12(
                organization(
                    "Golf",
"""
<item identifier="module"><title>Module</title>
  <item identifier="a" identifierref="ra"><title>A</title></item>
  <item identifier="b" identifierref="rb" parameters="?page=2"><title>B</title></item>
</item>"""),
"""
<resource identifier="ra" type="webcontent" adlcp:scormtype="asset" href="a.html"/>
<resource identifier="rb" type="webcontent" adlcp:scormtype="sco" href="b.html"/>"""),
            "a.html",
            "b.html");

    Activity module = o.description().rootActivity().children().get(0);
    assertThat(module.type()).isEqualTo(ActivityType.AGGREGATION);
    assertThat(module.children())
        .extracting(Activity::type, Activity::href)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ActivityType.ASSET, "a.html"),
            org.assertj.core.groups.Tuple.tuple(ActivityType.SCO, "b.html?page=2"));
    assertThat(o.description().scoCount()).isEqualTo(1);
    assertThat(o.description().launchUrl()).isEqualTo("a.html");
  }

  @Test
  void xmlBaseOnManifestResourcesAndResource_prefixesLaunchAndFileChecks() {
    String manifest =
        scorm2004(
                "2004 4th Edition",
                organization(
                    "Base",
"""
<item identifier="i" identifierref="r" parameters="tc=1&amp;act=2"><title>I</title></item>
"""),
                """
                <resource identifier="r" type="webcontent" adlcp:scormType="sco" href="start.htm"
                    xml:base="lesson/"><file href="start.htm"/></resource>""")
            .replace("<resources>", "<resources xml:base=\"content\">")
            .replace("identifier=\"m1\"", "identifier=\"m1\" xml:base=\"course/\"");

    Outcome o = inspect(manifest, "course/content/lesson/start.htm");

    assertThat(o.errors()).isEmpty();
    assertThat(o.description().launchUrl()).isEqualTo("course/content/lesson/start.htm?tc=1&act=2");
  }

  private static String sco2004(String version, String extraItemContent) {
    return scorm2004(
        version,
        organization(
            "C",
            """
            <item identifier="a" identifierref="r"><title>A</title>%s</item>"""
                .formatted(extraItemContent)),
        """
        <resource identifier="r" type="webcontent" adlcp:scormType="sco" href="x.html"/>""");
  }

  @Test
  void schemaVersionNamesTheEdition() {
    assertThat(inspect(sco2004("CAM 1.3", ""), "x.html").description().packageFormat())
        .isEqualTo("scorm-2004-2nd");
    assertThat(inspect(sco2004("2004 3rd Edition", ""), "x.html").description().standard())
        .isEqualTo(LearningStandard.SCORM2004_3RD);
    assertThat(inspect(sco2004("2004 4th Edition", ""), "x.html").description().standard())
        .isEqualTo(LearningStandard.SCORM2004_4TH);
  }

  @Test
  void missingSchemaVersionWithSharedData_isReadAsFourthEditionWithWarning() {
    Outcome o =
        inspect(
            sco2004(
                "",
                """
                <adlcp:data><adlcp:map targetID="com.example.data"/></adlcp:data>"""),
            "x.html");

    assertThat(o.description().packageFormat()).isEqualTo("scorm-2004-4th");
    assertThat(o.first("manifest.schemaversion.missing").message()).contains("adlcp:data");
    assertThat(o.errors()).isEmpty();
  }

  @Test
  void thirdEditionDeclarationWithFourthEditionObjectives_isReadAsFourthEdition() {
    Outcome o =
        inspect(
            sco2004(
                "2004 3rd Edition",
                """
                <imsss:sequencing><adlseq:objectives/></imsss:sequencing>"""),
            "x.html");

    assertThat(o.description().packageFormat()).isEqualTo("scorm-2004-4th");
    assertThat(o.warnings()).contains("manifest.edition.mismatch");
  }

  @Test
  void missingSchemaVersionWithoutFourthEditionFeatures_isReadAsSecondEdition() {
    Outcome o = inspect(sco2004("", ""), "x.html");

    assertThat(o.description().packageFormat()).isEqualTo("scorm-2004-2nd");
    assertThat(o.warnings()).contains("manifest.schemaversion.missing");
  }

  private static String danglingItems(String namespace, String schema) {
    return """
        <manifest identifier="m" xmlns="%s">
          <metadata><schema>%s</schema><schemaversion>1.1.0</schemaversion></metadata>
          <organizations><organization identifier="o" structure="rooted-hierarchy">
            <item identifier="root">
              <item identifier="page" identifierref="r_page"><title>Page</title></item>
              <item identifier="badge" identifierref="r_left_out"><title>Badge</title></item>
              <item identifier="module" identifierref="r_gone"><title>Module</title>
                <item identifier="page2" identifierref="r_page"><title>Again</title></item>
              </item>
            </item></organization></organizations>
          <resources>
            <resource identifier="r_page" type="webcontent" href="wiki/p.html">
              <file href="wiki/p.html"/></resource>
          </resources></manifest>"""
        .formatted(namespace, schema);
  }

  @Test
  void commonCartridgeItemWithLeftOutResource_isDroppedWithAWarningAndImports() {
    Outcome o =
        inspect(
            danglingItems(
                "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1", "IMS Common Cartridge"),
            "wiki/p.html");

    assertThat(o.result().format()).isEqualTo(PackageFormat.IMSCC_11);
    assertThat(o.errors()).isEmpty();
    assertThat(o.warnings()).contains("manifest.identifierref.dropped");
    assertThat(o.first("manifest.identifierref.dropped").message())
        .contains("'badge'", "'r_left_out'", "left out of the activity tree");
    Activity root = o.description().rootActivity().children().get(0);
    assertThat(root.children())
        .extracting(Activity::itemIdentifier)
        .containsExactly("page", "module");
    Activity module = root.children().get(1);
    assertThat(module.type()).isEqualTo(ActivityType.AGGREGATION);
    assertThat(module.children()).extracting(Activity::href).containsExactly("wiki/p.html");
  }

  @Test
  void plainContentPackageItemWithMissingResource_isDroppedWithAWarning() {
    Outcome o =
        inspect(
            danglingItems("http://www.imsglobal.org/xsd/imscp_v1p1", "IMS Content"), "wiki/p.html");

    assertThat(o.result().format()).isEqualTo(PackageFormat.IMSCP);
    assertThat(o.errors()).isEmpty();
    assertThat(o.warnings()).contains("manifest.identifierref.dropped");
    assertThat(o.description().rootActivity().children().get(0).children())
        .extracting(Activity::itemIdentifier)
        .containsExactly("page", "module");
  }

  @Test
  void scormItemWithMissingResource_isStillRefused() {
    Outcome o =
        inspect(
            scorm12(
                organization(
                    "C",
                    """
                    <item identifier="i1" identifierref="nowhere"><title>T</title></item>"""),
                ""));

    assertThat(o.errors()).contains("manifest.identifierref.unresolved");
    assertThat(o.warnings()).doesNotContain("manifest.identifierref.dropped");
  }
}
