package org.courseport.server.packaging.cp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.packaging.cp.CpFixtures.only;
import static org.courseport.server.packaging.testing.Manifests.organization;
import static org.courseport.server.packaging.testing.Manifests.scorm12;
import static org.courseport.server.packaging.testing.Manifests.scorm2004;

import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.PackageFormat;
import org.courseport.server.packaging.testing.Manifests;
import org.junit.jupiter.api.Test;

class SpellingChecksTest {
  private static Findings check(String xml, PackageFormat format) {
    Findings findings = new Findings();
    SpellingChecks.run(CpFixtures.manifest(xml).root(), format, "imsmanifest.xml", findings);
    return findings;
  }

  @Test
  void scorm12Spellings_passSilently() {
    assertThat(check(Manifests.singleSco12(), PackageFormat.SCORM_12).list()).isEmpty();
  }

  @Test
  void scorm2004ElementInScorm12_isWarnedOncePerName() {
    Findings f =
        check(
            scorm12(
                organization(
                    "C",
                    """
                    <item identifier="i1" identifierref="r1"><title>T</title>
                      <adlcp:dataFromLMS>a</adlcp:dataFromLMS></item>
                    <item identifier="i2" identifierref="r1"><title>U</title>
                      <adlcp:dataFromLMS>b</adlcp:dataFromLMS></item>"""),
"""
<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="a.html"/>"""),
            PackageFormat.SCORM_12);

    assertThat(only(f, "manifest.scorm12-spelling").message())
        .contains("adlcp:dataFromLMS")
        .contains("adlcp:datafromlms");
  }

  @Test
  void scorm2004AttributeSpellingInScorm12_isWarned() {
    Findings f =
        check(
            Manifests.singleSco12().replace("adlcp:scormtype", "adlcp:scormType"),
            PackageFormat.SCORM_12);

    assertThat(only(f, "manifest.scorm12-spelling").element()).isEqualTo("adlcp:scormType");
  }

  @Test
  void scorm12SpellingInScorm2004_isWarned() {
    Findings f =
        check(
            scorm2004(
                "2004 3rd Edition",
                organization(
                    "C",
                    """
                    <item identifier="i1" identifierref="r1"><title>T</title></item>"""),
"""
<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="a.html"/>"""),
            PackageFormat.SCORM_2004_3RD);

    assertThat(only(f, "manifest.scorm2004-spelling").message()).contains("adlcp:scormType");
  }
}
