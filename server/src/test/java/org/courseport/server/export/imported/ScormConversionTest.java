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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.domain.packaging.LearningStandard;
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
import org.junit.jupiter.params.provider.EnumSource;

class ScormConversionTest {
  @TempDir Path dir;
  ImportedFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new ImportedFixture(dir);
  }

  private ExportPlan plan(CourseSnapshot course, ExportFormat format) {
    return fixture.writer.plan(course, ExportOptions.of(format));
  }

  private CourseSnapshot scorm12(String itemExtras) throws Exception {
    Map<String, String> files =
        files(
            "imsmanifest.xml",
            manifest12(
                "Golf",
                itemExtras,
                "sco",
                "sco/index.html",
                "<file href=\"sco/index.html\"/><file href=\"sco/app.js\"/>"),
            "sco/index.html",
            "<html><script src=\"app.js\"></script></html>",
            "sco/app.js",
            "API.LMSInitialize('');",
            "imscp_rootv1p1p2.xsd",
            "<xsd/>");
    return fixture.imported("Golf", zip(files));
  }

  @ParameterizedTest
  @EnumSource(
      value = ExportFormat.class,
      names = {"SCORM2004_3RD", "SCORM2004_4TH"})
  void scorm12_asScorm2004_rewritesTheManifestAndLaunchesThroughTheBridge(ExportFormat target)
      throws Exception {
    CourseSnapshot course =
        scorm12(
            "<adlcp:maxtimeallowed>0000:30:00</adlcp:maxtimeallowed>"
                + "<adlcp:timelimitaction>exit,message</adlcp:timelimitaction>"
                + "<adlcp:datafromlms>level=2</adlcp:datafromlms>"
                + "<adlcp:masteryscore>80</adlcp:masteryscore>");

    ExportPlan plan = plan(course, target);

    String manifest = text(plan, "imsmanifest.xml");
    assertThat(manifest)
        .contains("xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\"")
        .contains("adlcp:scormType=\"sco\"")
        .contains("<adlcp:timeLimitAction>exit,message</adlcp:timeLimitAction>")
        .contains("<adlcp:dataFromLMS>level=2</adlcp:dataFromLMS>")
        .contains("attemptAbsoluteDurationLimit=\"PT0H30M0S\"")
        .contains("satisfiedByMeasure=\"true\"")
        .contains("<imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>")
        .doesNotContain("rootv1p2");
    assertThat(text(plan, "courseport-bridge/launch-RES-1.html"))
        .contains("data-src=\"../sco/index.html\"")
        .contains("<script src=\"scorm12-on-2004.js\"></script>");
    assertThat(text(plan, "courseport-bridge/scorm12-on-2004.js")).contains("API_1484_11");
    assertThat(text(plan, "sco/app.js")).isEqualTo("API.LMSInitialize('');");
    assertThat(paths(plan))
        .contains("imscp_v1p1.xsd", "adlcp_v1p3.xsd", "imsss_v1p0.xsd")
        .doesNotContain("imscp_rootv1p1p2.xsd");
    assertThat(plan.expect().launchHref()).isEqualTo("courseport-bridge/launch-RES-1.html");
    assertThat(plan.expect().manifestPath()).isEqualTo("imsmanifest.xml");

    InspectionResult again = fixture.reimport(plan);
    assertThat(problems(again)).isEmpty();
    assertThat(again.description().standard()).isEqualTo(ImportedPackageWriter.standardOf(target));
    assertThat(again.description().launchUrl()).isEqualTo("courseport-bridge/launch-RES-1.html");
    assertThat(again.description().scoCount()).isEqualTo(1);
    assertThat(leaves(again.description().rootActivity()))
        .extracting(Activity::scaledPassingScore)
        .containsExactly("0.8");
  }

  @Test
  void conversion_isDeterministic() throws Exception {
    CourseSnapshot course = scorm12("<adlcp:masteryscore>70</adlcp:masteryscore>");

    ExportPlan first = plan(course, ExportFormat.SCORM2004_4TH);
    ExportPlan second = plan(course, ExportFormat.SCORM2004_4TH);

    assertThat(second.key()).isEqualTo(first.key());
    assertThat(text(second, "imsmanifest.xml")).isEqualTo(text(first, "imsmanifest.xml"));
    assertThat(plan(course, ExportFormat.SCORM2004_3RD).key()).isNotEqualTo(first.key());
  }

  @Test
  void scorm12WithPrerequisites_asScorm2004_isRefused() throws Exception {
    CourseSnapshot course =
        scorm12("<adlcp:prerequisites type=\"aicc_script\">ITEM-0</adlcp:prerequisites>");

    assertThatThrownBy(() -> plan(course, ExportFormat.SCORM2004_4TH))
        .isInstanceOf(ExportRefusedException.class)
        .hasMessage(
            "A SCORM 1.2 course cannot be exported as SCORM 2004 4th Edition: item 'ITEM-1' has"
                + " SCORM 1.2 prerequisites ('ITEM-0'), which SCORM 2004 can express only as"
                + " sequencing rules on global objectives that the content never sets");
  }

  @Test
  void scorm12WithEmptyPrerequisites_asScorm2004_converts() throws Exception {
    CourseSnapshot course =
        scorm12("<adlcp:prerequisites type=\"aicc_script\"></adlcp:prerequisites>");

    InspectionResult again = fixture.reimport(plan(course, ExportFormat.SCORM2004_3RD));

    assertThat(problems(again)).isEmpty();
    assertThat(again.description().standard()).isEqualTo(LearningStandard.SCORM2004_3RD);
  }

  @Test
  void scorm12WithABadMasteryScore_asScorm2004_isRefused() throws Exception {
    CourseSnapshot course = scorm12("<adlcp:masteryscore>180</adlcp:masteryscore>");

    assertThatThrownBy(() -> plan(course, ExportFormat.SCORM2004_3RD))
        .isInstanceOf(ExportRefusedException.class)
        .hasMessageEndingWith(
            "item 'ITEM-1' has adlcp:masteryscore '180', not a score from 0 to 100");
  }

  @Test
  void scorm2004_asScorm12_mapsMasteryAndTimeLimitAndBridgesEachSco() throws Exception {
    String sequencing =
        "<imsss:sequencing>"
            + "<imsss:controlMode choice=\"true\" flow=\"true\"/>"
            + "<imsss:limitConditions attemptAbsoluteDurationLimit=\"PT1H30M\"/>"
            + "<imsss:objectives><imsss:primaryObjective objectiveID=\"P\""
            + " satisfiedByMeasure=\"true\">"
            + "<imsss:minNormalizedMeasure>0.75</imsss:minNormalizedMeasure>"
            + "</imsss:primaryObjective></imsss:objectives>"
            + "<imsss:deliveryControls completionSetByContent=\"true\"/>"
            + "</imsss:sequencing><adlnav:presentation><adlnav:navigationInterface>"
            + "<adlnav:hideLMSUI>continue</adlnav:hideLMSUI></adlnav:navigationInterface>"
            + "</adlnav:presentation>";
    CourseSnapshot course =
        fixture.imported(
            "Twenty",
            zip(
                files(
                    "imsmanifest.xml",
                    manifest2004("2004 4th Edition", "Twenty", sequencing, ""),
                    "one.html",
                    "1",
                    "two.html",
                    "2",
                    "imscp_v1p1.xsd",
                    "<xsd/>")));

    ExportPlan plan = plan(course, ExportFormat.SCORM12);

    String manifest = text(plan, "imsmanifest.xml");
    assertThat(manifest)
        .contains("xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"")
        .contains("<schemaversion>1.2</schemaversion>")
        .contains("adlcp:scormtype=\"sco\"")
        .contains("<adlcp:maxtimeallowed>0001:30:00</adlcp:maxtimeallowed>")
        .contains("<adlcp:masteryscore>75</adlcp:masteryscore>")
        .doesNotContain("imsss")
        .doesNotContain("adlnav");
    assertThat(paths(plan))
        .contains(
            "courseport-bridge/launch-R1.html",
            "courseport-bridge/launch-R2.html",
            "courseport-bridge/scorm2004-on-12.js",
            "imscp_rootv1p1p2.xsd",
            "adlcp_rootv1p2.xsd")
        .doesNotContain("imscp_v1p1.xsd");
    InspectionResult again = fixture.reimport(plan);
    assertThat(problems(again)).isEmpty();
    assertThat(again.description().standard()).isEqualTo(LearningStandard.SCORM12);
    assertThat(again.description().scoCount()).isEqualTo(2);
    assertThat(again.description().launchUrl()).isEqualTo("courseport-bridge/launch-R1.html");
    assertThat(leaves(again.description().rootActivity()))
        .extracting(Activity::href)
        .containsExactly(
            "courseport-bridge/launch-R1.html", "courseport-bridge/launch-R2.html?page=2");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "<imsss:sequencing><imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions>"
            + "<imsss:ruleCondition condition=\"satisfied\"/></imsss:ruleConditions>"
            + "<imsss:ruleAction action=\"skip\"/></imsss:preConditionRule>"
            + "</imsss:sequencingRules></imsss:sequencing>"
            + "|its sequencing uses imsss:sequencingRules",
        "<imsss:sequencing><imsss:limitConditions attemptLimit=\"1\"/></imsss:sequencing>"
            + "|it limits attempts (imsss:limitConditions attemptLimit)",
        "<imsss:sequencing><imsss:objectives><imsss:primaryObjective objectiveID=\"P\">"
            + "<imsss:mapInfo targetObjectiveID=\"G\"/></imsss:primaryObjective>"
            + "</imsss:objectives></imsss:sequencing>"
            + "|its primary objective is mapped to a global objective (imsss:mapInfo)",
        "<imsss:sequencing><imsss:objectives><imsss:primaryObjective objectiveID=\"P\"/>"
            + "<imsss:objective objectiveID=\"S\"/></imsss:objectives></imsss:sequencing>"
            + "|it has objectives beyond the primary one (imsss:objective 'S'), which a SCORM"
            + " 2004 LMS lists to the content in cmi.objectives and a SCORM 1.2 LMS does not",
        "<imsss:sequencing><imsss:deliveryControls tracked=\"false\"/></imsss:sequencing>"
            + "|it delivers untracked activities (imsss:deliveryControls tracked=\"false\")",
        "<adlcp:data><adlcp:map targetID=\"notes\"/></adlcp:data>"
            + "|it uses shared data (adlcp:data), which SCORM 1.2 does not have",
        "<adlcp:completionThreshold>0.5</adlcp:completionThreshold>"
            + "|it sets a completion threshold (adlcp:completionThreshold), which a SCORM 1.2"
            + " LMS does not apply"
      })
  void scorm2004BeyondScorm12_asScorm12_isRefusedNamingWhat(String itemExtras, String reason)
      throws Exception {
    CourseSnapshot course =
        fixture.imported(
            "Seq",
            zip(
                files(
                    "imsmanifest.xml",
                    manifest2004("2004 4th Edition", "Seq", itemExtras, ""),
                    "one.html",
                    "1",
                    "two.html",
                    "2")));

    assertThatThrownBy(() -> plan(course, ExportFormat.SCORM12))
        .isInstanceOf(ExportRefusedException.class)
        .hasMessage("A SCORM 2004 4th Edition course cannot be exported as SCORM 1.2: " + reason);
  }

  @Test
  void scorm2004WithForwardOnlyFlow_asScorm12_isRefused() throws Exception {
    String orgSequencing =
        "<imsss:sequencing><imsss:controlMode choice=\"false\" flow=\"true\""
            + " forwardOnly=\"true\"/></imsss:sequencing>";
    CourseSnapshot course =
        fixture.imported(
            "Flow",
            zip(
                files(
                    "imsmanifest.xml",
                    manifest2004("2004 3rd Edition", "Flow", "", orgSequencing),
                    "one.html",
                    "1",
                    "two.html",
                    "2")));

    assertThatThrownBy(() -> plan(course, ExportFormat.SCORM12))
        .isInstanceOf(ExportRefusedException.class)
        .hasMessageContaining("imsss:controlMode")
        .hasMessageContaining("a navigation restriction a SCORM 1.2 LMS does not enforce");
  }

  @Test
  void packageWithItsOwnBridgeFolder_isRefused() throws Exception {
    CourseSnapshot course =
        fixture.imported(
            "Taken",
            zip(
                files(
                    "imsmanifest.xml",
                    manifest12("Taken", "", "sco", "index.html", "<file href=\"index.html\"/>"),
                    "index.html",
                    "x",
                    "courseport-bridge/launch-RES-1.html",
                    "y")));

    assertThatThrownBy(() -> plan(course, ExportFormat.SCORM2004_4TH))
        .isInstanceOf(ExportRefusedException.class)
        .hasMessageContaining("courseport-bridge/launch-RES-1.html");
  }

  private static List<Activity> leaves(Activity root) {
    List<Activity> leaves = new ArrayList<>();
    if (root.children().isEmpty()) {
      leaves.add(root);
    }
    for (Activity child : root.children()) {
      leaves.addAll(leaves(child));
    }
    return leaves;
  }
}
