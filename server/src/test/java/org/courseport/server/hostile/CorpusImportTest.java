package org.courseport.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.ImportJobResult;
import org.courseport.server.packaging.CorpusDecisions;
import org.courseport.server.packaging.CorpusDecisions.Decision;
import org.courseport.server.packaging.testing.SharedCorpus;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every package of the shared corpus through the real server. CATALOG.md decides the outcome:
 * packages marked ⚠️ (deliberately broken) end in ERROR, the others COMPLETE, except where the
 * manifest inspector's corpus table ({@code packaging.CorpusExpectations}) documents another
 * decision; that table then decides, down to the refusal rule, title and launch URL. A refused
 * package leaves nothing behind.
 */
class CorpusImportTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private static final Pattern ROW =
      Pattern.compile("^\\| (\u26a0\ufe0f? )?`([^`]+)`", Pattern.MULTILINE);

  @TestFactory
  Stream<DynamicTest> everyCorpusPackage_endsAsCataloguedOrAsTheTableDecides() throws IOException {
    Path packages = SharedCorpus.packages();
    Path catalogFile = packages.getParent().resolve("CATALOG.md");
    assumeTrue(Files.isRegularFile(catalogFile), "corpus catalog " + catalogFile + " is absent");
    Map<String, Boolean> warned = catalogue(Files.readString(catalogFile, StandardCharsets.UTF_8));
    Map<String, Decision> table =
        CorpusDecisions.all().stream()
            .collect(Collectors.toMap(Decision::file, Function.identity()));
    Importer importer = new Importer(server);
    Set<String> files;
    try (Stream<Path> s = Files.list(packages)) {
      files = s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
    return files.stream()
        .map(
            name ->
                DynamicTest.dynamicTest(
                    name,
                    () ->
                        check(
                            importer, packages.resolve(name), warned.get(name), table.get(name))));
  }

  private static void check(Importer importer, Path file, Boolean warned, Decision decision) {
    String name = file.getFileName().toString();
    assertThat(warned).as("%s is listed in CATALOG.md", name).isNotNull();
    boolean refuse = decision != null ? decision.refusal() != null : warned;
    if (decision != null && refuse != warned) {
      Measurements.line(
          String.format(
              "%-58s %s",
              "corpus: table overrides catalogue for",
              name + (refuse ? " (refused: " + decision.refusal() + ")" : " (imports)")));
    }
    Leftovers before = Leftovers.snapshot(server);
    String courseId = Packages.courseId("corpus");

    Importer.Outcome outcome = importer.importGrpc(file, courseId, name);

    ImportJobResult job = outcome.job();
    if (refuse) {
      assertThat(job.getStatus())
          .as("%s: %s", name, job.getMessage())
          .isEqualTo(ImportJobResult.Status.ERROR);
      assertThat(job.getMessage()).matches("(?s).+ \\[[a-z0-9.-]+\\]");
      if (decision != null) {
        assertThat(job.getMessage()).endsWith("[" + decision.refusal() + "]");
      }
      before.assertNothingLeftBy(courseId);
      return;
    }
    assertThat(job.getStatus())
        .as("%s: %s", name, job.getMessage())
        .isEqualTo(ImportJobResult.Status.COMPLETE);
    Course course = job.getImportResult().getCourse();
    if (decision != null) {
      assertThat(course.getTitle()).isEqualTo(decision.title());
      assertThat(course.getLaunchUrl()).isEqualTo(decision.launch());
    }
  }

  /** File name → marked ⚠️, for every package row of the catalogue. */
  static Map<String, Boolean> catalogue(String markdown) {
    Map<String, Boolean> rows = new HashMap<>();
    Matcher m = ROW.matcher(markdown);
    while (m.find()) {
      rows.put(m.group(2), m.group(1) != null);
    }
    return rows;
  }
}
