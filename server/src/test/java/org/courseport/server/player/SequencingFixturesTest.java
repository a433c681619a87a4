package org.courseport.server.player;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.packaging.testing.SharedCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sequencing JSON fixtures that the node test {@code src/test/js/sequencing.test.js} feeds to
 * scorm-again are exactly what {@link ManifestLaunchPlans} produces for the two golf sequencing
 * samples of the corpus. Run with {@code -Dcourseport.writeSequencingFixtures=true} to rewrite them
 * after a deliberate change. Skipped with a message when the corpus is absent.
 */
class SequencingFixturesTest {
  static final Path FIXTURES = Path.of("src/test/resources/org/courseport/server/player");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @ParameterizedTest(name = "{1}")
  @CsvSource({
    ManifestLaunchPlansCorpusTest.FORCED + ", golf-forced-sequential.sequencing.json",
    ManifestLaunchPlansCorpusTest.POST_TEST + ", golf-post-test-rollup.sequencing.json"
  })
  void fixture_isTheGeneratedSequencingJson(String corpusFile, String fixture) throws Exception {
    PlanFixture plans = new PlanFixture(dir);
    CourseVersion v = plans.version(corpusFile, Files.readAllBytes(SharedCorpus.file(corpusFile)));
    JsonNode generated = JSON.readTree(plans.plans.planFor(v).sequencingJson());
    assertFixture(fixture, generated);
  }

  /** A 2004 package without any sequencing information (flow off, as IMS SS says). */
  @Test
  void fixture_ofAPackageWithoutSequencing() throws Exception {
    PlanFixture plans = new PlanFixture(dir);
    CourseVersion v =
        plans.version(
            "no sequencing",
            PlanFixture.zip(
                PlanFixture.files(
                    "imsmanifest.xml", ManifestLaunchPlansTest.SCORM2004_3RD, "a.html", "b.html")));
    assertFixture(
        "no-sequencing.sequencing.json", JSON.readTree(plans.plans.planFor(v).sequencingJson()));
  }

  private static void assertFixture(String fixture, JsonNode generated) throws Exception {
    Path file = FIXTURES.resolve(fixture);
    if (Boolean.getBoolean("courseport.writeSequencingFixtures")) {
      Files.writeString(
          file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(generated) + "\n");
    }
    assertThat(JSON.readTree(Files.readString(file)))
        .as(file + " is stale: rerun with -Dcourseport.writeSequencingFixtures=true")
        .isEqualTo(generated);
  }
}
