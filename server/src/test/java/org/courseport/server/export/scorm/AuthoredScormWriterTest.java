package org.courseport.server.export.scorm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.domain.packaging.Severity;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportOptions;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.export.ExportRefusedException;
import org.courseport.server.export.LessonWebRenderer.Runtime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AuthoredScormWriterTest {
  private final SimpleLessonRenderer renderer = new SimpleLessonRenderer();
  private final AuthoredScormWriter writer = new AuthoredScormWriter(renderer);

  @ParameterizedTest
  @EnumSource(
      value = ExportFormat.class,
      names = {"SCORM12", "SCORM2004_3RD", "SCORM2004_4TH"})
  void singleSco_reimportsAsItsEditionWithOneSco_andValidatesAgainstTheOfficialXsds(
      ExportFormat format) throws Exception {
    ExportPlan plan = writer.plan(AuthoredCourses.course(), ExportOptions.of(format));

    InspectionResult result = PlanZips.reimport(plan);

    assertClean(result);
    PackageDescription d = result.description();
    assertThat(d.standard()).isEqualTo(plan.expect().standard());
    assertThat(d.packageFormat()).isEqualTo(plan.expect().formatName());
    assertThat(d.launchUrl()).isEqualTo("index.html").isEqualTo(plan.expect().launchHref());
    assertThat(d.scoCount()).isEqualTo(1).isEqualTo(plan.expect().activityCount());
    assertThat(d.title()).isEqualTo("Road Safety & You");
    assertThat(d.description()).isEqualTo("Learn the rules <of> the road.");
    assertThat(d.languages()).contains("en-US");
    assertThat(plan.expect().manifestPath()).isEqualTo("imsmanifest.xml");
    assertThat(plan.fileName()).isEqualTo("road-safety-you-" + format.apiName() + ".zip");
    assertThat(plan.writer()).isEqualTo(AuthoredScormWriter.WRITER);
    assertThat(renderer.lastOptions.runtime())
        .isEqualTo(format == ExportFormat.SCORM12 ? Runtime.SCORM12 : Runtime.SCORM2004);
    assertThat(renderer.lastOptions.multiSco()).isFalse();

    String manifest = PlanZips.texts(plan).get("imsmanifest.xml");
    // every rendered file is listed in the single SCO's resource
    for (String file :
        List.of(
            "index.html",
            "assets/courseport.js",
            "assets/courseport.css",
            "media/lesson-01.png",
            "media/lesson-03.png")) {
      assertThat(manifest).contains("<file href=\"" + file + "\"/>");
    }
    assertThat(manifest).doesNotContain("imsss:controlMode").doesNotContain("prerequisites");
    switch (format) {
      case SCORM12 -> {
        assertThat(manifest)
            .contains("<schemaversion>1.2</schemaversion>")
            .contains("adlcp:scormtype=\"sco\"")
            .contains("<adlcp:masteryscore>70</adlcp:masteryscore>");
        assertThat(d.rootActivity().children().get(0).scaledPassingScore()).isEqualTo("0.7");
      }
      case SCORM2004_3RD ->
          assertThat(manifest)
              .contains("<schema>ADL SCORM</schema>")
              .contains("<schemaversion>2004 3rd Edition</schemaversion>")
              .contains("adlcp:scormType=\"sco\"")
              .contains("satisfiedByMeasure=\"true\"")
              .contains("<imsss:minNormalizedMeasure>0.7</imsss:minNormalizedMeasure>");
      default ->
          assertThat(manifest)
              .contains("<schemaversion>2004 4th Edition</schemaversion>")
              .contains("<imsss:minNormalizedMeasure>0.7</imsss:minNormalizedMeasure>");
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = ExportFormat.class,
      names = {"SCORM12", "SCORM2004_3RD", "SCORM2004_4TH"})
  void multiSco_hasOneScoPerLessonGroupedByModule_forwardOnlyIn2004(ExportFormat format)
      throws Exception {
    ExportPlan plan = writer.plan(AuthoredCourses.course(), new ExportOptions(format, true));

    InspectionResult result = PlanZips.reimport(plan);

    assertClean(result);
    PackageDescription d = result.description();
    assertThat(d.packageFormat()).isEqualTo(plan.expect().formatName());
    assertThat(d.scoCount()).isEqualTo(3).isEqualTo(plan.expect().activityCount());
    assertThat(d.launchUrl())
        .isEqualTo("lessons/01-lesson-1.html")
        .isEqualTo(plan.expect().launchHref());
    Activity org = d.rootActivity();
    assertThat(org.children()).extracting(Activity::title).containsExactly("Basics", "Test");
    assertThat(org.children().get(0).children())
        .extracting(Activity::title, Activity::type, Activity::href)
        .containsExactly(
            tuple("Signs", ActivityType.SCO, "lessons/01-lesson-1.html"),
            tuple("Lights", ActivityType.SCO, "lessons/02-lesson-2.html"));
    assertThat(org.children().get(1).children())
        .extracting(Activity::title)
        .containsExactly("Final quiz");
    assertThat(renderer.lastOptions.multiSco()).isTrue();

    String manifest = PlanZips.texts(plan).get("imsmanifest.xml");
    assertThat(manifest)
        .contains("<resource identifier=\"RES-SHARED\"")
        .contains("<dependency identifierref=\"RES-SHARED\"/>");
    if (format == ExportFormat.SCORM12) {
      assertThat(manifest)
          .doesNotContain("sequencing")
          .contains("<adlcp:prerequisites type=\"aicc_script\">ITEM-1</adlcp:prerequisites>")
          .contains("<adlcp:prerequisites type=\"aicc_script\">ITEM-2</adlcp:prerequisites>");
      // only the lesson with the quiz has a mastery score
      assertThat(manifest.split("adlcp:masteryscore>70<", -1)).hasSize(2);
    } else {
      // organization + two modules
      assertThat(
              manifest.split(
                  "<imsss:controlMode choice=\"false\" flow=\"true\" forwardOnly=\"true\"/>", -1))
          .hasSize(4);
      assertThat(manifest.split("<imsss:minNormalizedMeasure>0.7<", -1)).hasSize(2);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = ExportFormat.class,
      names = {"SCORM12", "SCORM2004_3RD", "SCORM2004_4TH"})
  void carriesTheOfficialSchemaFilesUnchangedAtTheRoot_deflated(ExportFormat format)
      throws Exception {
    ExportPlan plan = writer.plan(AuthoredCourses.course(), ExportOptions.of(format));
    String folder = ScormSchemaFiles.folder(format);
    List<String> names = ScormSchemaFiles.names(format);
    Map<String, ExportEntry> byPath =
        plan.entries().stream()
            .collect(java.util.stream.Collectors.toMap(ExportEntry::path, e -> e));

    String manifest = PlanZips.texts(plan).get("imsmanifest.xml");
    String locations = manifest.replaceAll("(?s).*xsi:schemaLocation=\"([^\"]*)\".*", "$1").trim();
    String[] parts = locations.split("\\s+");
    for (int i = 1; i < parts.length; i += 2) {
      assertThat(names).contains(parts[i]);
    }
    for (String name : names) {
      ExportEntry entry = byPath.get(name);
      assertThat(entry).as(name).isNotNull();
      assertThat(entry.compress()).isTrue();
      byte[] expected;
      try (InputStream in = getClass().getResourceAsStream("/schemas/" + folder + "/" + name)) {
        expected = in.readAllBytes();
      }
      try (InputStream in = entry.content().open()) {
        assertThat(in.readAllBytes()).as(name).isEqualTo(expected);
      }
    }
    if (format.scorm2004()) {
      assertThat(names)
          .contains(
              "common/anyElement.xsd",
              "extend/strict.xsd",
              "unique/strict.xsd",
              "vocab/strict.xsd");
    }
    assertThat(plan.entries().get(0).path()).isEqualTo("imsmanifest.xml");
    assertThat(byPath.get("media/lesson-01.png").compress()).isFalse();
  }

  @Test
  void sameCourse_samePlanKeyAndBytes_changedLesson_otherKey() throws Exception {
    ExportOptions options = new ExportOptions(ExportFormat.SCORM2004_4TH, true);
    ExportPlan first = writer.plan(AuthoredCourses.course(), options);
    ExportPlan second = writer.plan(AuthoredCourses.course(), options);

    assertThat(second.key()).isEqualTo(first.key()).hasSize(64);
    assertThat(PlanZips.zip(second)).isEqualTo(PlanZips.zip(first));
    assertThat(
            writer
                .plan(AuthoredCourses.course(), ExportOptions.of(ExportFormat.SCORM2004_4TH))
                .key())
        .isNotEqualTo(first.key());
    assertThat(writer.plan(AuthoredCourses.withoutQuiz(), options).key()).isNotEqualTo(first.key());
  }

  @Test
  void courseWithoutQuiz_hasNoMasteryScore() throws Exception {
    for (ExportFormat format :
        List.of(ExportFormat.SCORM12, ExportFormat.SCORM2004_3RD, ExportFormat.SCORM2004_4TH)) {
      ExportPlan plan = writer.plan(AuthoredCourses.withoutQuiz(), ExportOptions.of(format));
      InspectionResult result = PlanZips.reimport(plan);
      assertClean(result);
      String manifest = PlanZips.texts(plan).get("imsmanifest.xml");
      assertThat(manifest)
          .doesNotContain("masteryscore")
          .doesNotContain("minNormalizedMeasure")
          .contains("fr-FR");
      assertThat(result.description().languages()).contains("fr-FR");
    }
  }

  @Test
  void courseWithoutLessons_isRefusedNamingTheCourse() {
    assertThatThrownBy(
            () -> writer.plan(AuthoredCourses.empty(), ExportOptions.of(ExportFormat.SCORM12)))
        .isInstanceOf(ExportRefusedException.class)
        .hasMessageContaining("'Nothing yet' has no published lessons")
        .satisfies(
            e -> assertThat(((ExportRefusedException) e).reason()).isEqualTo("EXPORT_REFUSED"));
  }

  @Test
  void supportsAuthoredCoursesInScormFormatsOnly() {
    assertThat(writer.supports(AuthoredCourses.course(), ExportFormat.SCORM12)).isTrue();
    assertThat(writer.supports(AuthoredCourses.course(), ExportFormat.SCORM2004_4TH)).isTrue();
    assertThat(writer.supports(AuthoredCourses.course(), ExportFormat.COMMON_CARTRIDGE_13))
        .isFalse();
    assertThat(writer.supports(AuthoredCourses.course(), ExportFormat.ZIP)).isFalse();
  }

  @Test
  void identifiersAreValidXsIds_evenForCourseIdsStartingWithADigit() throws Exception {
    ExportPlan plan =
        writer.plan(AuthoredCourses.course(), ExportOptions.of(ExportFormat.SCORM2004_3RD));
    String manifest = PlanZips.texts(plan).get("imsmanifest.xml");
    assertThat(manifest).contains("identifier=\"MANIFEST-c0ffee00-0000-4000-8000-000000000001\"");
  }

  /** No errors, no warnings (schema violations are warnings); the XSDs were really applied. */
  static void assertClean(InspectionResult result) {
    List<String> problems =
        result.report().findings().stream()
            .filter(f -> f.severity() == Severity.ERROR || f.severity() == Severity.WARNING)
            .map(Finding::describe)
            .toList();
    assertThat(problems).as("findings: %s", result.report().findings()).isEmpty();
    assertThat(result.report().schemas()).isNotEmpty();
    assertThat(result.description()).isNotNull();
  }

  @Test
  void theRenderingsCompleteness_isThePlans() {
    assertThat(
            writer
                .plan(AuthoredCourses.course(), ExportOptions.of(ExportFormat.SCORM12))
                .complete())
        .isTrue();
    renderer.complete = false;
    assertThat(
            writer
                .plan(AuthoredCourses.course(), ExportOptions.of(ExportFormat.SCORM12))
                .complete())
        .isFalse();
  }
}
