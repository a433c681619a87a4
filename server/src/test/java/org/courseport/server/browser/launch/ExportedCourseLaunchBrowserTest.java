package org.courseport.server.browser.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.courseport.server.export.scorm.AuthoredCourses.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.courseport.api.v1.LaunchSessionProgress;
import org.courseport.api.v1.PackageLaunchResponse;
import org.courseport.api.v1.XapiStatement;
import org.courseport.server.browser.BrowserHarness;
import org.courseport.server.domain.launch.LaunchSession;
import org.courseport.server.domain.lessonexport.ExportSources;
import org.courseport.server.export.CourseSnapshot;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportOptions;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.export.ZipAssembler.StoredZip;
import org.courseport.server.export.scorm.AuthoredScormWriter;
import org.courseport.server.export.web.LessonRenderer;
import org.courseport.server.export.zip.DeterministicZipAssembler;
import org.courseport.server.storage.blob.FileSystemBlobStore;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A course Courseport authored and exported itself (the real {@link AuthoredScormWriter} and {@link
 * DeterministicZipAssembler}, as the course export runs them), imported back as a course and
 * launched in the player: the learner walks the lessons, answers the quiz correctly and leaves; the
 * session is completed and passed with the score, and the run-time events are served as xAPI
 * statements (initialized, answered per question, passed, completed, terminated).
 */
class ExportedCourseLaunchBrowserTest {

  @RegisterExtension
  @Order(1)
  static final CourseportServerExtension server = new CourseportServerExtension();

  @RegisterExtension
  @Order(2)
  static final BrowserHarness browser = BrowserHarness.chromiumOnly();

  private final LaunchApi api = new LaunchApi(server);

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = ExportFormat.class,
      names = {"SCORM12", "SCORM2004_4TH"})
  void answeringTheQuizCorrectlyCompletesAndPassesWithStatements(ExportFormat format)
      throws IOException {
    boolean v12 = format == ExportFormat.SCORM12;
    String course = api.importCourse("exported-" + UUID.randomUUID(), exported(format));
    String session = UUID.randomUUID().toString();
    browser.onFailureReport(
        () ->
            "stored session: "
                + api.stored(course, session).map(LaunchApi::describe).orElse("(none)"));

    PackageLaunchResponse launch = api.launch(course, "learner-x", session);
    Player player = new Player(browser.driver()).open(launch.getLaunchUrl());
    JsonNode data = player.launchData();
    assertThat(data.path("standard").asText()).isEqualTo(v12 ? "scorm12" : "scorm2004");
    assertThat(data.path("title").asText()).isEqualTo("Launched course");
    String item = data.at("/items/0/id").asText();
    if (v12) {
      assertThat(data.at("/items/0/masteryScore").asText()).isEqualTo("70");
    } else {
      assertThat(data.at("/items/0/scaledPassingScore").asText()).isEqualTo("0.7");
    }
    player.awaitItem(item);

    // Inside the SCO: lesson 1, the quiz (all right), the last lesson.
    player.sco();
    awaitVisibleLesson(player, 0);
    clickInSco(player, "#cp-next");
    awaitVisibleLesson(player, 1);
    clickInSco(player, "input[name='q-l2q1n1'][value='1']");
    clickInSco(player, "input[name='q-l2q1n2'][value='true']");
    clickInSco(player, "form.cp-quiz button.cp-quiz-submit");
    String result =
        player
            .wait("the quiz result")
            .until(
                d -> {
                  player.sco();
                  List<WebElement> p = d.findElements(By.cssSelector("p.cp-quiz-result"));
                  return p.isEmpty() || p.get(0).getText().isBlank() ? null : p.get(0).getText();
                });
    assertThat(result).contains("100%").contains("passed");
    clickInSco(player, "#cp-next");
    awaitVisibleLesson(player, 2);

    // Leaving: the SCO terminates as the player page goes away; its last commit is a beacon.
    player.exit();
    LaunchSession stored =
        api.awaitStored(
            course,
            session,
            "the completed, passed attempt with its score",
            LaunchApi.sco(
                item,
                s ->
                    "passed".equals(s.successStatus())
                        && "completed".equals(s.completionStatus())));
    JsonNode cmi = LaunchApi.cmi(stored, item);
    assertThat(cmi.at("/interactions/0/id").asText()).isEqualTo("l2q1n1");
    assertThat(cmi.at("/interactions/0/result").asText()).isEqualTo("correct");
    assertThat(cmi.at("/interactions/1/id").asText()).isEqualTo("l2q1n2");
    assertThat(cmi.at(v12 ? "/core/score/raw" : "/score/raw").asDouble()).isEqualTo(100.0);

    LaunchSessionProgress progress = api.progress(course, session);
    assertThat(progress.getCompletionStatus()).isEqualTo("completed");
    assertThat(progress.getSuccessStatus()).isEqualTo("passed");
    assertThat(progress.getScore()).isCloseTo(100.0, within(0.001));
    assertThat(progress.getLocation()).isEqualTo("2");
    assertThat(progress.getUserId()).isEqualTo("learner-x");

    // The SCO's termination (its final commit, sent as the page went away) ends the statements.
    List<XapiStatement> statements =
        LaunchApi.await(
            "a terminated statement",
            () -> {
              List<XapiStatement> all = api.statements(course, "learner-x");
              return LaunchApi.verbs(all).contains("terminated")
                  ? Optional.of(all)
                  : Optional.empty();
            });
    List<String> verbs = LaunchApi.verbs(statements);
    assertThat(verbs).contains("initialized", "answered", "passed", "terminated");
    if (!v12) {
      assertThat(verbs).contains("completed");
    }
    assertThat(verbs.indexOf("initialized")).isLessThan(verbs.indexOf("answered"));
    assertThat(verbs.lastIndexOf("terminated")).isGreaterThan(verbs.indexOf("passed"));
    List<XapiStatement> answered =
        statements.stream().filter(s -> s.getVerb().getId().endsWith("/answered")).toList();
    assertThat(answered).hasSize(2);
    assertThat(answered.get(0).getObjectActivity().getId()).endsWith("l2q1n1");
    assertThat(answered.get(0).getResult().getSuccess()).isTrue();
    assertThat(answered.get(1).getObjectActivity().getId()).endsWith("l2q1n2");
    XapiStatement passed =
        statements.stream()
            .filter(s -> s.getVerb().getId().endsWith("/passed"))
            .findFirst()
            .orElseThrow();
    assertThat(passed.getResult().getSuccess()).isTrue();
    assertThat(passed.getResult().getScore().getScaled()).isCloseTo(1.0, within(0.0001));
    String registration = stored.registrationId();
    for (XapiStatement s : statements) {
      assertThat(s.getActor().getAccount().getName()).isEqualTo("learner-x");
      assertThat(s.getContext().getRegistration()).isEqualTo(registration);
      assertThat(s.getVerb().getId()).startsWith("http://adlnet.gov/expapi/verbs/");
    }
  }

  private static void clickInSco(Player player, String css) {
    WebElement element =
        player
            .wait("a displayed, enabled " + css + " in the SCO")
            .until(
                d -> {
                  player.sco();
                  return d.findElements(By.cssSelector(css)).stream()
                      .filter(e -> e.isDisplayed() && e.isEnabled())
                      .findFirst()
                      .orElse(null);
                });
    element.click();
  }

  private static void awaitVisibleLesson(Player player, int index) {
    player
        .wait("lesson " + index + " to show in the SCO")
        .until(
            d -> {
              player.sco();
              Object shown =
                  player.script(
                      "var s = document.querySelectorAll('section.cp-lesson:not([hidden])');"
                          + " return s.length === 1 ? Number(s[0].dataset.lessonIndex) : -1;");
              return shown instanceof Number n && n.intValue() == index ? true : null;
            });
  }

  /** The exported package of a three-lesson course with a two-question quiz (passing 70). */
  private byte[] exported(ExportFormat format) throws IOException {
    FileSystemBlobStore blobs = new FileSystemBlobStore(dir);
    LessonRenderer renderer =
        new LessonRenderer(
            new NoMediaSources(),
            url -> {
              throw new IOException("the test course has no external media: " + url);
            },
            blobs);
    ExportPlan plan = new AuthoredScormWriter(renderer).plan(course(), ExportOptions.of(format));
    try (DeterministicZipAssembler assembler = new DeterministicZipAssembler(blobs)) {
      StoredZip zip = assembler.write(plan);
      try (InputStream in = blobs.open(zip.blobId())) {
        return in.readAllBytes();
      }
    }
  }

  private static CourseSnapshot course() {
    String welcome = "{\"blocks\":[{\"type\":\"text\",\"html\":\"<p>Start here.</p>\"}]}";
    String quiz =
        """
        {"blocks":[
          {"type":"heading","text":"Check yourself"},
          {"type":"quiz","title":"Colours","passingScore":70,"questions":[
            {"type":"multiple_choice","prompt":"Which colour means stop?","points":2,
             "choices":[{"text":"Green"},{"text":"Red","correct":true},{"text":"Blue"}]},
            {"type":"true_false","prompt":"Amber comes before red.","points":1,"answer":true}
          ]}
        ]}
        """;
    String end = "{\"blocks\":[{\"type\":\"text\",\"html\":\"<p>Well done.</p>\"}]}";
    return new CourseSnapshot(
        "t1",
        "c0ffee00-0000-4000-8000-0000000000c8",
        0,
        "Launched course",
        "Exported by Courseport, imported back and launched.",
        "en-US",
        List.of(
            new CourseSnapshot.Module(
                "Start", List.of(lesson(1, "Welcome", welcome), lesson(2, "Quiz", quiz))),
            new CourseSnapshot.Module("End", List.of(lesson(3, "The end", end)))),
        null);
  }

  /** No media, no widgets: the course is text and a quiz. */
  private static final class NoMediaSources implements ExportSources {
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
      return Optional.empty();
    }

    @Override
    public InputStream openMedia(SourceMedia media) throws IOException {
      throw new IOException("no media in the test course");
    }

    @Override
    public Optional<SourceWidget> findWidget(String tenantId, UUID widgetId) {
      return Optional.empty();
    }

    @Override
    public InputStream openScript(SourceWidget widget) throws IOException {
      throw new IOException("no widgets in the test course");
    }

    @Override
    public Optional<InputStream> openStyle(SourceWidget widget) {
      return Optional.empty();
    }
  }
}
