package org.courseport.server.export.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.lessonexport.ExportSources.PublishedLesson;
import org.courseport.server.export.CourseSnapshot;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportRefusedException;
import org.courseport.server.export.LessonWebRenderer.Launch;
import org.courseport.server.export.LessonWebRenderer.RenderOptions;
import org.courseport.server.export.LessonWebRenderer.RenderedCourse;
import org.courseport.server.export.LessonWebRenderer.Runtime;
import org.courseport.server.storage.blob.FileSystemBlobStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LessonRendererTest {

  static final String IMAGE = "11111111-1111-4111-8111-111111111111";
  static final String VIDEO = "22222222-2222-4222-8222-222222222222";
  static final String CAPTIONS = "33333333-3333-4333-8333-333333333333";
  static final String AUDIO = "44444444-4444-4444-8444-444444444444";
  static final String EXTERNAL = "55555555-5555-4555-8555-555555555555";
  static final String MISSING = "66666666-6666-4666-8666-666666666666";
  static final String WIDGET = "77777777-7777-4777-8777-777777777777";
  static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3, 4, 5};
  static final byte[] MP4 = "....ftypisom video bytes".getBytes(StandardCharsets.US_ASCII);
  static final byte[] VTT =
      "WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n".getBytes(StandardCharsets.UTF_8);
  static final byte[] MP3 = {'I', 'D', '3', 4, 0, 0};
  static final byte[] PNG_DOWNLOADED = {(byte) 0x89, 'P', 'N', 'G', 9, 9};

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  WebSources sources;
  FileSystemBlobStore blobs;
  List<String> downloads;
  LessonRenderer renderer;

  @BeforeEach
  void setUp() throws IOException {
    sources = new WebSources();
    sources.addMedia(IMAGE, "image/jpeg", "jpg", JPEG);
    sources.addMedia(VIDEO, "video/mp4", "mp4", MP4);
    sources.addMedia(CAPTIONS, "text/vtt", "vtt", VTT);
    sources.addMedia(AUDIO, "audio/mpeg", "mp3", MP3);
    sources.addExternal(EXTERNAL, "https://images.example.com/p.png", "image/png", "png");
    sources.addWidget(
        WIDGET,
        "flip-card",
        "window.flip=1;".getBytes(StandardCharsets.UTF_8),
        ".flip{color:red}".getBytes(StandardCharsets.UTF_8));
    blobs = new FileSystemBlobStore(dir);
    downloads = new ArrayList<>();
    renderer =
        new LessonRenderer(
            sources,
            url -> {
              downloads.add(url);
              try (var w = blobs.newWriter()) {
                w.stream().write(PNG_DOWNLOADED);
                return w.commit();
              }
            },
            blobs);
  }

  static final String LESSON_ONE =
      """
      {"blocks":[
        {"type":"heading","text":"Intro <b>bold</b> & more","level":1},
        {"type":"text","html":"<p onclick=\\"x()\\">Hello <strong>world</strong><script>alert(1)</script> <a href=\\"javascript:alert(2)\\">bad</a> <a href=\\"https://example.org/\\">good</a></p>"},
        {"type":"image","media":"media:%s","alt":"A \\"quoted\\" <alt>","caption":"Cap <i>tion</i>"},
        {"type":"video","media":"media:%s","captions":"media:%s","poster":"media:%s","title":"The film"},
        {"type":"audio","media":"media:%s","title":"Talk","transcript":"Said <this>"},
        {"type":"image","media":"media:%s","alt":"From outside"},
        {"type":"image","media":"media:%s","alt":"Gone"},
        {"type":"embed","url":"https://www.youtube.com/embed/abc?x=1&y=2","title":"Clip"},
        {"type":"callout","variant":"warning","title":"Careful <now>","text":"Do not <script>alert(3)</script>"},
        {"type":"widget","widget":"%s","config":{"front":"</script><b>'x'</b>","n":1}}
      ]}
      """
          .formatted(IMAGE, VIDEO, CAPTIONS, IMAGE, AUDIO, EXTERNAL, MISSING, WIDGET);

  static final String LESSON_TWO =
      """
      {"blocks":[
        {"type":"text","html":"<p>Second</p>"},
        {"type":"quiz","title":"Check <1>","passingScore":70,"questions":[
          {"type":"multiple_choice","prompt":"Pick <one>","points":2,"feedback":"</script><!--",
           "choices":[{"text":"A"},{"text":"B <b>","correct":true,"feedback":"Yes"}]},
          {"type":"multiple_answers","prompt":"Pick many","points":1,
           "choices":[{"text":"A","correct":true},{"text":"B"},{"text":"C","correct":true}]},
          {"type":"true_false","prompt":"Sky is blue","points":1,"answer":true},
          {"type":"short_answer","prompt":"Capital of France","points":1,"answers":["Paris"],"caseSensitive":true},
          {"type":"numeric","prompt":"Pi","points":1,"answer":3.14,"tolerance":0.01}
        ]},
        {"type":"quiz","questions":[{"type":"true_false","prompt":"Again","points":1,"answer":false}]}
      ]}
      """;

  static final String LESSON_THREE =
      """
      {"blocks":[{"type":"image","media":"media:%s","alt":"Same image again"}]}
      """
          .formatted(IMAGE);

  static PublishedLesson lesson(int n, String title, String slug, String content) {
    return new PublishedLesson(
        UUID.fromString("00000000-0000-4000-8000-00000000000" + n),
        UUID.fromString("00000000-0000-4000-9000-00000000000" + n),
        title,
        slug,
        1,
        Instant.parse("2026-01-01T00:00:00Z"),
        content);
  }

  static CourseSnapshot course(List<CourseSnapshot.Module> modules) {
    return new CourseSnapshot("t1", "c1", 0, "Course <Title> & \"Co\"", "", "fr-CA", modules, null);
  }

  static CourseSnapshot threeLessons() {
    return course(
        List.of(
            new CourseSnapshot.Module(
                "Module <A>",
                List.of(
                    lesson(1, "First <lesson>", "first-lesson", LESSON_ONE),
                    lesson(2, "Quiz time", "Quiz Time!", LESSON_TWO))),
            new CourseSnapshot.Module(
                "Module B", List.of(lesson(3, "Last", "last", LESSON_THREE)))));
  }

  static Map<String, ExportEntry> byPath(RenderedCourse r) {
    Map<String, ExportEntry> map = new LinkedHashMap<>();
    r.entries().forEach(e -> map.put(e.path(), e));
    return map;
  }

  static byte[] bytes(ExportEntry e) throws IOException {
    try (InputStream in = e.content().open()) {
      return in.readAllBytes();
    }
  }

  static String text(ExportEntry e) throws IOException {
    return new String(bytes(e), StandardCharsets.UTF_8);
  }

  static JsonNode pageData(String html) throws IOException {
    Matcher m =
        Pattern.compile("<script type=\"application/json\" id=\"cp-data\">(.*?)</script>")
            .matcher(html);
    assertThat(m.find()).as("page data present").isTrue();
    return JSON.readTree(m.group(1));
  }

  @Test
  void singleScoRendersOnePageWithSharedAssetsMediaAndWidgets() throws IOException {
    RenderedCourse r =
        renderer.render(threeLessons(), new RenderOptions(Runtime.SCORM12, false), "");
    Map<String, ExportEntry> entries = byPath(r);
    assertThat(entries.keySet())
        .containsExactly(
            "index.html",
            "assets/courseport-runtime.js",
            "assets/courseport-quiz.js",
            "assets/courseport.css",
            "media/" + IMAGE + ".jpg",
            "media/" + VIDEO + ".mp4",
            "media/" + CAPTIONS + ".vtt",
            "media/" + AUDIO + ".mp3",
            "media/" + EXTERNAL + ".png",
            "widgets/" + WIDGET + ".js",
            "widgets/" + WIDGET + ".css");
    // Media stored as they are, text deflated.
    assertThat(entries.get("index.html").compress()).isTrue();
    assertThat(entries.get("assets/courseport-runtime.js").compress()).isTrue();
    assertThat(entries.get("media/" + IMAGE + ".jpg").compress()).isFalse();
    assertThat(entries.get("media/" + VIDEO + ".mp4").compress()).isFalse();
    assertThat(entries.get("media/" + AUDIO + ".mp3").compress()).isFalse();
    assertThat(entries.get("media/" + EXTERNAL + ".png").compress()).isFalse();
    assertThat(entries.get("media/" + CAPTIONS + ".vtt").compress()).isTrue();
    assertThat(entries.get("widgets/" + WIDGET + ".js").compress()).isTrue();
    // Media bytes, sizes and hashes are the sources'.
    ExportEntry jpg = entries.get("media/" + IMAGE + ".jpg");
    assertThat(bytes(jpg)).isEqualTo(JPEG);
    assertThat(jpg.content().size()).isEqualTo(JPEG.length);
    assertThat(jpg.content().sha256()).isEqualTo(ExportEntry.sha256Hex(JPEG));
    ExportEntry png = entries.get("media/" + EXTERNAL + ".png");
    assertThat(bytes(png)).isEqualTo(PNG_DOWNLOADED);
    assertThat(png.content().size()).isEqualTo(PNG_DOWNLOADED.length);
    assertThat(png.content().sha256()).isEqualTo(ExportEntry.sha256Hex(PNG_DOWNLOADED));
    assertThat(downloads).containsExactly("https://images.example.com/p.png");
    assertThat(text(entries.get("widgets/" + WIDGET + ".css"))).isEqualTo(".flip{color:red}");
    // The bundled scripts are the resources.
    assertThat(text(entries.get("assets/courseport-runtime.js"))).contains("API_1484_11");

    assertThat(r.launches()).hasSize(1);
    Launch launch = r.launches().get(0);
    assertThat(launch.identifier()).isEqualTo("course");
    assertThat(launch.href()).isEqualTo("index.html");
    assertThat(launch.title()).isEqualTo("Course <Title> & \"Co\"");
    assertThat(launch.files())
        .containsExactly(
            "index.html",
            "media/" + IMAGE + ".jpg",
            "media/" + VIDEO + ".mp4",
            "media/" + CAPTIONS + ".vtt",
            "media/" + AUDIO + ".mp3",
            "media/" + EXTERNAL + ".png",
            "widgets/" + WIDGET + ".js",
            "widgets/" + WIDGET + ".css");
    assertThat(r.sharedFiles())
        .containsExactly(
            "assets/courseport-runtime.js", "assets/courseport-quiz.js", "assets/courseport.css");
    assertThat(r.masteryScore()).isEqualTo(70);
    // External media are fetched at export time: the rendering may differ next time.
    assertThat(r.complete()).isFalse();
  }

  @Test
  void aRenderingOfStoredMediaOnlyIsComplete_aMissingMediaMakesItIncomplete() throws IOException {
    String stored =
        "{\"blocks\":[{\"type\":\"image\",\"media\":\"media:" + IMAGE + "\",\"alt\":\"A\"}]}";
    RenderedCourse ok =
        renderer.render(
            course(List.of(new CourseSnapshot.Module("M", List.of(lesson(1, "L", "l", stored))))),
            new RenderOptions(Runtime.NONE, false),
            "");
    assertThat(byPath(ok).keySet()).contains("media/" + IMAGE + ".jpg");
    assertThat(ok.complete()).isTrue();

    String missing =
        "{\"blocks\":[{\"type\":\"image\",\"media\":"
            + "\"media:77777777-7777-4777-8777-777777777777\",\"alt\":\"Gone\"}]}";
    RenderedCourse notice =
        renderer.render(
            course(List.of(new CourseSnapshot.Module("M", List.of(lesson(1, "L", "l", missing))))),
            new RenderOptions(Runtime.NONE, false),
            "");
    assertThat(text(byPath(notice).get("index.html")))
        .contains("The image \u201cGone\u201d could not be included in this export.");
    assertThat(notice.complete()).isFalse();
  }

  @Test
  void pageFollowsTheDomContract() throws IOException {
    RenderedCourse r =
        renderer.render(threeLessons(), new RenderOptions(Runtime.SCORM2004, false), "");
    String html = text(byPath(r).get("index.html"));
    assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"fr-CA\">");
    assertThat(html).contains("<body class=\"cp-course\" data-cp-runtime=\"scorm2004\">");
    // One section per lesson, course-wide 0-based indexes, only the first visible.
    assertThat(html)
        .contains(
            "<section class=\"cp-lesson\" id=\"cp-lesson-0\" data-lesson-index=\"0\""
                + " aria-labelledby=\"cp-lesson-0-title\">")
        .contains("data-lesson-index=\"1\" aria-labelledby=\"cp-lesson-1-title\" hidden>")
        .contains("data-lesson-index=\"2\" aria-labelledby=\"cp-lesson-2-title\" hidden>");
    assertThat(html).contains("<button type=\"button\" id=\"cp-prev\" disabled>Previous</button>");
    assertThat(html).contains("<button type=\"button\" id=\"cp-next\">Next</button>");
    assertThat(html).contains("<ol id=\"cp-toc\">");
    assertThat(count(html, "<li data-lesson-index=")).isEqualTo(3);
    // Quizzes: lesson 2 (index 1) has two.
    assertThat(html).contains("<form class=\"cp-quiz\" data-quiz-id=\"1-0\">");
    assertThat(html).contains("<form class=\"cp-quiz\" data-quiz-id=\"1-1\">");
    assertThat(html)
        .contains(
            "<fieldset class=\"cp-question\" data-question-id=\"l2q1n1\""
                + " data-type=\"multiple_choice\">")
        .contains("data-question-id=\"l2q1n2\" data-type=\"multiple_answers\"")
        .contains("data-question-id=\"l2q1n3\" data-type=\"true_false\"")
        .contains("data-question-id=\"l2q1n4\" data-type=\"short_answer\"")
        .contains("data-question-id=\"l2q1n5\" data-type=\"numeric\"")
        .contains("data-question-id=\"l2q2n1\" data-type=\"true_false\"");
    assertThat(html)
        .contains("<input type=\"radio\" name=\"q-l2q1n1\" value=\"0\">")
        .contains("<input type=\"radio\" name=\"q-l2q1n1\" value=\"1\">")
        .contains("<input type=\"checkbox\" name=\"q-l2q1n2\" value=\"2\">")
        .contains("<input type=\"radio\" name=\"q-l2q1n3\" value=\"true\">")
        .contains("<input type=\"radio\" name=\"q-l2q1n3\" value=\"false\">")
        .contains("<input type=\"text\" name=\"q-l2q1n4\"")
        .contains("<input type=\"number\" step=\"any\" name=\"q-l2q1n5\">");
    assertThat(count(html, "<button type=\"submit\" class=\"cp-quiz-submit\">")).isEqualTo(2);
    assertThat(count(html, "class=\"cp-quiz-result\"")).isEqualTo(2);
    // Media, embeds, callouts, widgets.
    assertThat(html)
        .contains("<img src=\"media/" + IMAGE + ".jpg\" alt=\"A &quot;quoted&quot; &lt;alt&gt;\">")
        .contains("<figcaption>Cap &lt;i&gt;tion&lt;/i&gt;</figcaption>")
        .contains("<video controls preload=\"metadata\" src=\"media/" + VIDEO + ".mp4\"")
        .contains("poster=\"media/" + IMAGE + ".jpg\"")
        .contains(
            "<track kind=\"captions\" default src=\"media/" + CAPTIONS + ".vtt\" srclang=\"fr-CA\"")
        .contains("<audio controls preload=\"metadata\" src=\"media/" + AUDIO + ".mp3\">")
        .contains("<p>Said &lt;this&gt;</p>")
        .contains("<img src=\"media/" + EXTERNAL + ".png\" alt=\"From outside\">")
        .contains("The image \u201cGone\u201d could not be included in this export.")
        .contains("<iframe src=\"https://www.youtube.com/embed/abc?x=1&amp;y=2\" title=\"Clip\"")
        .contains("<a href=\"https://www.youtube.com/embed/abc?x=1&amp;y=2\" target=\"_blank\"")
        .contains("<aside class=\"cp-callout cp-callout-warning\" role=\"note\"")
        .contains("<p class=\"cp-callout-title\">Careful &lt;now&gt;</p>")
        .contains("Do not &lt;script&gt;alert(3)&lt;/script&gt;")
        .contains(
            "<div class=\"cp-widget\" data-widget-id=\""
                + WIDGET
                + "\" data-widget-type=\"flip-card\" data-config='{&quot;front&quot;:"
                + "&quot;&lt;/script&gt;&lt;b&gt;&#39;x&#39;&lt;/b&gt;&quot;,&quot;n&quot;:1}'>")
        .contains("<script src=\"widgets/" + WIDGET + ".js\" defer></script>")
        .contains("<link rel=\"stylesheet\" href=\"widgets/" + WIDGET + ".css\">")
        .contains("<script src=\"assets/courseport-runtime.js\" defer></script>")
        .contains("<script src=\"assets/courseport-quiz.js\" defer></script>");
  }

  @Test
  void textIsEscapedAndRichTextReSanitised() throws IOException {
    RenderedCourse r = renderer.render(threeLessons(), new RenderOptions(Runtime.NONE, false), "");
    String html = text(byPath(r).get("index.html"));
    assertThat(html)
        .contains("<title>Course &lt;Title&gt; &amp; &quot;Co&quot;</title>")
        .contains("<h1 id=\"cp-lesson-0-title\">First &lt;lesson&gt;</h1>")
        .contains("<p class=\"cp-module-title\">Module &lt;A&gt;</p>")
        .contains("<h2 class=\"cp-heading\">Intro &lt;b&gt;bold&lt;/b&gt; &amp; more</h2>")
        .contains("<legend>Pick &lt;one&gt;</legend>")
        .contains("B &lt;b&gt;</label>")
        .contains("<h2 class=\"cp-quiz-title\">Check &lt;1&gt;</h2>");
    // The stored rich text passed through the lessons' allow list again.
    assertThat(html).contains("Hello <strong>world</strong>");
    assertThat(html).doesNotContain("onclick").doesNotContain("javascript:");
    assertThat(html).doesNotContain("alert(1)").doesNotContain("alert(2)");
    assertThat(html).contains("href=\"https://example.org/\"");
    // The only script elements are the page data and our own and the widget's files.
    assertThat(count(html, "<script")).isEqualTo(4);
    // Page data: no way out of its script element, yet the same JSON values.
    int start = html.indexOf("id=\"cp-data\">");
    String data = html.substring(start, html.indexOf("</script>", start));
    assertThat(data).doesNotContain("<").contains("\\u003c/script\\u003e\\u003c!--");
    JsonNode page = pageData(html);
    assertThat(page.path("runtime").asText()).isEqualTo("none");
    assertThat(page.path("masteryScore").asInt()).isEqualTo(70);
    assertThat(page.path("lessonCount").asInt()).isEqualTo(3);
    JsonNode quiz = page.path("quizzes").get(0);
    assertThat(quiz.path("id").asText()).isEqualTo("1-0");
    assertThat(quiz.path("passingScore").asInt()).isEqualTo(70);
    JsonNode mc = quiz.path("questions").get(0);
    assertThat(mc.path("id").asText()).isEqualTo("l2q1n1");
    assertThat(mc.path("feedback").asText()).isEqualTo("</script><!--");
    assertThat(mc.path("correct").toString()).isEqualTo("[1]");
    assertThat(mc.path("choiceFeedback").toString()).isEqualTo("[\"\",\"Yes\"]");
    assertThat(quiz.path("questions").get(1).path("correct").toString()).isEqualTo("[0,2]");
    assertThat(quiz.path("questions").get(2).path("answer").asBoolean()).isTrue();
    assertThat(quiz.path("questions").get(3).path("answers").toString()).isEqualTo("[\"Paris\"]");
    assertThat(quiz.path("questions").get(3).path("caseSensitive").asBoolean()).isTrue();
    assertThat(quiz.path("questions").get(4).path("answer").decimalValue())
        .isEqualByComparingTo("3.14");
    assertThat(quiz.path("questions").get(4).path("tolerance").decimalValue())
        .isEqualByComparingTo("0.01");
    assertThat(page.path("quizzes").get(1).path("id").asText()).isEqualTo("1-1");
    assertThat(page.has("navigation")).isFalse();
  }

  @Test
  void sameInputRendersTheSameEntriesAndBytes() throws IOException {
    RenderOptions options = new RenderOptions(Runtime.SCORM12, true);
    RenderedCourse a = renderer.render(threeLessons(), options, "");
    RenderedCourse b = renderer.render(threeLessons(), options, "");
    assertThat(a.entries()).hasSameSizeAs(b.entries());
    for (int i = 0; i < a.entries().size(); i++) {
      ExportEntry x = a.entries().get(i);
      ExportEntry y = b.entries().get(i);
      assertThat(y.path()).isEqualTo(x.path());
      assertThat(y.compress()).isEqualTo(x.compress());
      assertThat(y.content().size()).isEqualTo(x.content().size());
      assertThat(y.content().sha256()).isEqualTo(x.content().sha256());
      assertThat(bytes(y)).isEqualTo(bytes(x));
      assertThat(ExportEntry.sha256Hex(bytes(x))).isEqualTo(x.content().sha256());
      assertThat(bytes(x)).hasSize((int) x.content().size());
    }
    assertThat(b.launches()).isEqualTo(a.launches());
  }

  @Test
  void multiScoRendersOnePagePerLessonWithRelativePaths() throws IOException {
    RenderedCourse r =
        renderer.render(threeLessons(), new RenderOptions(Runtime.SCORM2004, true), "pkg/");
    Map<String, ExportEntry> entries = byPath(r);
    assertThat(entries.keySet())
        .startsWith(
            "pkg/lessons/01-first-lesson.html",
            "pkg/lessons/02-quiz-time.html",
            "pkg/lessons/03-last.html",
            "pkg/assets/courseport-runtime.js")
        .doesNotContain("pkg/index.html");
    assertThat(r.launches())
        .extracting(Launch::identifier, Launch::href, Launch::title)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "lesson-1", "pkg/lessons/01-first-lesson.html", "First <lesson>"),
            org.assertj.core.groups.Tuple.tuple(
                "lesson-2", "pkg/lessons/02-quiz-time.html", "Quiz time"),
            org.assertj.core.groups.Tuple.tuple("lesson-3", "pkg/lessons/03-last.html", "Last"));
    assertThat(r.launches().get(1).files()).containsExactly("pkg/lessons/02-quiz-time.html");
    assertThat(r.launches().get(2).files())
        .containsExactly("pkg/lessons/03-last.html", "pkg/media/" + IMAGE + ".jpg");
    assertThat(r.sharedFiles()).allMatch(f -> f.startsWith("pkg/assets/"));
    // The image used by lessons 1 and 3 is one entry.
    assertThat(entries.keySet().stream().filter(p -> p.contains(IMAGE)).count()).isEqualTo(1);

    String first = text(entries.get("pkg/lessons/01-first-lesson.html"));
    String second = text(entries.get("pkg/lessons/02-quiz-time.html"));
    String last = text(entries.get("pkg/lessons/03-last.html"));
    assertThat(first)
        .contains("<link rel=\"stylesheet\" href=\"../assets/courseport.css\">")
        .contains("<img src=\"../media/" + IMAGE + ".jpg\"")
        .contains("<button type=\"button\" id=\"cp-prev\" disabled>")
        .contains("<button type=\"button\" id=\"cp-next\">")
        .doesNotContain("cp-quiz");
    assertThat(count(first, "<section class=\"cp-lesson\"")).isEqualTo(1);
    // Each page has one lesson, with its course-wide index, visible.
    assertThat(second)
        .contains("data-lesson-index=\"1\" aria-labelledby=\"cp-lesson-1-title\">")
        .contains("<button type=\"button\" id=\"cp-prev\">")
        .contains("<button type=\"button\" id=\"cp-next\">")
        .contains("<li data-lesson-index=\"1\" aria-current=\"page\">");
    assertThat(count(second, "<section class=\"cp-lesson\"")).isEqualTo(1);
    assertThat(last).contains("<button type=\"button\" id=\"cp-next\" disabled>");
    JsonNode data = pageData(second);
    assertThat(data.path("lessons").toString())
        .isEqualTo("[{\"index\":1,\"title\":\"Quiz time\"}]");
    assertThat(data.path("navigation").toString())
        .isEqualTo("{\"previous\":\"01-first-lesson.html\",\"next\":\"03-last.html\"}");
    assertThat(data.path("quizzes")).hasSize(2);
    assertThat(pageData(first).path("quizzes")).isEmpty();
  }

  @Test
  void multiScoNavigationFollowsTheRuntime() throws IOException {
    String scorm12 =
        text(
            byPath(renderer.render(threeLessons(), new RenderOptions(Runtime.SCORM12, true), ""))
                .get("lessons/02-quiz-time.html"));
    // SCORM 1.2 has no navigation requests: the LMS moves between SCOs.
    assertThat(scorm12)
        .contains("<button type=\"button\" id=\"cp-prev\" disabled>")
        .contains("<button type=\"button\" id=\"cp-next\" disabled>")
        .doesNotContain("<a href=\"01-first-lesson.html\">");
    String plain =
        text(
            byPath(renderer.render(threeLessons(), new RenderOptions(Runtime.NONE, true), ""))
                .get("lessons/02-quiz-time.html"));
    assertThat(plain)
        .contains("<a href=\"01-first-lesson.html\">First &lt;lesson&gt;</a>")
        .contains("<a href=\"03-last.html\">Last</a>")
        .contains("<li data-lesson-index=\"1\" aria-current=\"page\"><span>Quiz time</span>");
  }

  @Test
  void masteryScoreIsTheLowestPassingScoreOrTheDefault() {
    String quiz80 =
        "{\"blocks\":[{\"type\":\"quiz\",\"passingScore\":85.5,\"questions\":"
            + "[{\"type\":\"true_false\",\"prompt\":\"p\",\"points\":1,\"answer\":true}]}]}";
    String quizNone =
        "{\"blocks\":[{\"type\":\"quiz\",\"questions\":"
            + "[{\"type\":\"true_false\",\"prompt\":\"p\",\"points\":1,\"answer\":true}]}]}";
    String noQuiz = "{\"blocks\":[{\"type\":\"text\",\"html\":\"<p>x</p>\"}]}";
    RenderOptions options = new RenderOptions(Runtime.SCORM12, false);
    assertThat(render(options, quiz80).masteryScore()).isEqualTo(86);
    assertThat(render(options, quizNone).masteryScore()).isEqualTo(80);
    assertThat(render(options, noQuiz).masteryScore()).isEqualTo(-1);
    assertThat(render(options, quizNone, quiz80).masteryScore()).isEqualTo(86);
    assertThat(render(options, noQuiz, LESSON_TWO, quiz80).masteryScore()).isEqualTo(70);
  }

  private RenderedCourse render(RenderOptions options, String... contents) {
    List<PublishedLesson> lessons = new ArrayList<>();
    for (int i = 0; i < contents.length; i++) {
      lessons.add(lesson(i + 1, "L" + i, "l" + i, contents[i]));
    }
    return renderer.render(course(List.of(new CourseSnapshot.Module("M", lessons))), options, "");
  }

  @Test
  void unusableCoursesAreRefusedWithAMessageNamingWhy() {
    RenderOptions options = new RenderOptions(Runtime.NONE, false);
    assertThatThrownBy(() -> renderer.render(course(List.of()), options, ""))
        .isInstanceOf(ExportRefusedException.class)
        .hasMessageContaining("has no published lessons");
    assertThatThrownBy(() -> render(options, "{\"blocks\":{}}"))
        .isInstanceOf(ExportRefusedException.class)
        .hasMessageContaining("The lesson 'L0' has content that is not a lesson document");
    assertThatThrownBy(() -> render(options, "not json"))
        .isInstanceOf(ExportRefusedException.class)
        .satisfies(
            e ->
                assertThat(((DomainException) e).reason())
                    .isEqualTo(ExportRefusedException.REASON));
    CourseSnapshot imported =
        new CourseSnapshot(
            "t1",
            "c1",
            1,
            "Imported",
            "",
            "en",
            List.of(),
            new CourseVersion("t1", "c1", 1, "Imported", null, 0, null, null, null, null, null));
    assertThatThrownBy(() -> renderer.render(imported, options, ""))
        .isInstanceOf(ExportRefusedException.class)
        .hasMessageContaining("was imported from a package");
    assertThatThrownBy(() -> renderer.render(threeLessons(), options, "/abs/"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> renderer.render(threeLessons(), options, "noslash"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anotherTenantsMediaAndWidgetsAreNotIncluded() throws IOException {
    CourseSnapshot foreign =
        new CourseSnapshot(
            "t2",
            "c1",
            0,
            "Other",
            "",
            "en",
            List.of(new CourseSnapshot.Module("M", List.of(lesson(1, "One", "one", LESSON_ONE)))),
            null);
    RenderedCourse r = renderer.render(foreign, new RenderOptions(Runtime.NONE, false), "");
    assertThat(byPath(r).keySet())
        .containsExactly(
            "index.html",
            "assets/courseport-runtime.js",
            "assets/courseport-quiz.js",
            "assets/courseport.css");
    String html = text(byPath(r).get("index.html"));
    assertThat(html).doesNotContain("media/").doesNotContain("cp-widget\"");
    assertThat(html).contains("An interactive widget could not be included in this export.");
    assertThat(sources.mediaOpens.get()).isZero();
    assertThat(downloads).isEmpty();
  }

  @Test
  void unreadableOrUndownloadableMediaBecomeNoticesAndTheRenderingGoesOn() throws IOException {
    sources.addUnreadable("88888888-8888-4888-8888-888888888888", "image/png", "png");
    sources.addExternal(
        "99999999-9999-4999-8999-999999999999", "https://10.0.0.1/x.mp4", "video/mp4", "mp4");
    LessonRenderer failing =
        new LessonRenderer(
            sources,
            url -> {
              throw DomainException.invalid("FETCH_REFUSED", "The address is not allowed");
            },
            blobs);
    String content =
        "{\"blocks\":[{\"type\":\"image\",\"media\":\"media:88888888-8888-4888-8888-888888888888\","
            + "\"alt\":\"Broken\"},{\"type\":\"video\",\"title\":\"Far <away>\","
            + "\"media\":\"media:99999999-9999-4999-8999-999999999999\"},"
            + "{\"type\":\"image\",\"media\":\"media:"
            + IMAGE
            + "\",\"alt\":\"Fine\"}]}";
    RenderedCourse r =
        failing.render(
            course(List.of(new CourseSnapshot.Module("M", List.of(lesson(1, "L", "l", content))))),
            new RenderOptions(Runtime.NONE, false),
            "");
    assertThat(byPath(r).keySet())
        .containsExactly(
            "index.html",
            "assets/courseport-runtime.js",
            "assets/courseport-quiz.js",
            "assets/courseport.css",
            "media/" + IMAGE + ".jpg");
    String html = text(byPath(r).get("index.html"));
    assertThat(html)
        .contains(
            "<p class=\"cp-notice cp-missing\">The image \u201cBroken\u201d could not be included"
                + " in this export.</p>")
        .contains("The video \u201cFar &lt;away&gt;\u201d could not be included in this export.")
        .contains("<img src=\"media/" + IMAGE + ".jpg\" alt=\"Fine\">");
    assertThat(r.complete()).isFalse();
  }

  @Test
  void escapingCoversMarkupQuotesAndControlCharacters() {
    assertThat(Html.escape("<a href=\"x\" title='y'>&\u0001</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp; &lt;/a&gt;");
    assertThat(Html.escape(null)).isEmpty();
    assertThat(Html.scriptJson("{\"a\":\"</script><!-- & \u2028\"}"))
        .isEqualTo("{\"a\":\"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\"}");
    assertThat(LessonPage.httpsUrl("https://www.youtube.com/embed/x")).isTrue();
    assertThat(LessonPage.httpsUrl("http://www.youtube.com/embed/x")).isFalse();
    assertThat(LessonPage.httpsUrl("javascript:alert(1)")).isFalse();
    assertThat(LessonPage.httpsUrl("https://user@evil.example/")).isFalse();
    assertThat(LessonRenderer.safeSlug("Quiz Time! ../../etc")).isEqualTo("quiz-time-etc");
    assertThat(LessonRenderer.safeSlug("")).isEqualTo("lesson");
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }
}
