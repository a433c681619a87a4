package org.courseport.server.packaging.cp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.packaging.cp.CpFixtures.errors;
import static org.courseport.server.packaging.cp.CpFixtures.only;
import static org.courseport.server.packaging.cp.CpFixtures.warnings;
import static org.courseport.server.packaging.testing.Manifests.organization;
import static org.courseport.server.packaging.testing.Manifests.scorm12;

import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.PackageFormat;
import org.courseport.server.packaging.testing.Manifests;
import org.courseport.server.packaging.testing.MemoryArchive;
import org.junit.jupiter.api.Test;

class FileChecksTest {
  private static final String ITEM =
      """
      <item identifier="i1" identifierref="r1"><title>T</title></item>""";

  private static Findings check(String xml, PackageFormat format, String... files) {
    MemoryArchive archive = new MemoryArchive().with("imsmanifest.xml", xml);
    for (String f : files) {
      archive.with(f, "x");
    }
    Findings findings = new Findings();
    new FileChecks(CpFixtures.manifest(xml), format, archive, "imsmanifest.xml", findings).run();
    return findings;
  }

  private static Findings check12(String resources, String... files) {
    return check(scorm12(organization("C", ITEM), resources), PackageFormat.SCORM_12, files);
  }

  @Test
  void completePackage_hasNoFindings() {
    assertThat(check(Manifests.singleSco12(), PackageFormat.SCORM_12, "index.html").list())
        .isEmpty();
  }

  @Test
  void missingLaunchFile_isAnErrorNamingTheFile() {
    Findings f = check(Manifests.singleSco12(), PackageFormat.SCORM_12);

    assertThat(errors(f)).containsExactly("manifest.launch.file-missing");
    assertThat(f.list().get(0).message()).contains("'index.html'");
  }

  @Test
  void scoWithoutHref_isALaunchError() {
    Findings f =
        check12(
            """
            <resource identifier="r1" type="webcontent" adlcp:scormtype="sco">
              <file href="index.html"/></resource>""",
            "index.html");

    assertThat(errors(f)).containsExactly("manifest.launch.missing");
  }

  @Test
  void scormWithoutAnyLaunchingItem_isALaunchError() {
    Findings f =
        check(
            scorm12(
                "<organizations/>",
"""
<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="a.html"/>"""),
            PackageFormat.SCORM_12,
            "a.html");

    assertThat(errors(f)).containsExactly("manifest.launch.missing");
  }

  @Test
  void cartridgeWithoutOrganization_needsNoLaunch() {
    Findings f =
        check(
            scorm12(
                "<organizations/>",
                """
                <resource identifier="r1" type="webcontent" href="a.html"/>"""),
            PackageFormat.IMSCC_11,
            "a.html");

    assertThat(f.list()).isEmpty();
  }

  @Test
  void eachMissingListedFile_isOneWarningNamingIt() {
    Findings f =
        check12(
            """
            <resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="a.html">
              <file href="a.html"/><file href="img/one.png"/><file href="img/two.png"/>
              <file href="img/one.png"/></resource>""",
            "a.html");

    assertThat(errors(f)).isEmpty();
    assertThat(warnings(f)).containsExactly("manifest.file.missing", "manifest.file.missing");
    assertThat(f.list())
        .extracting(x -> x.message())
        .anySatisfy(m -> assertThat(m).contains("'img/one.png'"))
        .anySatisfy(m -> assertThat(m).contains("'img/two.png'"));
  }

  @Test
  void hrefWithQueryAndFragment_isCheckedByItsFile() {
    Findings f =
        check12(
            """
            <resource identifier="r1" type="webcontent" adlcp:scormtype="sco"
                href="a.html?x=1#top"/>""",
            "a.html");

    assertThat(f.list()).isEmpty();
  }

  @Test
  void hrefClimbingOutOfThePackage_isAnError() {
    Findings f =
        check12(
            """
            <resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="a.html"
                xml:base="../../"/>""");

    assertThat(errors(f)).containsExactly("manifest.href.outside-package");
  }

  @Test
  void javascriptHref_isAnError() {
    Findings f =
        check12(
            """
            <resource identifier="r1" type="webcontent" adlcp:scormtype="sco"
                href="javascript:alert(1)"/>""");

    assertThat(only(f, "manifest.href.unsafe").message()).contains("javascript:alert(1)");
  }

  @Test
  void absoluteWebHref_isLaunchedWithoutAFileCheck() {
    Findings f =
        check12(
            """
            <resource identifier="r1" type="webcontent" adlcp:scormtype="sco"
                href="https://cdn.example.com/course/index.html"/>""");

    assertThat(f.list()).isEmpty();
  }

  @Test
  void percentEncodedHref_isFoundThroughTheArchiveRepair() {
    Findings f =
        check12(
            """
            <resource identifier="r1" type="webcontent" adlcp:scormtype="sco"
                href="%E8%8B%B1%E5%9B%BD.html"/>""",
            "英国.html");

    assertThat(f.list()).isEmpty();
  }
}
