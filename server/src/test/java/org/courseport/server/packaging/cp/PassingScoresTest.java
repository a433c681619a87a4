package org.courseport.server.packaging.cp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.packaging.testing.Manifests.organization;
import static org.courseport.server.packaging.testing.Manifests.scorm12;
import static org.courseport.server.packaging.testing.Manifests.scorm2004;

import java.util.List;
import java.util.Map;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.PackageFormat;
import org.junit.jupiter.api.Test;

class PassingScoresTest {
  private final Findings findings = new Findings();

  private record Outcome(PackageDescription description, List<String> warnings) {}

  private Outcome inspect(String xml) {
    CpManifest manifest = CpFixtures.manifest(xml);
    PackageFormat format = FormatDetector.detect(manifest, "imsmanifest.xml", new Findings());
    PackageDescription d =
        new CpDescriber(manifest, format, "imsmanifest.xml", findings)
            .describe(Lom.EMPTY, "", Map.of());
    return new Outcome(d, findings.list().stream().map(Finding::rule).toList());
  }

  @Test
  void scorm12MasteryScore_becomesScaledPassingScore() {
    Outcome o =
        inspect(
            scorm12(
                organization(
                    "C",
                    """
                    <item identifier="i" identifierref="r"><title>T</title>
                      <adlcp:masteryscore>80</adlcp:masteryscore></item>"""),
                """
                <resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="x.html"/>"""));

    assertThat(o.description().rootActivity().children().get(0).scaledPassingScore())
        .isEqualTo("0.8");
  }

  @Test
  void scorm12MasteryScoreOutOfRange_isIgnoredWithWarning() {
    Outcome o =
        inspect(
            scorm12(
                organization(
                    "C",
                    """
                    <item identifier="i" identifierref="r"><title>T</title>
                      <adlcp:masteryscore>180</adlcp:masteryscore></item>"""),
                """
                <resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="x.html"/>"""));

    assertThat(o.description().rootActivity().children().get(0).scaledPassingScore()).isEmpty();
    assertThat(o.warnings()).contains("manifest.masteryscore.invalid");
  }

  @Test
  void scorm2004MinNormalizedMeasure_countsOnlyWhenSatisfiedByMeasure() {
    Outcome o =
        inspect(
            scorm2004(
                "2004 3rd Edition",
                organization(
                    "C",
"""
<item identifier="a" identifierref="r"><title>A</title><imsss:sequencing><imsss:objectives>
  <imsss:primaryObjective satisfiedByMeasure="true">
    <imsss:minNormalizedMeasure>0.75</imsss:minNormalizedMeasure></imsss:primaryObjective>
  </imsss:objectives></imsss:sequencing></item>
<item identifier="b" identifierref="r"><title>B</title><imsss:sequencing><imsss:objectives>
  <imsss:primaryObjective satisfiedByMeasure="false">
    <imsss:minNormalizedMeasure>0.5</imsss:minNormalizedMeasure></imsss:primaryObjective>
  </imsss:objectives></imsss:sequencing></item>"""),
                """
                <resource identifier="r" type="webcontent" adlcp:scormType="sco" href="x.html"/>"""));

    assertThat(o.description().rootActivity().children())
        .extracting(Activity::scaledPassingScore)
        .containsExactly("0.75", "");
  }

  @Test
  void scorm2004SequencingCollectionReference_suppliesPassingScore() {
    String manifest =
        scorm2004(
                "2004 3rd Edition",
                organization(
                    "C",
                    """
                    <item identifier="a" identifierref="r"><title>A</title>
                      <imsss:sequencing IDRef="shared"/></item>"""),
                """
                <resource identifier="r" type="webcontent" adlcp:scormType="sco" href="x.html"/>""")
            .replace(
                "</manifest>",
                """
                <imsss:sequencingCollection><imsss:sequencing ID="shared"><imsss:objectives>
                  <imsss:primaryObjective satisfiedByMeasure="true">
                    <imsss:minNormalizedMeasure>0.6</imsss:minNormalizedMeasure>
                  </imsss:primaryObjective></imsss:objectives></imsss:sequencing>
                </imsss:sequencingCollection></manifest>""");

    Outcome o = inspect(manifest);

    assertThat(o.description().rootActivity().children().get(0).scaledPassingScore())
        .isEqualTo("0.6");
  }
}
