package org.courseport.server.export.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import javax.xml.validation.Schema;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.domain.packaging.Severity;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportOptions;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.export.ExportRefusedException;
import org.courseport.server.export.scorm.AuthoredCourses;
import org.courseport.server.export.scorm.PlanZips;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class QtiExportWriterTest {
  private final QtiExportWriter writer = new QtiExportWriter();

  @Test
  void oneAssessmentPerQuiz_listedInAnImsCpManifest_thatReimportsCleanly() throws Exception {
    ExportPlan plan = writer.plan(AuthoredCourses.course(), ExportOptions.of(ExportFormat.QTI));

    InspectionResult result = PlanZips.reimport(plan);

    List<String> problems =
        result.report().findings().stream()
            .filter(f -> f.severity() == Severity.ERROR || f.severity() == Severity.WARNING)
            .map(Finding::describe)
            .toList();
    assertThat(problems).as("%s", result.report().findings()).isEmpty();
    assertThat(result.report().schemas()).isNotEmpty();
    assertThat(result.description().packageFormat()).isEqualTo("imscp");
    assertThat(plan.expect().formatName()).isEqualTo("imscp");
    assertThat(plan.expect().manifestPath()).isEqualTo("imsmanifest.xml");
    assertThat(plan.fileName()).isEqualTo("road-safety-you-qti.zip");
    Map<String, String> texts = PlanZips.texts(plan);
    assertThat(texts.keySet()).containsExactly("imsmanifest.xml", "QUIZ-L3-Q1/QUIZ-L3-Q1.xml");
    assertThat(texts.get("imsmanifest.xml"))
        .contains(
            "<resource identifier=\"QUIZ-L3-Q1\" type=\"imsqti_xmlv1p2\""
                + " href=\"QUIZ-L3-Q1/QUIZ-L3-Q1.xml\">");
  }

  @Test
  void assessment_isValidQti12_withCanvasQuestionTypesAndScoring() throws Exception {
    ExportPlan plan = writer.plan(AuthoredCourses.course(), ExportOptions.of(ExportFormat.QTI));
    String qti = PlanZips.texts(plan).get("QUIZ-L3-Q1/QUIZ-L3-Q1.xml");
    Schema qti12 = XmlChecks.schema("cc-1.0/domainProfile_4/ims_qtiasiv1p2.xsd");

    assertThat(XmlChecks.violations(qti12, qti)).isEmpty();
    // the numeric range is full QTI 1.2, outside the Common Cartridge profile
    assertThat(XmlChecks.violations(XmlChecks.schema("cc-1.1/ccv1p1_qtiasiv1p2p1_v1p0.xsd"), qti))
        .anyMatch(v -> v.contains("ims_qtiasiv1p2\":or}"));

    Element assessment = XmlChecks.parse(qti).getDocumentElement();
    Element a = XmlChecks.all(assessment, "assessment").get(0);
    assertThat(a.getAttribute("title")).isEqualTo("Safety check");
    assertThat(XmlChecks.field(assessment, "passing_score")).isEqualTo("70");
    List<Element> items = XmlChecks.all(assessment, "item");
    assertThat(items)
        .extracting(i -> XmlChecks.field(i, "question_type"))
        .containsExactly(
            "multiple_choice_question",
            "multiple_answers_question",
            "true_false_question",
            "short_answer_question",
            "numerical_question");
    assertThat(items)
        .extracting(i -> XmlChecks.field(i, "points_possible"))
        .containsExactly("2", "3", "1", "1", "1");
    Element numeric = items.get(4);
    assertThat(XmlChecks.texts(numeric, "varequal")).containsExactly("3.14");
    assertThat(XmlChecks.texts(numeric, "vargte")).containsExactly("3.135");
    assertThat(XmlChecks.texts(numeric, "varlte")).containsExactly("3.145");
    assertThat(XmlChecks.texts(items.get(0), "varequal")).containsExactly("1");
  }

  @Test
  void courseWithoutQuiz_isRefusedWithTheReason() {
    assertThatThrownBy(
            () -> writer.plan(AuthoredCourses.withoutQuiz(), ExportOptions.of(ExportFormat.QTI)))
        .isInstanceOf(ExportRefusedException.class)
        .hasMessageContaining("'Reading only' has no quiz");
  }

  @Test
  void deterministic() throws Exception {
    ExportPlan a = writer.plan(AuthoredCourses.course(), ExportOptions.of(ExportFormat.QTI));
    ExportPlan b = writer.plan(AuthoredCourses.course(), ExportOptions.of(ExportFormat.QTI));
    assertThat(b.key()).isEqualTo(a.key());
    assertThat(PlanZips.zip(b)).isEqualTo(PlanZips.zip(a));
  }
}
