package org.courseport.server.player;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;
import org.courseport.server.packaging.support.Hrefs;
import org.courseport.server.packaging.testing.SharedCorpus;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.packaging.zip.ZipPackageArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Launch plans of every SCORM and plain IMS package of the shared corpus that imports (packages
 * with import errors never become course versions): the plan is supported, has a launchable item,
 * and every launchable href names a stored entry exactly. The golf sequencing samples' JSON carries
 * their rules. Skipped with a message when the corpus is absent.
 */
class ManifestLaunchPlansCorpusTest {
  static final String FORCED =
      "scorm2004-3rd__rustici-golf__SequencingForcedSequential_SCORM20043rdEdition.zip";
  static final String POST_TEST =
      "scorm2004-4th__rustici-golf__SequencingPostTestRollup4thEd_SCORM20044thEdition.zip";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  static Stream<String> packages() throws IOException {
    try (Stream<Path> files = Files.list(SharedCorpus.packages())) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> (n.startsWith("scorm") || n.startsWith("imscp")) && n.endsWith(".zip"))
          .sorted()
          .toList()
          .stream();
    }
  }

  private CourseVersion imported(PlanFixture fixture, String name) throws IOException {
    CourseVersion v;
    try {
      v = fixture.version(name, Files.readAllBytes(SharedCorpus.file(name)));
    } catch (AssertionError notImportable) {
      assumeTrue(false, name + " is not importable, so it never has a launch plan");
      throw notImportable;
    }
    assumeTrue(
        v.report().firstError().isEmpty(),
        name + " has import errors, so it never becomes a course version");
    return v;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("packages")
  void corpusPackage_hasASupportedPlanWhoseHrefsAreStoredEntries(String name) throws Exception {
    PlanFixture fixture = new PlanFixture(dir);
    CourseVersion v = imported(fixture, name);

    LaunchPlan plan = fixture.plans.planFor(v);

    assertThat(plan.supported()).as(String.valueOf(plan.unsupportedReason())).isTrue();
    String format = v.description().packageFormat();
    assertThat(plan.standard())
        .isEqualTo(format.startsWith("scorm-2004") ? "scorm2004" : "scorm12");
    assertThat(plan.title()).isEqualTo(name);
    assertThat(plan.launchable()).isNotEmpty();
    try (ZipPackageArchive archive =
        ZipPackageArchive.open(fixture.blobs.openChannel(v.blobId()), ZipLimits.defaults())) {
      Set<String> entries =
          archive.entries().stream().map(ArchiveEntry::path).collect(Collectors.toSet());
      for (PlanItem item : plan.launchable()) {
        assertThat(entries).as(item.id() + " " + item.href()).contains(Hrefs.filePart(item.href()));
      }
      // The import's launch URL names the same file as the first launchable item, which is
      // written as the stored entry's path (after the import's repairs).
      String launchFile = Hrefs.filePart(v.description().launchUrl());
      assertThat(Hrefs.filePart(plan.launchable().get(0).href()))
          .isEqualTo(archive.find(launchFile).map(ArchiveEntry::path).orElse(launchFile));
    }
    if (plan.standard().equals("scorm2004")) {
      JsonNode tree = JSON.readTree(plan.sequencingJson()).get("activityTree");
      List<String> ids =
          Stream.concat(Stream.of(tree), descendants(tree)).map(n -> n.get("id").asText()).toList();
      assertThat(ids.subList(1, ids.size()))
          .containsExactlyElementsOf(plan.items().stream().map(PlanItem::id).toList());
    } else {
      assertThat(plan.sequencingJson()).isNull();
      assertThat(plan.choice()).isTrue();
      assertThat(plan.flow()).isTrue();
    }
    System.out.println(name + ": " + plan.items());
  }

  private static Stream<JsonNode> descendants(JsonNode n) {
    JsonNode children = n.path("children");
    return Stream.of(children.isArray() ? children : JSON.createArrayNode())
        .flatMap(a -> Stream.iterate(0, i -> i < a.size(), i -> i + 1).map(a::get))
        .flatMap(c -> Stream.concat(Stream.of(c), descendants(c)));
  }

  @Test
  void forcedSequential_gatesEachScoOnThePreviousOnesGlobalObjective() throws Exception {
    PlanFixture fixture = new PlanFixture(dir);
    LaunchPlan plan = fixture.plans.planFor(imported(fixture, FORCED));
    System.out.println(plan.sequencingJson());

    assertThat(plan.choice()).isTrue();
    assertThat(plan.flow()).isTrue();
    assertThat(plan.launchable())
        .extracting(PlanItem::id)
        .containsExactly(
            "playing_item",
            "etuqiette_item",
            "handicapping_item",
            "havingfun_item",
            "assessment_item");
    assertThat(plan.launchable()).allMatch(PlanItem::sco);
    JsonNode root = JSON.readTree(plan.sequencingJson()).get("activityTree");
    assertThat(root.get("id").asText()).isEqualTo("golf_sample_default_org");
    assertThat(root.at("/sequencingControls/choice").asBoolean()).isTrue();
    assertThat(root.at("/sequencingControls/flow").asBoolean()).isTrue();
    JsonNode playing = root.at("/children/0");
    assertThat(playing.path("sequencingRules").isMissingNode()).isTrue();
    assertThat(playing.at("/primaryObjective/objectiveID").asText()).isEqualTo("playing_satisfied");
    assertThat(playing.at("/primaryObjective/mapInfo/0/targetObjectiveID").asText())
        .isEqualTo("com.scorm.golfsamples.sequencing.forcedsequential.playing_satisfied");
    assertThat(playing.at("/primaryObjective/mapInfo/0/writeSatisfiedStatus").asBoolean()).isTrue();
    // From the sequencing collection common_seq_rules:
    assertThat(playing.at("/deliveryControls/completionSetByContent").asBoolean()).isTrue();
    assertThat(playing.at("/deliveryControls/objectiveSetByContent").asBoolean()).isTrue();
    assertThat(playing.at("/sequencingControls/objectiveMeasureWeight").asDouble()).isEqualTo(0.0);

    JsonNode etiquette = root.at("/children/1");
    JsonNode rule = etiquette.at("/sequencingRules/preConditionRules/0");
    assertThat(rule.get("action").asText()).isEqualTo("disabled");
    assertThat(rule.get("conditionCombination").asText()).isEqualTo("any");
    assertThat(rule.get("conditions").toString())
        .isEqualTo(
            "[{\"condition\":\"satisfied\",\"operator\":\"not\",\"referencedObjective\":\"previous_sco_satisfied\"},"
                + "{\"condition\":\"objectiveStatusKnown\",\"operator\":\"not\",\"referencedObjective\":\"previous_sco_satisfied\"}]");
    JsonNode previous = etiquette.at("/objectives/0");
    assertThat(previous.get("objectiveID").asText()).isEqualTo("previous_sco_satisfied");
    assertThat(previous.at("/mapInfo/0/targetObjectiveID").asText())
        .isEqualTo("com.scorm.golfsamples.sequencing.forcedsequential.playing_satisfied");
    assertThat(previous.at("/mapInfo/0/readSatisfiedStatus").asBoolean()).isTrue();
    assertThat(previous.at("/mapInfo/0/writeSatisfiedStatus").asBoolean()).isFalse();
    assertThat(root.at("/children/4/sequencingRules/preConditionRules/0/action").asText())
        .isEqualTo("disabled");
  }

  @Test
  void postTestRollup_rollsUpOnlyTheQuizAndHidesItUntilThePreviousScoIsCompleted()
      throws Exception {
    PlanFixture fixture = new PlanFixture(dir);
    LaunchPlan plan = fixture.plans.planFor(imported(fixture, POST_TEST));
    System.out.println(plan.sequencingJson());

    assertThat(plan.choice()).isTrue();
    assertThat(plan.flow()).isTrue();
    JsonNode root = JSON.readTree(plan.sequencingJson()).get("activityTree");
    JsonNode playing = root.at("/children/0");
    assertThat(playing.at("/sequencingControls/rollupObjectiveSatisfied").asBoolean()).isFalse();
    assertThat(playing.at("/sequencingControls/rollupProgressCompletion").asBoolean()).isFalse();
    assertThat(playing.at("/completionThreshold/progressWeight").asDouble()).isEqualTo(0.5);
    assertThat(playing.at("/sharedDataMaps/0/targetID").asText())
        .isEqualTo("com.scorm.golfsamples.sequencing.forcedsequential.notesStorage");
    JsonNode playingMap = playing.at("/primaryObjective/mapInfo/0");
    assertThat(playingMap.get("targetObjectiveID").asText())
        .isEqualTo("com.scorm.golfsamples.sequencing.forcedsequential.playing_completed");
    assertThat(playingMap.get("writeCompletionStatus").asBoolean()).isTrue();
    assertThat(playingMap.get("readSatisfiedStatus").asBoolean()).isFalse();

    JsonNode etiquette = root.at("/children/1");
    assertThat(etiquette.at("/sequencingRules/preConditionRules/0/conditions/1/condition").asText())
        .isEqualTo("activityProgressKnown");
    JsonNode previous = etiquette.at("/objectives/0");
    assertThat(previous.at("/mapInfo/0/readCompletionStatus").asBoolean()).isTrue();
    assertThat(previous.at("/mapInfo/0/writeCompletionStatus").asBoolean()).isFalse();

    JsonNode quiz = root.at("/children/4");
    assertThat(quiz.get("id").asText()).isEqualTo("assessment_item");
    assertThat(quiz.at("/sequencingControls/rollupObjectiveSatisfied").asBoolean()).isTrue();
    assertThat(quiz.at("/sequencingControls/rollupProgressCompletion").asBoolean()).isTrue();
    assertThat(quiz.at("/sequencingControls/objectiveMeasureWeight").asDouble()).isEqualTo(1.0);
    JsonNode hide = quiz.at("/sequencingRules/preConditionRules");
    assertThat(hide).hasSize(2);
    assertThat(hide.at("/0/action").asText()).isEqualTo("hiddenFromChoice");
    assertThat(hide.at("/0/conditionCombination").asText()).isEqualTo("all");
    assertThat(hide.at("/0/conditions/1").toString())
        .isEqualTo("{\"condition\":\"attempted\",\"operator\":\"not\"}");
    // <imsss:primaryObjective/> with no id, not by measure, unmapped: left out.
    assertThat(quiz.path("primaryObjective").isMissingNode()).isTrue();
  }
}
