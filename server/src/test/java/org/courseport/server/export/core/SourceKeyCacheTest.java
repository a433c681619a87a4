package org.courseport.server.export.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.Document;
import org.courseport.server.domain.authoring.AuthoredCourseRecords.Authored;
import org.courseport.server.domain.authoring.AuthoredModule;
import org.courseport.server.domain.lessonexport.ExportSources.PublishedLesson;
import org.courseport.server.export.CourseExports.ExportedPackage;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The source-key cache of DefaultCourseExports on the embedded MongoDB: an unchanged course is
 * answered from its build without planning (no writer call) or writing; a changed lesson list or
 * title plans again; an incomplete plan is not cached by source; a deleted zip falls back to a
 * rebuild; deleting the course forgets its source keys.
 */
class SourceKeyCacheTest {
  static final String TENANT = "t1";
  static final ExportOptions SCORM12 = ExportOptions.of(ExportFormat.SCORM12);

  ExportCoreFixture f;
  DefaultCourseExports exports;
  PublishedLesson intro;
  PublishedLesson basics;

  @BeforeEach
  void setUp() throws Exception {
    f = new ExportCoreFixture();
    exports = f.exportsWithSourceKeys(f.others);
    intro = f.sources.publish(TENANT, "Intro", "{\"blocks\":[]}");
    basics = f.sources.publish(TENANT, "Basics", "{\"blocks\":[]}");
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  @Test
  void anUnchangedCourse_isAnsweredWithoutPlanning() {
    String courseId = f.authoredCourse(TENANT, "Course", intro, basics);
    ExportedPackage first = exports.export(TENANT, courseId, SCORM12, p -> {});
    assertThat(first.cached()).isFalse();
    assertThat(f.writer.plans).hasValue(1);
    List<Document> sources = f.sourceDocuments();
    assertThat(sources).hasSize(1);
    Document d = sources.get(0);
    assertThat(d.getString("tenantId")).isEqualTo(TENANT);
    assertThat(d.getString("courseId")).isEqualTo(courseId);
    assertThat(d.getString("planKey")).isEqualTo(first.planKey());
    assertThat(d.getString("_id")).isEqualTo(TENANT + "/" + d.getString("sourceKey"));
    assertThat(d.getDate("created").toInstant()).isEqualTo(ExportCoreFixture.NOW);
    List<Integer> progress = new CopyOnWriteArrayList<>();

    ExportedPackage second = exports.export(TENANT, courseId, SCORM12, progress::add);

    assertThat(f.writer.plans).hasValue(1);
    assertThat(f.assembler.calls).hasValue(1);
    assertThat(second.cached()).isTrue();
    assertThat(second.courseId()).isEqualTo(courseId);
    assertThat(second.title()).isEqualTo("Course");
    assertThat(second.format()).isEqualTo(ExportFormat.SCORM12);
    assertThat(second.fileName()).isEqualTo(first.fileName());
    assertThat(second.blobId()).isEqualTo(first.blobId());
    assertThat(second.sha256()).isEqualTo(first.sha256());
    assertThat(second.size()).isEqualTo(first.size());
    assertThat(second.planKey()).isEqualTo(first.planKey());
    assertThat(second.builtAt()).isEqualTo(first.builtAt());
    assertThat(progress).containsExactly(0, 100);
    assertThat(f.sourceDocuments()).hasSize(1);
  }

  @Test
  void aChangedLessonList_plansAgain() {
    String courseId = f.authoredCourse(TENANT, "Course", intro);
    ExportedPackage first = exports.export(TENANT, courseId, SCORM12, p -> {});
    Authored before = f.authored.find(TENANT, courseId).orElseThrow();
    f.authored.markAuthored(
        TENANT,
        courseId,
        new Authored(
            before.jobId(),
            before.headline(),
            before.format(),
            before.languageId(),
            before.created(),
            List.of(
                new AuthoredModule(
                    "M1",
                    List.of(
                        new AuthoredModule.Lesson(
                            intro.lessonId(), intro.versionId(), intro.title(), 1),
                        new AuthoredModule.Lesson(
                            basics.lessonId(), basics.versionId(), basics.title(), 1))))));

    ExportedPackage second = exports.export(TENANT, courseId, SCORM12, p -> {});

    assertThat(f.writer.plans).hasValue(2);
    assertThat(second.cached()).isFalse();
    assertThat(second.planKey()).isNotEqualTo(first.planKey());
    assertThat(f.sourceDocuments()).hasSize(2);
    // And the new source is answered warm next time.
    assertThat(exports.export(TENANT, courseId, SCORM12, p -> {}).cached()).isTrue();
    assertThat(f.writer.plans).hasValue(2);
  }

  @Test
  void aChangedTitle_plansAgain() {
    String courseId = f.authoredCourse(TENANT, "Course", intro);
    ExportedPackage first = exports.export(TENANT, courseId, SCORM12, p -> {});
    f.catalog.setTitle(TENANT, courseId, "Course, revised");

    ExportedPackage second = exports.export(TENANT, courseId, SCORM12, p -> {});

    assertThat(f.writer.plans).hasValue(2);
    assertThat(second.cached()).isFalse();
    assertThat(second.title()).isEqualTo("Course, revised");
    assertThat(second.planKey()).isNotEqualTo(first.planKey());
  }

  @Test
  void anIncompletePlan_isNotCachedBySource_andPlansEveryTime() {
    String courseId = f.authoredCourse(TENANT, "Course", intro);
    f.writer.complete = false;

    ExportedPackage first = exports.export(TENANT, courseId, SCORM12, p -> {});
    ExportedPackage second = exports.export(TENANT, courseId, SCORM12, p -> {});

    assertThat(f.sourceDocuments()).isEmpty();
    assertThat(f.writer.plans).hasValue(2);
    // The plan-key cache still serves the equal bytes.
    assertThat(second.cached()).isTrue();
    assertThat(second.blobId()).isEqualTo(first.blobId());
    assertThat(f.assembler.calls).hasValue(1);
  }

  @Test
  void aDeletedZip_fallsBackAndRebuilds() throws Exception {
    String courseId = f.authoredCourse(TENANT, "Course", intro);
    ExportedPackage first = exports.export(TENANT, courseId, SCORM12, p -> {});
    f.blobs.delete(first.blobId());

    ExportedPackage second = exports.export(TENANT, courseId, SCORM12, p -> {});

    assertThat(second.cached()).isFalse();
    assertThat(f.writer.plans).hasValue(2);
    assertThat(f.assembler.calls).hasValue(2);
    assertThat(f.blobs.exists(second.blobId())).isTrue();
    assertThat(second.sha256()).isEqualTo(first.sha256());
    ExportedPackage third = exports.export(TENANT, courseId, SCORM12, p -> {});
    assertThat(third.cached()).isTrue();
    assertThat(f.writer.plans).hasValue(2);
  }

  @Test
  void deletingTheCourse_forgetsItsSourceKeys() {
    String kept = f.authoredCourse(TENANT, "Other", basics);
    String courseId = f.authoredCourse(TENANT, "Course", intro);
    exports.export(TENANT, kept, SCORM12, p -> {});
    exports.export(TENANT, courseId, SCORM12, p -> {});
    assertThat(f.sourceDocuments()).hasSize(2);

    f.catalog.deleteCourse(TENANT, courseId);

    assertThat(f.sourceDocuments()).extracting(d -> d.getString("courseId")).containsExactly(kept);
  }
}
