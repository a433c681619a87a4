package org.courseport.server.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.domain.packaging.Severity;
import org.courseport.server.packaging.testing.SharedCorpus;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.packaging.zip.ZipPackageArchive;
import org.courseport.server.packaging.zip.ZipRefusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every package of the shared corpus, read through the real {@link ZipPackageArchive}, against the
 * expectations of {@link CorpusExpectations}: format, title, launch URL, counts, and either a clean
 * import (warnings named) or a refusal whose first error names the defect.
 */
class ManifestInspectorCorpusTest {
  private static final ManifestInspector INSPECTOR = new ManifestInspector();

  static Stream<CorpusExpectations.Row> rows() {
    return CorpusExpectations.ROWS.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void corpusPackage_importsOrIsRefusedAsCatalogued(CorpusExpectations.Row row) throws IOException {
    InspectionResult result;
    try (ZipPackageArchive archive =
        ZipPackageArchive.open(SharedCorpus.file(row.file()), ZipLimits.defaults())) {
      result = INSPECTOR.inspect(archive);
    }

    assertThat(result.report().packageFormat()).isEqualTo(row.format());
    assertThat(result.report().standard()).isEqualTo(standardOf(row.format()));
    assertThat(result.report().firstError().map(Finding::rule))
        .isEqualTo(Optional.ofNullable(row.refusal()));
    assertThat(warningRules(result)).isEqualTo(new TreeSet<>(row.warnings()));
    assertThat(result.report().findings())
        .filteredOn(f -> f.rule().equals("manifest.file.missing"))
        .hasSize(row.missingFiles());
    PackageDescription d = result.description();
    if (row.title() == null) {
      assertThat(d).isNull();
      return;
    }
    assertThat(d.title()).isEqualTo(row.title());
    assertThat(d.launchUrl()).isEqualTo(row.launch());
    assertThat(d.scoCount()).isEqualTo(row.scos());
    assertThat(d.resourceCount()).isEqualTo(row.resources());
    assertThat(d.manifestFile()).isNotEmpty();
    assertThat(d.rootActivity()).isNotNull();
  }

  @Test
  void notAZip_isRefusedByTheArchiveBeforeInspection() {
    Path file = SharedCorpus.file(CorpusExpectations.NOT_A_ZIP);

    assertThatThrownBy(() -> ZipPackageArchive.open(file, ZipLimits.defaults()))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.reason()).isEqualTo(ZipRefusal.INVALID));
  }

  @Test
  void everyCorpusFileIsInTheTable() throws IOException {
    Set<String> listed =
        CorpusExpectations.ROWS.stream()
            .map(CorpusExpectations.Row::file)
            .collect(Collectors.toCollection(TreeSet::new));
    listed.add(CorpusExpectations.NOT_A_ZIP);
    listed.addAll(CorpusExpectations.BARE_CMI5);
    try (Stream<Path> files = Files.list(SharedCorpus.packages())) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactlyElementsOf(listed);
    }
  }

  /** Warning rules of the inspection; the zip layer's own repair rules are its tests' business. */
  private static Set<String> warningRules(InspectionResult result) {
    return result.report().findings().stream()
        .filter(f -> f.severity() == Severity.WARNING)
        .map(Finding::rule)
        .filter(rule -> !rule.startsWith("zip."))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static LearningStandard standardOf(String format) {
    return switch (format) {
      case "scorm-1.2" -> LearningStandard.SCORM12;
      case "scorm-2004-2nd" -> LearningStandard.SCORM2004_2ND;
      case "scorm-2004-3rd" -> LearningStandard.SCORM2004_3RD;
      case "scorm-2004-4th" -> LearningStandard.SCORM2004_4TH;
      case "cmi5" -> LearningStandard.CMI5;
      case "aicc" -> LearningStandard.AICC;
      case "xapi" -> LearningStandard.XAPI;
      default -> LearningStandard.UNKNOWN;
    };
  }
}
