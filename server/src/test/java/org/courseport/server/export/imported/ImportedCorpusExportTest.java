package org.courseport.server.export.imported;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.export.CourseSnapshot;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportOptions;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.export.ExportRefusedException;
import org.courseport.server.packaging.testing.SharedCorpus;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every SCORM package of the shared corpus that imports without errors, exported in each SCORM
 * format: its own is never refused, and every export that is not refused re-imports through our
 * pipeline as the target standard with the planned launch URL and SCO count, without errors and,
 * when the plan claims a schema-valid manifest, without XSD findings. Skipped with a message when
 * the corpus is absent.
 */
class ImportedCorpusExportTest {
  @TempDir Path dir;

  static Stream<Arguments> packages() throws IOException {
    List<Arguments> rows = new ArrayList<>();
    try (Stream<Path> files = Files.list(SharedCorpus.packages())) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith("scorm") && name.endsWith(".zip")) {
          for (ExportFormat target :
              List.of(
                  ExportFormat.SCORM12, ExportFormat.SCORM2004_3RD, ExportFormat.SCORM2004_4TH)) {
            rows.add(Arguments.of(name, target));
          }
        }
      }
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("packages")
  void corpusPackage_exportsAndReimportsCleanly_orIsRefusedWithAReason(
      String name, ExportFormat target) throws Exception {
    ImportedFixture fixture = new ImportedFixture(dir);
    CourseSnapshot course;
    try {
      course = fixture.imported(name, Files.readAllBytes(SharedCorpus.file(name)));
    } catch (AssertionError notImportable) {
      assumeTrue(false, name + " does not import cleanly, so it is never an exportable course");
      return;
    }
    SourceKind kind = SourceKind.of(course.imported().description().packageFormat());

    ExportPlan plan;
    try {
      plan = fixture.writer.plan(course, ExportOptions.of(target));
    } catch (ExportRefusedException refused) {
      System.out.println(name + " -> " + target + ": " + refused.getMessage());
      assertThat(kind.isOwn(target)).as("own standard refused: " + refused.getMessage()).isFalse();
      assertThat(refused.getMessage()).contains(" cannot be exported as ");
      return;
    }

    InspectionResult again = fixture.reimport(plan);
    assertThat(again.report().firstError()).isEmpty();
    assertThat(again.description().standard()).isEqualTo(plan.expect().standard());
    assertThat(again.description().packageFormat()).isEqualTo(plan.expect().formatName());
    assertThat(again.description().launchUrl()).isEqualTo(plan.expect().launchHref());
    assertThat(again.description().scoCount()).isEqualTo(plan.expect().activityCount());
    if (plan.expect().manifestPath() != null) {
      assertThat(again.report().findings()).noneMatch(f -> f.rule().equals("xsd"));
    }
  }

  static Stream<Arguments> otherPackages() throws IOException {
    List<Arguments> rows = new ArrayList<>();
    try (Stream<Path> files = Files.list(SharedCorpus.packages())) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith("qti-2")) {
          rows.add(Arguments.of(name, ExportFormat.QTI));
        } else if (name.startsWith("cc-1.3")) {
          rows.add(Arguments.of(name, ExportFormat.COMMON_CARTRIDGE_13));
        } else if (name.startsWith("cc-1.1")) {
          rows.add(Arguments.of(name, ExportFormat.COMMON_CARTRIDGE_11));
        } else if (name.startsWith("imscp")) {
          rows.add(Arguments.of(name, ExportFormat.COMMON_CARTRIDGE_13));
        }
        if (name.endsWith(".zip") || name.endsWith(".imscc")) {
          rows.add(Arguments.of(name, ExportFormat.ZIP));
        }
      }
    }
    return rows.stream();
  }

  /**
   * QTI packages and cartridges in their own format, plain content packages as a cartridge, and
   * every package as a zip: each re-imports as planned (a zip is only read back).
   */
  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("otherPackages")
  void otherCorpusPackage_exportsAsPlanned(String name, ExportFormat target) throws Exception {
    ImportedFixture fixture = new ImportedFixture(dir);
    CourseSnapshot course;
    try {
      course = fixture.imported(name, Files.readAllBytes(SharedCorpus.file(name)));
    } catch (AssertionError notImportable) {
      assumeTrue(false, name + " does not import cleanly, so it is never an exportable course");
      return;
    }

    ExportPlan plan = fixture.writer.plan(course, ExportOptions.of(target));

    try (org.courseport.server.packaging.zip.ZipPackageArchive archive =
        org.courseport.server.packaging.zip.ZipPackageArchive.open(
            fixture.write(plan), org.courseport.server.packaging.zip.ZipLimits.defaults())) {
      assertThat(archive.entries()).hasSize(plan.entries().size());
    }
    if (target == ExportFormat.ZIP) {
      assertThat(plan.entries()).hasSize(fixture.pkgFileCount(course));
      return;
    }
    InspectionResult again = fixture.reimport(plan);
    assertThat(again.report().firstError()).isEmpty();
    assertThat(again.description().packageFormat()).isEqualTo(plan.expect().formatName());
    assertThat(again.description().launchUrl()).isEqualTo(plan.expect().launchHref());
    if (plan.expect().activityCount() >= 0) {
      assertThat(again.description().scoCount()).isEqualTo(plan.expect().activityCount());
    }
  }
}
