package org.courseport.server.export.scorm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.courseport.server.domain.lessonexport.ExportSources;
import org.courseport.server.domain.lessonexport.ExportSources.PublishedLesson;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.export.CourseSnapshot;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportOptions;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.export.PackageWriter;
import org.courseport.server.export.ZipAssembler.StoredZip;
import org.courseport.server.export.cc.CommonCartridgeWriter;
import org.courseport.server.export.web.LessonRenderer;
import org.courseport.server.export.zip.DeterministicZipAssembler;
import org.courseport.server.packaging.StoredPackageInspector;
import org.courseport.server.storage.blob.FileSystemBlobStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The writers with the real renderer ({@code export.web.LessonRenderer}) and the real assembler
 * ({@code export.zip.DeterministicZipAssembler}): the stored zip re-imports through our own
 * inspection pipeline as the plan expects, without a finding, and two builds have the same hash.
 */
class AuthoredExportsEndToEndTest {
  static final UUID IMAGE = UUID.fromString("11111111-1111-4111-8111-111111111111");
  static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, 4};

  @TempDir Path dir;
  FileSystemBlobStore blobs;
  LessonRenderer renderer;

  @BeforeEach
  void setUp() throws IOException {
    blobs = new FileSystemBlobStore(dir);
    renderer =
        new LessonRenderer(
            new ImageSources(),
            url -> {
              throw new IOException("no downloads in this test: " + url);
            },
            blobs);
  }

  @ParameterizedTest
  @CsvSource({
    "SCORM12,false",
    "SCORM12,true",
    "SCORM2004_3RD,false",
    "SCORM2004_3RD,true",
    "SCORM2004_4TH,false",
    "SCORM2004_4TH,true",
    "COMMON_CARTRIDGE_13,false",
    "COMMON_CARTRIDGE_11,false"
  })
  void storedPackage_reimportsAsExpected_withoutFindings_andIsDeterministic(
      ExportFormat format, boolean multiSco) throws Exception {
    PackageWriter writer =
        format.scorm() ? new AuthoredScormWriter(renderer) : new CommonCartridgeWriter(renderer);
    ExportPlan plan = writer.plan(course(), new ExportOptions(format, multiSco));

    StoredZip zip;
    StoredZip again;
    try (DeterministicZipAssembler assembler = new DeterministicZipAssembler(blobs)) {
      zip = assembler.write(plan);
      again = assembler.write(writer.plan(course(), new ExportOptions(format, multiSco)));
    }
    assertThat(again.sha256()).isEqualTo(zip.sha256());

    InspectionResult result;
    try (SeekableByteChannel channel = blobs.openChannel(zip.blobId())) {
      result = StoredPackageInspector.fromEnvironment(Map.of()).inspect(channel, plan.fileName());
    }
    assertThat(result.report().findings().stream().map(Finding::describe).toList()).isEmpty();
    PackageDescription d = result.description();
    assertThat(d.packageFormat()).isEqualTo(plan.expect().formatName());
    assertThat(d.standard()).isEqualTo(plan.expect().standard());
    assertThat(d.launchUrl()).isEqualTo(plan.expect().launchHref());
    if (format.scorm()) {
      assertThat(d.scoCount()).isEqualTo(plan.expect().activityCount()).isEqualTo(multiSco ? 2 : 1);
      assertThat(plan.entries().stream().map(ExportEntry::path))
          .contains(multiSco ? "lessons/01-welcome.html" : "index.html");
    } else {
      assertThat(plan.expect().activityCount()).isEqualTo(3);
    }
    // the image is carried once, stored (not deflated)
    assertThat(plan.entries())
        .filteredOn(e -> e.path().endsWith(".jpg"))
        .singleElement()
        .satisfies(e -> assertThat(e.compress()).isFalse());
  }

  static CourseSnapshot course() {
    String one =
        "{\"blocks\":[{\"type\":\"heading\",\"text\":\"Welcome\",\"level\":1},"
            + "{\"type\":\"image\",\"media\":\"media:"
            + IMAGE
            + "\",\"alt\":\"A road\"}]}";
    return new CourseSnapshot(
        "t1",
        "course-e2e",
        0,
        "End to end",
        "Both lessons",
        "en-US",
        List.of(
            new CourseSnapshot.Module(
                "Only",
                List.of(
                    lesson(1, "Welcome", "welcome", one),
                    lesson(2, "Quiz", "quiz", AuthoredCourses.QUIZ_LESSON)))),
        null);
  }

  static PublishedLesson lesson(int n, String title, String slug, String content) {
    return new PublishedLesson(
        new UUID(0, n),
        new UUID(1, n),
        title,
        slug,
        1,
        Instant.parse("2026-01-01T00:00:00Z"),
        content);
  }

  /** One stored JPEG of tenant t1. */
  static final class ImageSources implements ExportSources {
    @Override
    public Optional<PublishedLesson> findPublished(String tenantId, UUID lessonId, UUID versionId) {
      return Optional.empty();
    }

    @Override
    public Optional<String> contentProblem(String content) {
      return Optional.empty();
    }

    @Override
    public Optional<SourceMedia> findMedia(String tenantId, UUID mediaId) {
      return "t1".equals(tenantId) && IMAGE.equals(mediaId)
          ? Optional.of(
              new SourceMedia(IMAGE, "image/jpeg", "jpg", ExportEntry.sha256Hex(JPEG), null, null))
          : Optional.empty();
    }

    @Override
    public InputStream openMedia(SourceMedia media) {
      return new ByteArrayInputStream(JPEG);
    }

    @Override
    public Optional<SourceWidget> findWidget(String tenantId, UUID widgetId) {
      return Optional.empty();
    }

    @Override
    public InputStream openScript(SourceWidget widget) throws IOException {
      throw new IOException("no widgets");
    }

    @Override
    public Optional<InputStream> openStyle(SourceWidget widget) {
      return Optional.empty();
    }
  }
}
