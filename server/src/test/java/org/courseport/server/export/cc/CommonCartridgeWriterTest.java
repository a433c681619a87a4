package org.courseport.server.export.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import javax.xml.validation.Schema;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.domain.packaging.Severity;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportOptions;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.export.ExportRefusedException;
import org.courseport.server.export.LessonWebRenderer.Runtime;
import org.courseport.server.export.scorm.AuthoredCourses;
import org.courseport.server.export.scorm.PlanZips;
import org.courseport.server.export.scorm.SimpleLessonRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Element;

class CommonCartridgeWriterTest {
  private final SimpleLessonRenderer renderer = new SimpleLessonRenderer();
  private final CommonCartridgeWriter writer = new CommonCartridgeWriter(renderer);

  @ParameterizedTest
  @EnumSource(
      value = ExportFormat.class,
      names = {"COMMON_CARTRIDGE_13", "COMMON_CARTRIDGE_11"})
  void reimportsAsCommonCartridge_modulesLessonsAndQuizzes(ExportFormat format) throws Exception {
    ExportPlan plan = writer.plan(AuthoredCourses.course(), ExportOptions.of(format));

    InspectionResult result = PlanZips.reimport(plan);

    List<String> problems =
        result.report().findings().stream()
            .filter(f -> f.severity() == Severity.ERROR || f.severity() == Severity.WARNING)
            .map(Finding::describe)
            .toList();
    assertThat(problems).as("%s", result.report().findings()).isEmpty();
    PackageDescription d = result.description();
    boolean v13 = format == ExportFormat.COMMON_CARTRIDGE_13;
    assertThat(d.packageFormat()).isEqualTo(v13 ? "imscc-1.3" : "imscc-1.1");
    assertThat(d.packageFormat()).isEqualTo(plan.expect().formatName());
    assertThat(d.standard())
        .isEqualTo(LearningStandard.UNKNOWN)
        .isEqualTo(plan.expect().standard());
    assertThat(d.title()).isEqualTo("Road Safety & You");
    assertThat(d.launchUrl())
        .isEqualTo("lessons/01-lesson-1.html")
        .isEqualTo(plan.expect().launchHref());
    // CC 1.1 is checked against its bundled XSD; no CC 1.3 schema is bundled
    if (v13) {
      assertThat(result.report().schemas()).isEmpty();
    } else {
      assertThat(result.report().schemas()).containsExactly("cc-1.1/cc11libxml2validator.xsd");
    }
    Activity root = d.rootActivity().children().get(0);
    assertThat(root.children()).extracting(Activity::title).containsExactly("Basics", "Test");
    assertThat(root.children().get(1).children())
        .extracting(Activity::title)
        .containsExactly("Final quiz", "Safety check");
    assertThat(d.rootActivity().countOf(ActivityType.ASSET))
        .isEqualTo(4)
        .isEqualTo(plan.expect().activityCount());
    assertThat(plan.fileName())
        .isEqualTo(v13 ? "road-safety-you.imscc" : "road-safety-you-cc11.imscc");
    assertThat(renderer.lastOptions.runtime()).isEqualTo(Runtime.NONE);
    assertThat(renderer.lastOptions.multiSco()).isTrue();

    Map<String, String> texts = PlanZips.texts(plan);
    String manifest = texts.get("imsmanifest.xml");
    String v = v13 ? "v1p3" : "v1p1";
    assertThat(manifest)
        .contains("xmlns=\"http://www.imsglobal.org/xsd/imscc" + v + "/imscp_v1p1\"")
        .contains("<schemaversion>" + (v13 ? "1.3.0" : "1.1.0") + "</schemaversion>")
        .contains(
            "<resource identifier=\"QUIZ-L3-Q1\" type=\"imsqti_xmlv1p2/imscc_xml"
                + v
                + "/assessment\">")
        .contains("<file href=\"QUIZ-L3-Q1/assessment_qti.xml\"/>")
        // each lesson page with its media, shared files in their own resource
        .contains(
            "<resource identifier=\"RES-1\" type=\"webcontent\" href=\"lessons/01-lesson-1.html\">")
        .contains("<file href=\"media/lesson-01.png\"/>")
        .contains("<file href=\"assets/courseport.js\"/>");
    assertThat(texts).containsKey("QUIZ-L3-Q1/assessment_qti.xml");
  }

  @Test
  void assessments_areValidQtiInTheCommonCartridgeProfile_withEveryQuestionTypeMapped()
      throws Exception {
    ExportPlan plan =
        writer.plan(AuthoredCourses.course(), ExportOptions.of(ExportFormat.COMMON_CARTRIDGE_11));
    String qti = PlanZips.texts(plan).get("QUIZ-L3-Q1/assessment_qti.xml");
    Schema profile = XmlChecks.schema("cc-1.1/ccv1p1_qtiasiv1p2p1_v1p0.xsd");

    assertThat(XmlChecks.violations(profile, qti)).isEmpty();

    Element assessment = XmlChecks.parse(qti).getDocumentElement();
    assertThat(XmlChecks.field(assessment, "cc_profile")).isEqualTo("cc.exam.v0p1");
    List<Element> items = XmlChecks.all(assessment, "item");
    assertThat(items)
        .extracting(i -> i.getAttribute("ident"))
        .containsExactly("l3q1n1", "l3q1n2", "l3q1n3", "l3q1n4", "l3q1n5");
    assertThat(items)
        .extracting(i -> XmlChecks.field(i, "cc_profile"))
        .containsExactly(
            "cc.multiple_choice.v0p1",
            "cc.multiple_response.v0p1",
            "cc.true_false.v0p1",
            "cc.fib.v0p1",
            "cc.fib.v0p1");
    assertThat(items)
        .extracting(i -> XmlChecks.field(i, "cc_weighting"))
        .containsExactly("2", "3", "1", "1", "1");

    Element mc = items.get(0);
    assertThat(XmlChecks.all(mc, "response_lid").get(0).getAttribute("rcardinality"))
        .isEqualTo("Single");
    assertThat(XmlChecks.texts(mc, "mattext"))
        .containsExactly("Which colour means stop?", "Green", "Red", "Blue & <white>");
    assertThat(XmlChecks.texts(mc, "varequal")).containsExactly("1");

    Element mr = items.get(1);
    assertThat(XmlChecks.all(mr, "response_lid").get(0).getAttribute("rcardinality"))
        .isEqualTo("Multiple");
    Element and = XmlChecks.all(mr, "and").get(0);
    assertThat(XmlChecks.texts(and, "varequal")).containsExactly("0", "1", "2");
    assertThat(XmlChecks.texts(XmlChecks.all(and, "not").get(0), "varequal")).containsExactly("1");

    Element tf = items.get(2);
    assertThat(XmlChecks.all(tf, "response_label"))
        .extracting(l -> l.getAttribute("ident"))
        .containsExactly("true", "false");
    assertThat(XmlChecks.texts(tf, "varequal")).containsExactly("true");

    Element sa = items.get(3);
    assertThat(XmlChecks.all(sa, "varequal"))
        .extracting(e -> e.getTextContent() + "/" + e.getAttribute("case"))
        .containsExactly("Paris/No", "paris city/No");

    Element numeric = items.get(4);
    assertThat(XmlChecks.all(numeric, "render_fib").get(0).getAttribute("fibtype"))
        .isEqualTo("Decimal");
    assertThat(XmlChecks.texts(numeric, "varequal")).containsExactly("3.14");
    assertThat(XmlChecks.all(numeric, "vargte")).isEmpty();
    // one scoring condition per accepted answer
    assertThat(items)
        .extracting(i -> XmlChecks.texts(i, "setvar"))
        .containsExactly(
            List.of("100"), List.of("100"), List.of("100"), List.of("100", "100"), List.of("100"));
  }

  @Test
  void sameCourse_sameKeyAndBytes() throws Exception {
    ExportOptions options = ExportOptions.of(ExportFormat.COMMON_CARTRIDGE_13);
    ExportPlan a = writer.plan(AuthoredCourses.course(), options);
    ExportPlan b = writer.plan(AuthoredCourses.course(), options);
    assertThat(b.key()).isEqualTo(a.key());
    assertThat(PlanZips.zip(b)).isEqualTo(PlanZips.zip(a));
    assertThat(
            writer
                .plan(AuthoredCourses.course(), ExportOptions.of(ExportFormat.COMMON_CARTRIDGE_11))
                .key())
        .isNotEqualTo(a.key());
    assertThat(a.entries()).extracting(ExportEntry::path).first().isEqualTo("imsmanifest.xml");
  }

  @Test
  void courseWithoutQuiz_hasOnlyWebContent() throws Exception {
    ExportPlan plan =
        writer.plan(
            AuthoredCourses.withoutQuiz(), ExportOptions.of(ExportFormat.COMMON_CARTRIDGE_11));
    InspectionResult result = PlanZips.reimport(plan);
    assertThat(result.report().errorCount()).isZero();
    assertThat(PlanZips.texts(plan).get("imsmanifest.xml")).doesNotContain("imsqti");
    assertThat(plan.expect().activityCount()).isEqualTo(1);
  }

  @Test
  void courseWithoutLessons_isRefused() {
    assertThatThrownBy(
            () ->
                writer.plan(
                    AuthoredCourses.empty(), ExportOptions.of(ExportFormat.COMMON_CARTRIDGE_13)))
        .isInstanceOf(ExportRefusedException.class)
        .hasMessageContaining("'Nothing yet' has no published lessons");
  }

  @Test
  void supportsAuthoredCartridgesOnly() {
    assertThat(writer.supports(AuthoredCourses.course(), ExportFormat.COMMON_CARTRIDGE_13))
        .isTrue();
    assertThat(writer.supports(AuthoredCourses.course(), ExportFormat.COMMON_CARTRIDGE_11))
        .isTrue();
    assertThat(writer.supports(AuthoredCourses.course(), ExportFormat.QTI)).isFalse();
    assertThat(writer.supports(AuthoredCourses.course(), ExportFormat.SCORM12)).isFalse();
  }
}
