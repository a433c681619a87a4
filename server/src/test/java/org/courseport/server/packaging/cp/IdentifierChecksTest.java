package org.courseport.server.packaging.cp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.packaging.cp.CpFixtures.errors;
import static org.courseport.server.packaging.cp.CpFixtures.only;
import static org.courseport.server.packaging.cp.CpFixtures.warnings;
import static org.courseport.server.packaging.testing.Manifests.organization;
import static org.courseport.server.packaging.testing.Manifests.scorm12;

import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.PackageFormat;
import org.courseport.server.packaging.testing.Manifests;
import org.junit.jupiter.api.Test;

class IdentifierChecksTest {
  private static Findings check(String manifestXml) {
    Findings findings = new Findings();
    new IdentifierChecks(CpFixtures.manifest(manifestXml), "imsmanifest.xml", findings)
        .run(PackageFormat.SCORM_12);
    return findings;
  }

  private static final String ITEM =
      """
      <item identifier="i1" identifierref="r1"><title>T</title></item>""";

  @Test
  void wellFormedManifest_hasNoFindings() {
    assertThat(check(Manifests.singleSco12()).list()).isEmpty();
  }

  @Test
  void unresolvedIdentifierref_isAnErrorWithLineAndElement() {
    Findings f =
        check(
            scorm12(
                organization(
                    "C",
                    """
                    <item identifier="i1"
                          identifierref="nowhere"><title>T</title></item>"""),
                ""));

    Finding finding = only(f, "manifest.identifierref.unresolved");
    assertThat(finding.line()).isEqualTo(7);
    assertThat(finding.element()).isEqualTo("item");
    assertThat(finding.message()).contains("'nowhere'");
  }

  @Test
  void unresolvedIdentifierrefOutsideScorm_isAWarningThatTheItemIsDropped() {
    for (PackageFormat format : new PackageFormat[] {PackageFormat.IMSCC_13, PackageFormat.IMSCP}) {
      Findings f = new Findings();
      new IdentifierChecks(
              CpFixtures.manifest(
                  scorm12(
                      organization(
                          "C",
                          "<item identifier=\"i1\" identifierref=\"lti\"><title>T</title></item>"),
                      "")),
              "imsmanifest.xml",
              f)
          .run(format);

      assertThat(errors(f)).isEmpty();
      assertThat(only(f, "manifest.identifierref.dropped").message())
          .contains("'lti'", "left out of the activity tree");
    }
  }

  @Test
  void identifierrefNamingAnItem_saysSo() {
    Findings f =
        check(
            scorm12(
                organization(
                    "C",
                    """
                    <item identifier="i1" identifierref="i2"><title>T</title></item>
                    <item identifier="i2"><title>U</title></item>"""),
                ""));

    assertThat(only(f, "manifest.identifierref.unresolved").message()).contains("names an item");
  }

  @Test
  void unresolvedDependency_isAnError() {
    Findings f =
        check(
            scorm12(
                organization("C", ITEM),
                """
                <resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="a.html">
                  <dependency identifierref="common"/></resource>"""));

    assertThat(only(f, "manifest.identifierref.unresolved").message()).contains("'common'");
  }

  @Test
  void duplicateResourceIdentifiers_areAnError() {
    Findings f =
        check(
            scorm12(
                organization("C", ITEM),
"""
<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="a.html"/>
<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="b.html"/>"""));

    assertThat(errors(f)).containsExactly("manifest.identifier.duplicate");
  }

  @Test
  void itemAndResourceSharingAnIdentifier_isOnlyAWarning() {
    Findings f =
        check(
            scorm12(
                organization(
                    "C",
                    """
                    <item identifier="r1" identifierref="r1"><title>T</title></item>"""),
"""
<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="a.html"/>"""));

    assertThat(errors(f)).isEmpty();
    assertThat(warnings(f)).containsExactly("manifest.identifier.shared");
  }

  @Test
  void emptyOrganizationIdentifier_isAnError() {
    Findings f =
        check(
            Manifests.singleSco12().replace("<organization identifier=\"org\">", "<organization>"));

    assertThat(errors(f))
        .contains("manifest.identifier.missing", "manifest.organization.default-missing");
    assertThat(errors(f).get(0)).isEqualTo("manifest.identifier.missing");
  }

  @Test
  void defaultNamingNoOrganization_isAnError() {
    Findings f = check(Manifests.singleSco12().replace("default=\"org\"", "default=\"other\""));

    assertThat(only(f, "manifest.organization.default-missing").message())
        .contains("default=\"other\"");
  }

  @Test
  void missingDefaultAttributeInScorm_isAWarning() {
    Findings f = check(Manifests.singleSco12().replace(" default=\"org\"", ""));

    assertThat(errors(f)).isEmpty();
    assertThat(warnings(f)).containsExactly("manifest.organization.default-unset");
  }

  @Test
  void dependencyCycle_isReportedOnceWithItsPath() {
    Findings f =
        check(
            scorm12(
                organization("C", ITEM),
                """
                <resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="a.html">
                  <dependency identifierref="A"/></resource>
                <resource identifier="A" type="webcontent" adlcp:scormtype="asset">
                  <dependency identifierref="B"/></resource>
                <resource identifier="B" type="webcontent" adlcp:scormtype="asset">
                  <dependency identifierref="A"/></resource>"""));

    assertThat(only(f, "manifest.dependency.cycle").message()).contains("A -> B -> A");
  }

  @Test
  void selfDependency_isACycle() {
    Findings f =
        check(
            scorm12(
                organization("C", ITEM),
                """
                <resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="a.html">
                  <dependency identifierref="r1"/></resource>"""));

    assertThat(only(f, "manifest.dependency.cycle").message()).contains("r1 -> r1");
  }

  @Test
  void longAcyclicDependencyChain_isNoCycleAndDoesNotOverflow() {
    StringBuilder resources =
        new StringBuilder(
            "<resource identifier=\"r1\" type=\"webcontent\" href=\"a.html\">"
                + "<dependency identifierref=\"d0\"/></resource>");
    for (int i = 0; i < 20_000; i++) {
      resources
          .append("<resource identifier=\"d")
          .append(i)
          .append("\" type=\"webcontent\">")
          .append(i + 1 < 20_000 ? "<dependency identifierref=\"d" + (i + 1) + "\"/>" : "")
          .append("</resource>");
    }
    Findings f = check(scorm12(organization("C", ITEM), resources.toString()));

    assertThat(errors(f)).isEmpty();
  }
}
