package org.courseport.server.packaging.aicc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.domain.packaging.Severity;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.FormatResult;
import org.courseport.server.packaging.testing.MemoryArchive;
import org.junit.jupiter.api.Test;

class AiccInspectorTest {
  private final AiccInspector inspector = new AiccInspector(1 << 20);
  private final Findings findings = new Findings();

  private static final String CRS =
      """
      [Course]
      Course_Creator=Example
      COURSE_ID=C1
      course_title=Safety Basics
      Total_AUs=2
      Total_Blocks=1
      [Course_Behavior]
      Max_Normal=1
      [Course_Description]
      Learn the basics
      of safety.
      """;
  private static final String AU =
      """
      "System_ID","Type","File_Name","Mastery_Score","Max_Score","Web_Launch"
      "A1","lesson","intro.html","80","100",""
      "A2","test","quiz/start.html","","","?mode=test"
      """;
  private static final String DES =
      """
      "system_id","title","description"
      "B1","Module One","m"
      "A1","Introduction","i"
      "A2","Final Quiz","q"
      """;
  private static final String CST =
      """
      "block","member"
      "root","B1"
      "B1","A1"
      "B1","A2"
      """;

  private FormatResult inspect(MemoryArchive archive) {
    return inspector.inspect(archive, archive.find("course.crs").orElseThrow(), findings);
  }

  private static MemoryArchive course() {
    return new MemoryArchive()
        .with("course.crs", CRS)
        .with("COURSE.AU", AU)
        .with("course.des", DES)
        .with("course.cst", CST)
        .with("intro.html", "x")
        .with("quiz/start.html", "x");
  }

  private List<String> rules(Severity severity) {
    return findings.list().stream()
        .filter(f -> f.severity() == severity)
        .map(Finding::rule)
        .toList();
  }

  @Test
  void courseFiles_giveTitleTreeLaunchAndScores() {
    FormatResult r = inspect(course());

    assertThat(findings.list()).isEmpty();
    assertThat(r.description().standard()).isEqualTo(LearningStandard.AICC);
    assertThat(r.description().title()).isEqualTo("Safety Basics");
    assertThat(r.description().description()).isEqualTo("Learn the basics of safety.");
    assertThat(r.description().launchUrl()).isEqualTo("intro.html");
    assertThat(r.description().scoCount()).isEqualTo(2);
    Activity block = r.description().rootActivity().children().get(0);
    assertThat(block.type()).isEqualTo(ActivityType.AGGREGATION);
    assertThat(block.title()).isEqualTo("Module One");
    assertThat(block.children())
        .extracting(Activity::title, Activity::href, Activity::scaledPassingScore)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Introduction", "intro.html", "0.8"),
            org.assertj.core.groups.Tuple.tuple("Final Quiz", "quiz/start.html?mode=test", ""));
  }

  @Test
  void withoutStructureFile_allAusHangOffTheRoot() {
    FormatResult r =
        inspect(
            new MemoryArchive()
                .with("course.crs", CRS)
                .with("course.au", AU)
                .with("intro.html", "x")
                .with("quiz/start.html", "x"));

    assertThat(r.description().rootActivity().children())
        .extracting(Activity::itemIdentifier)
        .containsExactly("A1", "A2");
  }

  @Test
  void missingAuFile_isRefused() {
    inspect(new MemoryArchive().with("course.crs", CRS));

    assertThat(rules(Severity.ERROR)).containsExactly("aicc.au.missing");
  }

  @Test
  void duplicateAuAndMissingLaunchFile_areRefused() {
    inspect(
        course()
            .with("COURSE.AU", AU + "\"a1\",\"lesson\",\"other.html\",\"\",\"\",\"\"\n")
            .with("course.cst", "block,member\nroot,B1\nB1,A1\nB1,A2\nB1,A9\n"));

    assertThat(rules(Severity.ERROR)).containsExactly("aicc.au.duplicate");
    assertThat(rules(Severity.WARNING)).contains("aicc.cst.unresolved");
  }

  @Test
  void prerequisitesNamingUnknownAus_areWarned() {
    inspect(course().with("course.pre", "structure_element,prerequisite\nA2,A1\nA7,A1\n"));

    assertThat(rules(Severity.ERROR)).isEmpty();
    assertThat(findings.list())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.rule()).isEqualTo("aicc.reference.unresolved");
              assertThat(f.file()).isEqualTo("course.pre");
              assertThat(f.line()).isEqualTo(3);
            });
  }

  @Test
  void launchFileAbsent_isRefused() {
    inspect(
        new MemoryArchive().with("course.crs", CRS).with("course.au", AU).with("intro.html", "x"));

    assertThat(rules(Severity.ERROR)).containsExactly("manifest.launch.file-missing");
  }
}
