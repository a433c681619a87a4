package org.courseport.server.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.courseport.server.export.scorm.AuthoredCourses.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.courseport.server.domain.lessonexport.ExportSources;
import org.courseport.server.export.CourseSnapshot;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportOptions;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.export.ZipAssembler.StoredZip;
import org.courseport.server.export.scorm.AuthoredScormWriter;
import org.courseport.server.export.web.LessonRenderer;
import org.courseport.server.export.zip.DeterministicZipAssembler;
import org.courseport.server.storage.blob.FileSystemBlobStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Courseport's own SCORM exports of an authored course, each format in headless chromium under
 * scorm-again as the LMS: the package is written by the real writer ({@link AuthoredScormWriter}
 * with {@link LessonRenderer}), zipped by the real {@link DeterministicZipAssembler}, served from
 * the zip's files, and launched the way an LMS does (launch href and mastery score from the
 * manifest). The test walks the lessons with {@code #cp-next}, answers the quiz (all right, or one
 * wrong), goes to the end, leaves the page, and asserts what the runtime recorded: completion,
 * score, success, interactions, location, suspend data, session time, exit, commits and the final
 * LMSFinish/Terminate.
 */
class ExportedScormBrowserTest {

  @RegisterExtension static final BrowserHarness browser = new BrowserHarness();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UUID IMAGE = UUID.fromString("0c0ffee0-0000-4000-8000-00000000000a");
  private static final String TENANT = "t1";

  @TempDir Path dir;
  private FileSystemBlobStore blobs;
  private AuthoredScormWriter writer;

  @BeforeEach
  void setUp() throws IOException {
    blobs = new FileSystemBlobStore(dir);
    LessonRenderer renderer =
        new LessonRenderer(
            new OneImageSources(png()),
            url -> {
              throw new IOException("the test course has no external media: " + url);
            },
            blobs);
    writer = new AuthoredScormWriter(renderer);
  }

  static Stream<Arguments> cases() {
    return Stream.of(ExportFormat.SCORM12, ExportFormat.SCORM2004_3RD, ExportFormat.SCORM2004_4TH)
        .flatMap(format -> Stream.of(Arguments.of(format, true), Arguments.of(format, false)));
  }

  @ParameterizedTest(name = "{0}, all answers right: {1}")
  @MethodSource("cases")
  void exportedPackageReportsToAnLms(ExportFormat format, boolean allRight) throws IOException {
    ExportPlan plan = writer.plan(course(), ExportOptions.of(format));
    ScormPackage pkg = ScormPackage.fromZip(zip(plan));
    ManifestLaunch manifest = ManifestLaunch.read(pkg);
    boolean v12 = format == ExportFormat.SCORM12;
    assertThat(manifest.runtime()).isEqualTo(v12 ? ScormRuntime.SCORM12 : ScormRuntime.SCORM2004);
    assertThat(manifest.href()).isEqualTo("index.html");
    // The mastery score is the quiz's passing score, carried by the manifest to the LMS.
    assertThat(manifest.initialCmi())
        .containsExactlyEntriesOf(
            v12
                ? Map.of("cmi.student_data.mastery_score", "70")
                : Map.of("cmi.scaled_passing_score", "0.7"));

    Map<String, String> initial = new LinkedHashMap<>(manifest.initialCmi());
    initial.put(v12 ? "cmi.core.student_id" : "cmi.learner_id", "learner-7");
    LmsLaunch launch = browser.launch(pkg, manifest.runtime(), manifest.href(), initial).open();

    // First lesson: text and the packaged image, decoded by the browser.
    assertThat(visibleLesson(launch)).isEqualTo(0);
    assertThat(launch.text("section.cp-lesson:not([hidden]) h1")).isEqualTo("Welcome");
    assertThat(
            launch.contentScript(
                "return document.querySelector('section.cp-lesson:not([hidden]) figure.cp-image img')"
                    + ".naturalWidth;"))
        .isEqualTo(3L);
    assertThat(status(launch, v12)).isEqualTo("incomplete");

    // Second lesson: the quiz.
    launch.click("#cp-next");
    assertThat(visibleLesson(launch)).isEqualTo(1);
    launch.click(
        allRight ? "input[name='q-l2q1n1'][value='1']" : "input[name='q-l2q1n1'][value='0']");
    launch.click("input[name='q-l2q1n2'][value='true']");
    launch.click("form.cp-quiz button.cp-quiz-submit");
    assertThat(launch.text("p.cp-quiz-result"))
        .contains(allRight ? "100%" : "33.33%")
        .contains(allRight ? "passed" : "not passed");

    // Last lesson: the end of the course.
    launch.click("#cp-next");
    assertThat(visibleLesson(launch)).isEqualTo(2);
    assertThat(launch.contentScript("return document.getElementById('cp-next').disabled;"))
        .isEqualTo(true);

    launch.unload();

    JsonNode cmi = launch.cmi();
    String finish = v12 ? "LMSFinish" : "Terminate";
    List<String> calls = launch.calls();
    assertThat(calls.get(0)).isEqualTo(v12 ? "LMSInitialize" : "Initialize");
    assertThat(calls.get(calls.size() - 1)).isEqualTo(finish);
    assertThat(Collections.frequency(calls, finish)).isEqualTo(1);
    assertThat(calls).contains(v12 ? "LMSCommit" : "Commit");

    double raw = allRight ? 100 : 33.33;
    if (v12) {
      assertThat(cmi.at("/core/lesson_status").asText()).isEqualTo(allRight ? "passed" : "failed");
      assertThat(cmi.at("/core/score/raw").asDouble()).isCloseTo(raw, within(0.01));
      assertThat(cmi.at("/core/score/min").asText()).isEqualTo("0");
      assertThat(cmi.at("/core/score/max").asText()).isEqualTo("100");
      assertThat(cmi.at("/core/lesson_location").asText()).isEqualTo("2");
      assertThat(launch.lastSet("cmi.core.session_time"))
          .matches("\\d{2,4}:\\d{2}:\\d{2}(\\.\\d{1,2})?");
      assertThat(launch.lastSet("cmi.core.exit")).isEmpty();
    } else {
      assertThat(cmi.at("/completion_status").asText()).isEqualTo("completed");
      assertThat(cmi.at("/success_status").asText()).isEqualTo(allRight ? "passed" : "failed");
      assertThat(cmi.at("/score/raw").asDouble()).isCloseTo(raw, within(0.01));
      assertThat(cmi.at("/score/scaled").asDouble()).isCloseTo(raw / 100, within(0.0001));
      assertThat(cmi.at("/score/min").asText()).isEqualTo("0");
      assertThat(cmi.at("/score/max").asText()).isEqualTo("100");
      assertThat(cmi.at("/location").asText()).isEqualTo("2");
      assertThat(launch.lastSet("cmi.session_time"))
          .matches("P(\\d+D)?T(\\d+H)?(\\d+M)?(\\d+(\\.\\d{1,2})?S)?|PT0S|P0D");
      assertThat(launch.lastSet("cmi.exit")).isEqualTo("normal");
    }

    // One interaction per question, ids = question ids.
    JsonNode interactions = cmi.at("/interactions");
    assertThat(interactions.size()).isEqualTo(2);
    assertThat(interactions.at("/0/id").asText()).isEqualTo("l2q1n1");
    assertThat(interactions.at("/0/type").asText()).isEqualTo("choice");
    assertThat(interactions.at("/0/result").asText())
        .isEqualTo(allRight ? "correct" : v12 ? "wrong" : "incorrect");
    assertThat(interactions.at(v12 ? "/0/student_response" : "/0/learner_response").asText())
        .isEqualTo(v12 ? (allRight ? "1" : "0") : (allRight ? "choice-1" : "choice-0"));
    assertThat(interactions.at("/1/id").asText()).isEqualTo("l2q1n2");
    assertThat(interactions.at("/1/type").asText()).isEqualTo("true-false");
    assertThat(interactions.at("/1/result").asText()).isEqualTo("correct");
    assertThat(interactions.at(v12 ? "/1/student_response" : "/1/learner_response").asText())
        .isEqualTo(v12 ? "t" : "true");

    // Suspend data: the course reached its end, the quiz's score kept for a resume.
    JsonNode suspend = JSON.readTree(cmi.at("/suspend_data").asText());
    assertThat(suspend.at("/c").asInt()).isEqualTo(1);
    assertThat(suspend.at("/q/1-0/s").asDouble()).isCloseTo(raw, within(0.01));

    // The LMS received the final state in its last commit.
    List<JsonNode> commits = launch.commits();
    assertThat(commits).isNotEmpty();
    JsonNode last = commits.get(commits.size() - 1);
    if (v12) {
      assertThat(last.at("/cmi/core/lesson_status").asText())
          .isEqualTo(allRight ? "passed" : "failed");
    } else {
      assertThat(last.at("/cmi/success_status").asText()).isEqualTo(allRight ? "passed" : "failed");
      assertThat(last.at("/cmi/completion_status").asText()).isEqualTo("completed");
    }
  }

  @Test
  void multiScoScorm2004AsksTheLmsForTheNextSco() throws IOException {
    ExportPlan plan = writer.plan(course(), new ExportOptions(ExportFormat.SCORM2004_4TH, true));
    ScormPackage pkg = ScormPackage.fromZip(zip(plan));
    ManifestLaunch manifest = ManifestLaunch.read(pkg);
    assertThat(manifest.href()).isEqualTo("lessons/01-lesson-1.html");

    LmsLaunch launch =
        browser.launch(pkg, manifest.runtime(), manifest.href(), manifest.initialCmi()).open();
    assertThat(visibleLesson(launch)).isEqualTo(0);
    assertThat(launch.text("section.cp-lesson:not([hidden]) h1")).isEqualTo("Welcome");
    // The SCO's only lesson is shown: it is complete; #cp-next asks the LMS for the next SCO.
    launch.click("#cp-next");
    launch.awaitCall("Terminate");

    assertThat(launch.lastSet("adl.nav.request")).isEqualTo("continue");
    JsonNode cmi = launch.cmi();
    assertThat(cmi.at("/completion_status").asText()).isEqualTo("completed");
    assertThat(cmi.at("/location").asText()).isEqualTo("0");
    List<String> calls = launch.calls();
    assertThat(Collections.frequency(calls, "Terminate")).isEqualTo(1);
    assertThat(calls.indexOf("Commit")).isLessThan(calls.indexOf("Terminate"));
  }

  /** The package as the export stores it: the real assembler's zip, read back from the blob. */
  private byte[] zip(ExportPlan plan) throws IOException {
    try (DeterministicZipAssembler assembler = new DeterministicZipAssembler(blobs)) {
      StoredZip zip = assembler.write(plan);
      try (InputStream in = blobs.open(zip.blobId())) {
        return in.readAllBytes();
      }
    }
  }

  private static int visibleLesson(LmsLaunch launch) {
    Object index =
        launch.contentScript(
            "var s = document.querySelectorAll('section.cp-lesson:not([hidden])');"
                + " return s.length === 1 ? Number(s[0].dataset.lessonIndex) : -s.length;");
    return ((Number) index).intValue();
  }

  private static String status(LmsLaunch launch, boolean v12) {
    JsonNode cmi = launch.cmi();
    return v12 ? cmi.at("/core/lesson_status").asText() : cmi.at("/completion_status").asText();
  }

  /** Three lessons in two modules: text with an image, a quiz (passing score 70), an end page. */
  private static CourseSnapshot course() {
    String welcome =
        """
        {"blocks":[
          {"type":"text","html":"<p>Start here.</p>"},
          {"type":"image","media":"media:%s","alt":"A tiny picture"}
        ]}
        """
            .formatted(IMAGE);
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
        TENANT,
        "c0ffee00-0000-4000-8000-0000000000b7",
        0,
        "Browser-tested course",
        "Exported and run under scorm-again.",
        "en-US",
        List.of(
            new CourseSnapshot.Module(
                "Start", List.of(lesson(1, "Welcome", welcome), lesson(2, "Quiz", quiz))),
            new CourseSnapshot.Module("End", List.of(lesson(3, "The end", end)))),
        null);
  }

  private static byte[] png() throws IOException {
    BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    image.setRGB(1, 1, 0xff0000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  /** The tenant's one uploaded image; no widgets. */
  private record OneImageSources(byte[] png) implements ExportSources {

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
      return TENANT.equals(tenantId) && IMAGE.equals(mediaId)
          ? Optional.of(
              new SourceMedia(IMAGE, "image/png", "png", ExportEntry.sha256Hex(png), null, null))
          : Optional.empty();
    }

    @Override
    public InputStream openMedia(SourceMedia media) {
      return new ByteArrayInputStream(png);
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
