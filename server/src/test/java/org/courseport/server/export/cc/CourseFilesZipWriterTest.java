package org.courseport.server.export.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
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

class CourseFilesZipWriterTest {
  private final SimpleLessonRenderer renderer = new SimpleLessonRenderer();
  private final CourseFilesZipWriter writer = new CourseFilesZipWriter(renderer);

  @Test
  void theRenderedPagesAndMedia_withoutManifestOrRuntime() throws Exception {
    ExportPlan plan = writer.plan(AuthoredCourses.course(), ExportOptions.of(ExportFormat.ZIP));

    assertThat(renderer.lastOptions.runtime()).isEqualTo(Runtime.NONE);
    assertThat(plan.fileName()).isEqualTo("road-safety-you.zip");
    assertThat(plan.expect().manifestPath()).isNull();
    assertThat(plan.expect().standard()).isNull();
    assertThat(plan.entries())
        .extracting(ExportEntry::path)
        .containsExactly(
            "index.html",
            "assets/courseport.js",
            "assets/courseport.css",
            "media/lesson-01.png",
            "media/lesson-02.png",
            "media/lesson-03.png");
    byte[] zip = PlanZips.zip(plan);
    List<String> names = new ArrayList<>();
    try (ZipFile file =
        ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get()) {
      for (ZipArchiveEntry e : java.util.Collections.list(file.getEntries())) {
        names.add(e.getName());
        if (e.getName().endsWith(".png")) {
          assertThat(e.getMethod()).isEqualTo(ZipArchiveEntry.STORED);
        }
      }
    }
    assertThat(names).hasSize(6).contains("index.html");
  }

  @Test
  void courseWithoutLessons_isRefused() {
    assertThatThrownBy(
            () -> writer.plan(AuthoredCourses.empty(), ExportOptions.of(ExportFormat.ZIP)))
        .isInstanceOf(ExportRefusedException.class)
        .hasMessageContaining("'Nothing yet' has no published lessons");
  }
}
