package org.courseport.server.export.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.lessonexport.ExportSources.PublishedLesson;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.export.CourseExports.ExportedPackage;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportOptions;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.export.ExportRefusedException;
import org.courseport.server.export.ZipAssembler.StoredZip;
import org.courseport.server.packaging.StoredPackageInspector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DefaultCourseExports with its real collaborators on the embedded MongoDB and a file-system blob
 * store: a good package is re-imported, recorded and served from its build afterwards; a package
 * that fails its checks is an INTERNAL error with nothing recorded and its zip gone; a changed plan
 * rebuilds; tenants see only their courses; concurrent identical exports keep one build; deleting a
 * course removes its builds and their zips unless another course still uses them.
 */
class DefaultCourseExportsTest {
  static final String TENANT = "t1";
  static final ExportOptions SCORM12 = ExportOptions.of(ExportFormat.SCORM12);

  ExportCoreFixture f;
  PublishedLesson intro;
  PublishedLesson basics;

  @BeforeEach
  void setUp() throws Exception {
    f = new ExportCoreFixture();
    intro = f.sources.publish(TENANT, "Intro", "{\"blocks\":[]}");
    basics = f.sources.publish(TENANT, "Basics & more", "{\"blocks\":[]}");
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  @Test
  void aGoodPackage_isCheckedRecordedAndAnswered() throws Exception {
    String courseId = f.authoredCourse(TENANT, "Safety <101>", intro, basics);
    List<Integer> progress = new CopyOnWriteArrayList<>();

    ExportedPackage p = f.exports.export(TENANT, courseId, SCORM12, progress::add);

    assertThat(p.courseId()).isEqualTo(courseId);
    assertThat(p.title()).isEqualTo("Safety <101>");
    assertThat(p.format()).isEqualTo(ExportFormat.SCORM12);
    assertThat(p.fileName()).isEqualTo(courseId + "-scorm12.zip");
    assertThat(p.cached()).isFalse();
    assertThat(p.builtAt()).isEqualTo(ExportCoreFixture.NOW);
    assertThat(f.assembler.calls).hasValue(1);
    // The answer names the stored bytes exactly.
    byte[] zip;
    try (InputStream in = f.blobs.open(p.blobId())) {
      zip = in.readAllBytes();
    }
    assertThat(p.size()).isEqualTo(zip.length);
    assertThat(p.sha256())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip)))
        .isEqualTo(p.blobId());
    // Our own import reads it as the SCORM 1.2 package it is.
    InspectionResult again;
    try (SeekableByteChannel ch = f.blobs.openChannel(p.blobId())) {
      again = StoredPackageInspector.fromEnvironment(java.util.Map.of()).inspect(ch, p.fileName());
    }
    assertThat(again.report().valid()).isTrue();
    assertThat(again.description().standard()).isEqualTo(LearningStandard.SCORM12);
    assertThat(again.description().title()).isEqualTo("Safety <101>");
    // One build record with the fields of the contract.
    List<Document> docs = f.buildDocuments();
    assertThat(docs).hasSize(1);
    Document d = docs.get(0);
    assertThat(d.getString("tenantId")).isEqualTo(TENANT);
    assertThat(d.getString("key")).isEqualTo(p.planKey()).hasSize(64);
    assertThat(d.getString("blobId")).isEqualTo(p.blobId());
    assertThat(d.getString("sha256")).isEqualTo(p.sha256());
    assertThat(((Number) d.get("size")).longValue()).isEqualTo(zip.length);
    assertThat(d.getString("fileName")).isEqualTo(p.fileName());
    assertThat(d.getString("format")).isEqualTo("SCORM12");
    assertThat(d.getDate("builtAt").toInstant()).isEqualTo(ExportCoreFixture.NOW);
    assertThat(d.getList("courseIds", String.class)).containsExactly(courseId);
    // Progress rises from 0 through planned, written and checked to 100.
    assertThat(progress).startsWith(0, 10).endsWith(95, 100).contains(80).isSorted();
    assertThat(progress).doesNotHaveDuplicates();
  }

  @Test
  void anUnchangedExport_isServedFromItsBuild_withoutWritingAgain() {
    String courseId = f.authoredCourse(TENANT, "Course", intro);
    ExportedPackage first = f.exports.export(TENANT, courseId, SCORM12, p -> {});
    List<Integer> progress = new CopyOnWriteArrayList<>();

    ExportedPackage second = f.exports.export(TENANT, courseId, SCORM12, progress::add);

    assertThat(f.assembler.calls).hasValue(1);
    assertThat(second.cached()).isTrue();
    assertThat(second.blobId()).isEqualTo(first.blobId());
    assertThat(second.sha256()).isEqualTo(first.sha256());
    assertThat(second.planKey()).isEqualTo(first.planKey());
    assertThat(second.builtAt()).isEqualTo(first.builtAt());
    assertThat(progress).containsExactly(0, 10, 100);
    assertThat(f.buildCount()).isEqualTo(1);
  }

  @Test
  void aBuildWhoseZipIsGone_isBuiltAgain() throws Exception {
    String courseId = f.authoredCourse(TENANT, "Course", intro);
    ExportedPackage first = f.exports.export(TENANT, courseId, SCORM12, p -> {});
    f.blobs.delete(first.blobId());

    ExportedPackage second = f.exports.export(TENANT, courseId, SCORM12, p -> {});

    assertThat(second.cached()).isFalse();
    assertThat(f.assembler.calls).hasValue(2);
    assertThat(f.blobs.exists(second.blobId())).isTrue();
    // Deterministic: the same bytes again.
    assertThat(second.blobId()).isEqualTo(first.blobId());
    assertThat(f.buildCount()).isEqualTo(1);
  }

  @Test
  void aChangedPlan_isBuiltAgain() {
    String courseId = f.authoredCourse(TENANT, "Course", intro);
    ExportedPackage first = f.exports.export(TENANT, courseId, SCORM12, p -> {});
    f.catalog.setTitle(TENANT, courseId, "Course, revised");

    ExportedPackage second = f.exports.export(TENANT, courseId, SCORM12, p -> {});

    assertThat(second.cached()).isFalse();
    assertThat(f.assembler.calls).hasValue(2);
    assertThat(second.planKey()).isNotEqualTo(first.planKey());
    assertThat(second.blobId()).isNotEqualTo(first.blobId());
    assertThat(second.title()).isEqualTo("Course, revised");
    assertThat(f.buildCount()).isEqualTo(2);
  }

  @Test
  void aManifestTheXsdRefuses_isAnInternalError_withNothingRecordedAndTheZipGone() {
    String courseId = f.authoredCourse(TENANT, "Course", intro);
    f.writer.defect = Scorm12TestWriter.Defect.MANIFEST_INVALID_AGAINST_XSD;

    DomainException e =
        catchThrowableOfType(
            DomainException.class, () -> f.exports.export(TENANT, courseId, SCORM12, p -> {}));

    assertInternalWithoutInternals(e);
    assertThat(f.assembler.calls).hasValue(1);
    assertThat(f.buildCount()).isZero();
    assertThat(f.blobs.exists(f.assembler.last.blobId())).isFalse();
  }

  @Test
  void theVerifier_namesTheSchemaViolation() throws Exception {
    String courseId = f.authoredCourse(TENANT, "Course", intro);
    f.writer.defect = Scorm12TestWriter.Defect.MANIFEST_INVALID_AGAINST_XSD;
    ExportPlan plan = f.writer.plan(f.snapshot(TENANT, courseId), SCORM12);
    StoredZip zip = f.assembler.write(plan);

    List<String> problems = f.verifier.problems(plan, zip);

    assertThat(problems).isNotEmpty().allMatch(p -> p.startsWith("schema: imsmanifest.xml"));
    assertThat(problems.get(0)).contains("colour");
  }

  @Test
  void aLaunchPageOtherThanExpected_isAnInternalError_withNothingRecordedAndTheZipGone()
      throws Exception {
    String courseId = f.authoredCourse(TENANT, "Course", intro);
    f.writer.defect = Scorm12TestWriter.Defect.LAUNCH_DIFFERS;
    ExportPlan plan = f.writer.plan(f.snapshot(TENANT, courseId), SCORM12);
    assertThat(f.verifier.problems(plan, f.assembler.write(plan)))
        .containsExactly("the re-import found the launch URL 'index.html', expected 'start.html'");
    f.blobs.delete(f.assembler.last.blobId());

    DomainException e =
        catchThrowableOfType(
            DomainException.class, () -> f.exports.export(TENANT, courseId, SCORM12, p -> {}));

    assertInternalWithoutInternals(e);
    assertThat(f.buildCount()).isZero();
    assertThat(f.blobs.exists(f.assembler.last.blobId())).isFalse();
  }

  @Test
  void aFailedZipWhoseBytesAnotherRecordUses_isKept() throws Exception {
    String courseId = f.authoredCourse(TENANT, "Course", intro);
    f.writer.defect = Scorm12TestWriter.Defect.LAUNCH_DIFFERS;
    f.exports = f.exportsReferencing(blobId -> true);

    DomainException e =
        catchThrowableOfType(
            DomainException.class, () -> f.exports.export(TENANT, courseId, SCORM12, p -> {}));

    assertInternalWithoutInternals(e);
    assertThat(f.blobs.exists(f.assembler.last.blobId())).isTrue();
  }

  @Test
  void anotherTenantsCourse_andAnUnknownOne_areNotFound() {
    String courseId = f.authoredCourse(TENANT, "Course", intro);

    for (String[] ask : new String[][] {{"t2", courseId}, {TENANT, "cou_unknown"}}) {
      DomainException e =
          catchThrowableOfType(
              DomainException.class, () -> f.exports.export(ask[0], ask[1], SCORM12, p -> {}));
      assertThat(e.kind()).isEqualTo(DomainException.Kind.NOT_FOUND);
      assertThat(e.reason()).isEqualTo("NOT_FOUND");
      assertThat(e.getMessage()).isEqualTo("Course '" + ask[1] + "' not found");
    }
    assertThat(f.assembler.calls).hasValue(0);
  }

  @Test
  void anAuthoredCourseWhoseLessonVersionIsGone_isRefusedNamingTheLesson() {
    String courseId = f.authoredCourse(TENANT, "Course", intro, basics);
    f.sources.unpublish(TENANT, basics);

    ExportRefusedException e =
        catchThrowableOfType(
            ExportRefusedException.class,
            () -> f.exports.export(TENANT, courseId, SCORM12, p -> {}));

    assertThat(e.kind()).isEqualTo(DomainException.Kind.INVALID_ARGUMENT);
    assertThat(e.reason()).isEqualTo("EXPORT_REFUSED");
    assertThat(e.getMessage())
        .isEqualTo(
            "Course '"
                + courseId
                + "' cannot be exported: lesson 'Basics & more' ("
                + basics.lessonId()
                + ") of module 'M1' no longer has its published version "
                + basics.versionId()
                + "; create the course again from lesson versions that exist");
  }

  @Test
  void aFormatNoWriterMakes_isRefused() {
    String courseId = f.authoredCourse(TENANT, "Course", intro);

    ExportRefusedException e =
        catchThrowableOfType(
            ExportRefusedException.class,
            () -> f.exports.export(TENANT, courseId, ExportOptions.of(ExportFormat.QTI), p -> {}));

    assertThat(e.reason()).isEqualTo("EXPORT_REFUSED");
    assertThat(e.getMessage())
        .isEqualTo(
            "Course '"
                + courseId
                + "' cannot be exported as qti: no writer makes that format from an authored"
                + " course");
  }

  @Test
  void concurrentIdenticalExports_endWithOneBuild() throws Exception {
    String courseId = f.authoredCourse(TENANT, "Course", intro);
    // Both exports miss the cache and write: neither writes until both are writing.
    CountDownLatch writing = new CountDownLatch(2);
    f.assembler.beforeWrite =
        () -> {
          writing.countDown();
          try {
            assertThat(writing.await(60, TimeUnit.SECONDS)).isTrue();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        };
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<ExportedPackage> a =
          threads.submit(() -> f.exports.export(TENANT, courseId, SCORM12, p -> {}));
      Future<ExportedPackage> b =
          threads.submit(() -> f.exports.export(TENANT, courseId, SCORM12, p -> {}));
      ExportedPackage pa = a.get(60, TimeUnit.SECONDS);
      ExportedPackage pb = b.get(60, TimeUnit.SECONDS);

      assertThat(f.assembler.calls).hasValue(2);
      assertThat(pa.blobId()).isEqualTo(pb.blobId());
      assertThat(pa.planKey()).isEqualTo(pb.planKey());
      assertThat(f.buildCount()).isEqualTo(1);
      assertThat(f.blobs.exists(pa.blobId())).isTrue();
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void deletingACourse_removesItsBuildsAndTheirZips() {
    String courseId = f.authoredCourse(TENANT, "Course", intro);
    ExportedPackage p = f.exports.export(TENANT, courseId, SCORM12, x -> {});
    assertThat(f.blobs.exists(p.blobId())).isTrue();

    f.catalog.deleteCourse(TENANT, courseId);

    assertThat(f.buildCount()).isZero();
    assertThat(f.blobs.exists(p.blobId())).isFalse();
  }

  @Test
  void aBuildAnotherCourseAlsoExported_staysUntilBothAreDeleted() throws Exception {
    // Same title and lessons: the test writer makes the same package, so the same plan key.
    String a = f.authoredCourse(TENANT, "Twin", intro);
    String b = f.authoredCourse(TENANT, "Twin", intro);
    ExportedPackage pa = f.exports.export(TENANT, a, SCORM12, x -> {});
    ExportedPackage pb = f.exports.export(TENANT, b, SCORM12, x -> {});
    assertThat(pb.cached()).isTrue();
    assertThat(pb.blobId()).isEqualTo(pa.blobId());
    assertThat(pb.fileName()).isEqualTo(b + "-scorm12.zip");
    assertThat(f.buildDocuments().get(0).getList("courseIds", String.class))
        .containsExactlyInAnyOrder(a, b);

    f.catalog.deleteCourse(TENANT, a);

    assertThat(f.buildCount()).isEqualTo(1);
    assertThat(f.blobs.exists(pa.blobId())).isTrue();
    assertThat(f.exports.export(TENANT, b, SCORM12, x -> {}).cached()).isTrue();

    f.catalog.deleteCourse(TENANT, b);

    assertThat(f.buildCount()).isZero();
    assertThat(f.blobs.exists(pa.blobId())).isFalse();
  }

  @Test
  void otherCollectionPaths_spareABuildsZip() throws Exception {
    String courseId = f.authoredCourse(TENANT, "Course", intro);
    ExportedPackage p = f.exports.export(TENANT, courseId, SCORM12, x -> {});

    // What a version delete, failed import or sweep does with bytes it no longer needs.
    assertThat(f.blobs.deleteUnlessReferenced(p.blobId(), () -> false)).isFalse();

    assertThat(f.blobs.exists(p.blobId())).isTrue();
  }

  private static void assertInternalWithoutInternals(DomainException e) {
    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(DomainException.Kind.INTERNAL);
    assertThat(e.reason()).isEqualTo("INTERNAL_ERROR");
    assertThat(e.getMessage())
        .isEqualTo("The export could not be completed. Please try again later.");
  }
}
