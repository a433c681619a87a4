package org.courseport.server.export.web;

import static org.courseport.server.export.web.Html.escape;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.courseport.server.domain.lesson.RichTextSanitizer;
import org.courseport.server.export.LessonWebRenderer.Runtime;

/**
 * One HTML page: the course header, the table of contents, the given lessons' sections (only the
 * first visible until the runtime script runs), the pager, and the page data the scripts read
 * (runtime, mastery score, the quizzes' grading data).
 */
final class LessonPage {

  static final String CSS = "assets/courseport.css";
  static final String QUIZ_JS = "assets/courseport-quiz.js";
  static final String RUNTIME_JS = "assets/courseport-runtime.js";

  private static final Pattern MEDIA_REF =
      Pattern.compile(
          "media:([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})");
  private static final Set<String> VARIANTS = Set.of("info", "tip", "warning", "important");

  /** A lesson of the course with its place and parsed content. */
  record Lesson(
      int index, String moduleTitle, String title, String slug, String href, JsonNode content) {}

  private final ObjectMapper json;
  private final CourseFiles files;
  private final String courseTitle;
  private final String language;
  private final Runtime runtime;
  private final int masteryScore;
  private final List<Lesson> course;
  private final String up;
  private final StringBuilder body = new StringBuilder();
  private final ArrayNode quizzes;
  private final Set<String> usedFiles = new LinkedHashSet<>();
  private final List<CourseFiles.WidgetFiles> usedWidgets = new ArrayList<>();

  /**
   * @param up the path from the page's folder to the root ("" or "../")
   */
  LessonPage(
      ObjectMapper json,
      CourseFiles files,
      String courseTitle,
      String language,
      Runtime runtime,
      int masteryScore,
      List<Lesson> course,
      String up) {
    this.json = json;
    this.files = files;
    this.courseTitle = courseTitle;
    this.language = language;
    this.runtime = runtime;
    this.masteryScore = masteryScore;
    this.course = course;
    this.up = up;
    this.quizzes = json.createArrayNode();
  }

  /** Paths (relative to the root) of media and widget files the page uses, in order. */
  List<String> usedFiles() {
    return List.copyOf(usedFiles);
  }

  /**
   * The page showing {@code lessons}; {@code self} is the page's own href for multi-SCO pages (null
   * for the single page holding every lesson).
   */
  String render(List<Lesson> lessons, String pageTitle, String self) {
    for (int i = 0; i < lessons.size(); i++) {
      lesson(lessons.get(i), i > 0);
    }
    StringBuilder page = new StringBuilder(body.length() + 4096);
    page.append("<!DOCTYPE html>\n<html lang=\"").append(escape(language)).append("\">\n");
    page.append("<head>\n<meta charset=\"utf-8\">\n");
    page.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page.append("<title>").append(escape(pageTitle)).append("</title>\n");
    page.append("<link rel=\"stylesheet\" href=\"").append(up).append(CSS).append("\">\n");
    for (CourseFiles.WidgetFiles w : usedWidgets) {
      if (w.style() != null) {
        page.append("<link rel=\"stylesheet\" href=\"")
            .append(up)
            .append(escape(w.style()))
            .append("\">\n");
      }
    }
    page.append("<script type=\"application/json\" id=\"cp-data\">")
        .append(Html.scriptJson(pageData(lessons, self)))
        .append("</script>\n");
    page.append("<script src=\"").append(up).append(QUIZ_JS).append("\" defer></script>\n");
    page.append("<script src=\"").append(up).append(RUNTIME_JS).append("\" defer></script>\n");
    for (CourseFiles.WidgetFiles w : usedWidgets) {
      page.append("<script src=\"")
          .append(up)
          .append(escape(w.script()))
          .append("\" defer></script>\n");
    }
    page.append("</head>\n<body class=\"cp-course\" data-cp-runtime=\"")
        .append(runtimeName())
        .append("\">\n");
    page.append("<header class=\"cp-header\"><p class=\"cp-course-title\">")
        .append(escape(courseTitle))
        .append("</p></header>\n");
    toc(page, lessons, self);
    page.append("<main class=\"cp-main\">\n").append(body).append("</main>\n");
    pager(page, lessons, self);
    page.append("</body>\n</html>\n");
    return page.toString();
  }

  private String runtimeName() {
    return switch (runtime) {
      case NONE -> "none";
      case SCORM12 -> "scorm12";
      case SCORM2004 -> "scorm2004";
    };
  }

  private void toc(StringBuilder page, List<Lesson> shown, String self) {
    page.append("<nav class=\"cp-nav\" aria-label=\"Lessons\">\n<ol id=\"cp-toc\">\n");
    for (Lesson l : course) {
      boolean here = shown.contains(l);
      page.append("<li data-lesson-index=\"").append(l.index()).append('"');
      if (here && self != null) {
        page.append(" aria-current=\"page\"");
      }
      page.append('>');
      if (self == null) {
        page.append("<a href=\"#cp-lesson-")
            .append(l.index())
            .append("\" data-lesson-index=\"")
            .append(l.index())
            .append("\">")
            .append(escape(l.title()))
            .append("</a>");
      } else if (!here && runtime == Runtime.NONE) {
        page.append("<a href=\"")
            .append(escape(sibling(l)))
            .append("\">")
            .append(escape(l.title()))
            .append("</a>");
      } else {
        page.append("<span>").append(escape(l.title())).append("</span>");
      }
      page.append("</li>\n");
    }
    page.append("</ol>\n</nav>\n");
  }

  /** Another multi-SCO page, relative to this one (all live in the same folder). */
  private static String sibling(Lesson l) {
    return l.href().substring(l.href().lastIndexOf('/') + 1);
  }

  private void pager(StringBuilder page, List<Lesson> shown, String self) {
    boolean prev;
    boolean next;
    if (self == null) {
      prev = false;
      next = shown.size() > 1;
    } else {
      // Between SCOs the LMS navigates: SCORM 2004 takes a navigation request, SCORM 1.2 none.
      int at = shown.get(0).index();
      prev = runtime != Runtime.SCORM12 && at > 0;
      next = runtime != Runtime.SCORM12 && at < course.size() - 1;
    }
    page.append("<footer class=\"cp-pager\">\n");
    page.append("<button type=\"button\" id=\"cp-prev\"").append(prev ? "" : " disabled");
    page.append(">Previous</button>\n");
    page.append("<span id=\"cp-position\" aria-live=\"polite\"></span>\n");
    page.append("<button type=\"button\" id=\"cp-next\"").append(next ? "" : " disabled");
    page.append(">Next</button>\n</footer>\n");
  }

  private String pageData(List<Lesson> lessons, String self) {
    ObjectNode data = json.createObjectNode();
    data.put("runtime", runtimeName());
    data.put("masteryScore", masteryScore);
    ArrayNode shown = data.putArray("lessons");
    for (Lesson l : lessons) {
      shown.addObject().put("index", l.index()).put("title", l.title());
    }
    data.put("lessonCount", course.size());
    if (self != null) {
      int at = lessons.get(0).index();
      ObjectNode nav = data.putObject("navigation");
      if (at > 0) {
        nav.put("previous", sibling(course.get(at - 1)));
      }
      if (at < course.size() - 1) {
        nav.put("next", sibling(course.get(at + 1)));
      }
    }
    data.set("quizzes", quizzes);
    try {
      return json.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the page data", e);
    }
  }

  private void lesson(Lesson l, boolean hidden) {
    body.append("<section class=\"cp-lesson\" id=\"cp-lesson-")
        .append(l.index())
        .append("\" data-lesson-index=\"")
        .append(l.index())
        .append("\" aria-labelledby=\"cp-lesson-")
        .append(l.index())
        .append("-title\"")
        .append(hidden ? " hidden" : "")
        .append(">\n");
    if (l.moduleTitle() != null && !l.moduleTitle().isBlank()) {
      body.append("<p class=\"cp-module-title\">").append(escape(l.moduleTitle())).append("</p>\n");
    }
    body.append("<h1 id=\"cp-lesson-")
        .append(l.index())
        .append("-title\">")
        .append(escape(l.title()))
        .append("</h1>\n");
    int quiz = 0;
    for (JsonNode block : l.content().path("blocks")) {
      String type = block.path("type").asText("");
      switch (type) {
        case "heading" -> heading(block);
        case "text" ->
            body.append("<div class=\"cp-text\">")
                .append(RichTextSanitizer.sanitize(block.path("html").asText("")))
                .append("</div>\n");
        case "image" -> image(block);
        case "audio" -> audio(block);
        case "video" -> video(block);
        case "embed" -> embed(block);
        case "callout" -> callout(block);
        case "quiz" -> quiz(block, l.index(), quiz++);
        case "widget" -> widget(block);
        default ->
            body.append("<p class=\"cp-notice\">This part of the lesson (")
                .append(escape(type))
                .append(") cannot be shown.</p>\n");
      }
    }
    body.append("</section>\n");
  }

  private void heading(JsonNode block) {
    // h1 is the lesson title: content headings start at h2.
    int level = Math.max(2, Math.min(6, block.path("level").asInt(2)));
    body.append("<h")
        .append(level)
        .append(" class=\"cp-heading\">")
        .append(escape(block.path("text").asText("")))
        .append("</h")
        .append(level)
        .append(">\n");
  }

  private Optional<CourseFiles.MediaFile> media(JsonNode ref) {
    if (!ref.isTextual()) {
      return Optional.empty();
    }
    Matcher m = MEDIA_REF.matcher(ref.asText().trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    Optional<CourseFiles.MediaFile> file = files.media(UUID.fromString(m.group(1)));
    file.ifPresent(f -> usedFiles.add(f.path()));
    return file;
  }

  private void missing(String what) {
    body.append("<p class=\"cp-notice cp-missing\">")
        .append(escape(what))
        .append(" could not be included in this export.</p>\n");
  }

  private void image(JsonNode block) {
    Optional<CourseFiles.MediaFile> file = media(block.path("media"));
    String alt = block.path("alt").asText("");
    String caption = block.path("caption").asText("");
    if (file.isEmpty()) {
      missing(alt.isBlank() ? "An image" : "The image \u201c" + alt + "\u201d");
      return;
    }
    body.append("<figure class=\"cp-image\"><img src=\"")
        .append(up)
        .append(escape(file.get().path()))
        .append("\" alt=\"")
        .append(escape(alt))
        .append("\">");
    if (!caption.isBlank()) {
      body.append("<figcaption>").append(escape(caption)).append("</figcaption>");
    }
    body.append("</figure>\n");
  }

  private void audio(JsonNode block) {
    Optional<CourseFiles.MediaFile> file = media(block.path("media"));
    String title = block.path("title").asText("");
    if (file.isEmpty()) {
      missing(title.isBlank() ? "An audio recording" : "The audio \u201c" + title + "\u201d");
      return;
    }
    body.append("<figure class=\"cp-audio\">");
    if (!title.isBlank()) {
      body.append("<figcaption>").append(escape(title)).append("</figcaption>");
    }
    body.append("<audio controls preload=\"metadata\" src=\"")
        .append(up)
        .append(escape(file.get().path()))
        .append("\"></audio>");
    String transcript = block.path("transcript").asText("");
    if (!transcript.isBlank()) {
      body.append("<details class=\"cp-transcript\"><summary>Transcript</summary><p>")
          .append(escape(transcript))
          .append("</p></details>");
    }
    body.append("</figure>\n");
  }

  private void video(JsonNode block) {
    Optional<CourseFiles.MediaFile> file = media(block.path("media"));
    String title = block.path("title").asText("");
    if (file.isEmpty()) {
      missing(title.isBlank() ? "A video" : "The video \u201c" + title + "\u201d");
      return;
    }
    Optional<CourseFiles.MediaFile> poster = media(block.path("poster"));
    Optional<CourseFiles.MediaFile> captions = media(block.path("captions"));
    body.append("<figure class=\"cp-video\"><video controls preload=\"metadata\" src=\"")
        .append(up)
        .append(escape(file.get().path()))
        .append('"');
    poster.ifPresent(
        p -> body.append(" poster=\"").append(up).append(escape(p.path())).append('"'));
    if (!title.isBlank()) {
      body.append(" title=\"").append(escape(title)).append('"');
    }
    body.append('>');
    captions.ifPresent(
        c ->
            body.append("<track kind=\"captions\" default src=\"")
                .append(up)
                .append(escape(c.path()))
                .append("\" srclang=\"")
                .append(escape(language))
                .append("\" label=\"Captions\">"));
    body.append("</video>");
    if (!title.isBlank()) {
      body.append("<figcaption>").append(escape(title)).append("</figcaption>");
    }
    body.append("</figure>\n");
  }

  private void embed(JsonNode block) {
    String url = block.path("url").asText("");
    String title = block.path("title").asText("");
    if (!httpsUrl(url)) {
      missing(
          title.isBlank() ? "An embedded player" : "The embedded player \u201c" + title + "\u201d");
      return;
    }
    String label = title.isBlank() ? "Embedded content" : title;
    body.append("<figure class=\"cp-embed\"><iframe src=\"")
        .append(escape(url))
        .append("\" title=\"")
        .append(escape(label))
        .append("\" loading=\"lazy\" allowfullscreen")
        .append(" referrerpolicy=\"strict-origin-when-cross-origin\"></iframe>")
        .append("<figcaption><a href=\"")
        .append(escape(url))
        .append("\" target=\"_blank\" rel=\"noopener noreferrer\">Open \u201c")
        .append(escape(label))
        .append("\u201d in a new window</a></figcaption></figure>\n");
  }

  /** Only absolute https URLs with a host (the provider allow list was applied on saving). */
  static boolean httpsUrl(String url) {
    try {
      URI uri = new URI(url);
      return "https".equalsIgnoreCase(uri.getScheme())
          && uri.getHost() != null
          && uri.getUserInfo() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private void callout(JsonNode block) {
    String variant = block.path("variant").asText("info").toLowerCase(Locale.ROOT);
    if (!VARIANTS.contains(variant)) {
      variant = "info";
    }
    body.append("<aside class=\"cp-callout cp-callout-")
        .append(variant)
        .append("\" role=\"note\" data-variant=\"")
        .append(variant)
        .append("\">");
    String title = block.path("title").asText("");
    if (!title.isBlank()) {
      body.append("<p class=\"cp-callout-title\">").append(escape(title)).append("</p>");
    }
    body.append("<p class=\"cp-callout-text\">")
        .append(escape(block.path("text").asText("")))
        .append("</p></aside>\n");
  }

  private void widget(JsonNode block) {
    String id = block.path("widget").asText("");
    Optional<CourseFiles.WidgetFiles> w = files.widget(id);
    if (w.isEmpty()) {
      missing("An interactive widget");
      return;
    }
    if (!usedWidgets.contains(w.get())) {
      usedWidgets.add(w.get());
    }
    usedFiles.add(w.get().script());
    if (w.get().style() != null) {
      usedFiles.add(w.get().style());
    }
    JsonNode config = block.path("config");
    String configJson;
    try {
      configJson = json.writeValueAsString(config.isObject() ? config : json.createObjectNode());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a widget's configuration", e);
    }
    body.append("<div class=\"cp-widget\" data-widget-id=\"")
        .append(escape(w.get().id()))
        .append("\" data-widget-type=\"")
        .append(escape(w.get().widgetType()))
        .append("\" data-config='")
        .append(escape(configJson))
        .append("'></div>\n");
  }

  private void quiz(JsonNode block, int lessonIndex, int quizIndex) {
    String quizId = lessonIndex + "-" + quizIndex;
    ObjectNode data = quizzes.addObject();
    data.put("id", quizId);
    data.put("lessonIndex", lessonIndex);
    if (block.path("passingScore").isNumber()) {
      data.set("passingScore", block.get("passingScore"));
    }
    ArrayNode questions = data.putArray("questions");
    body.append("<form class=\"cp-quiz\" data-quiz-id=\"").append(quizId).append("\">\n");
    String title = block.path("title").asText("");
    if (!title.isBlank()) {
      body.append("<h2 class=\"cp-quiz-title\">").append(escape(title)).append("</h2>\n");
    }
    int n = 0;
    for (JsonNode q : block.path("questions")) {
      n++;
      String qid = "l" + (lessonIndex + 1) + "q" + (quizIndex + 1) + "n" + n;
      question(q, qid, questions.addObject());
    }
    body.append("<button type=\"submit\" class=\"cp-quiz-submit\">Submit answers</button>\n");
    body.append("<p class=\"cp-quiz-result\" role=\"status\" aria-live=\"polite\" hidden></p>\n");
    body.append("</form>\n");
  }

  private void question(JsonNode q, String qid, ObjectNode data) {
    String type = q.path("type").asText("");
    String name = "q-" + qid;
    data.put("id", qid);
    data.put("type", type);
    data.set(
        "points",
        q.path("points").isNumber() ? q.get("points") : json.getNodeFactory().numberNode(1));
    if (q.hasNonNull("feedback")) {
      data.put("feedback", q.get("feedback").asText());
    }
    body.append("<fieldset class=\"cp-question\" data-question-id=\"")
        .append(qid)
        .append("\" data-type=\"")
        .append(escape(type))
        .append("\">\n<legend>")
        .append(escape(q.path("prompt").asText("")))
        .append("</legend>\n");
    switch (type) {
      case "multiple_choice", "multiple_answers" -> {
        String input = type.equals("multiple_choice") ? "radio" : "checkbox";
        ArrayNode correct = data.putArray("correct");
        ArrayNode choiceFeedback = data.putArray("choiceFeedback");
        int i = 0;
        for (JsonNode choice : q.path("choices")) {
          if (choice.path("correct").asBoolean(false)) {
            correct.add(i);
          }
          choiceFeedback.add(choice.path("feedback").asText(""));
          body.append("<label class=\"cp-choice\"><input type=\"")
              .append(input)
              .append("\" name=\"")
              .append(name)
              .append("\" value=\"")
              .append(i)
              .append("\"> ")
              .append(escape(choice.path("text").asText("")))
              .append("</label>\n");
          i++;
        }
      }
      case "true_false" -> {
        data.put("answer", q.path("answer").asBoolean());
        for (String v : List.of("true", "false")) {
          body.append("<label class=\"cp-choice\"><input type=\"radio\" name=\"")
              .append(name)
              .append("\" value=\"")
              .append(v)
              .append("\"> ")
              .append(v.equals("true") ? "True" : "False")
              .append("</label>\n");
        }
      }
      case "short_answer" -> {
        ArrayNode answers = data.putArray("answers");
        q.path("answers").forEach(a -> answers.add(a.asText()));
        data.put("caseSensitive", q.path("caseSensitive").asBoolean(false));
        body.append("<label class=\"cp-answer\">Answer <input type=\"text\" name=\"")
            .append(name)
            .append("\" autocomplete=\"off\" maxlength=\"1000\"></label>\n");
      }
      case "numeric" -> {
        data.set(
            "answer",
            q.path("answer").isNumber() ? q.get("answer") : json.getNodeFactory().numberNode(0));
        data.set(
            "tolerance",
            q.path("tolerance").isNumber()
                ? q.get("tolerance")
                : json.getNodeFactory().numberNode(0));
        body.append("<label class=\"cp-answer\">Answer <input type=\"number\" step=\"any\" name=\"")
            .append(name)
            .append("\"></label>\n");
      }
      default -> body.append("<p class=\"cp-notice\">This question type cannot be shown.</p>\n");
    }
    body.append("<p class=\"cp-feedback\" hidden></p>\n</fieldset>\n");
  }
}
