package org.courseport.server.export.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.lessonexport.ExportSources;
import org.courseport.server.domain.lessonexport.ExportSources.PublishedLesson;
import org.courseport.server.domain.lessonexport.MediaDownloader;
import org.courseport.server.export.CourseSnapshot;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportRefusedException;
import org.courseport.server.export.LessonWebRenderer;

/**
 * Renders an authored course as web pages: {@code index.html} holding every lesson (single SCO) or
 * {@code lessons/{nn}-{slug}.html} per lesson (multi SCO), the shared {@code assets/} (style,
 * runtime and quiz scripts), {@code media/{uuid}.{ext}} and {@code widgets/{uuid}.js|.css}. The
 * same course renders to the same entries and bytes.
 */
public final class LessonRenderer implements LessonWebRenderer {

  /** The passing score when no quiz names one. */
  public static final int DEFAULT_MASTERY_SCORE = 80;

  private static final String RESOURCES = "/org/courseport/server/export/web/";

  private final ExportSources sources;
  private final MediaDownloader downloader;
  private final BlobStore blobs;
  private final ObjectMapper json =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /**
   * @param sources media and widgets (the lesson export's sources)
   * @param downloader external media, through the SSRF guard (as for the lesson export)
   * @param blobs where downloaded media land
   */
  public LessonRenderer(ExportSources sources, MediaDownloader downloader, BlobStore blobs) {
    this.sources = sources;
    this.downloader = downloader;
    this.blobs = blobs;
  }

  @Override
  public RenderedCourse render(CourseSnapshot course, RenderOptions options, String root) {
    if (root == null || !(root.isEmpty() || root.endsWith("/")) || root.startsWith("/")) {
      throw new IllegalArgumentException("root must be empty or a folder ending in /: " + root);
    }
    if (!course.authored()) {
      throw new ExportRefusedException(
          "The course '"
              + course.title()
              + "' was imported from a package, not authored from"
              + " lessons: it cannot be rendered as lesson pages.");
    }
    List<LessonPage.Lesson> lessons = lessons(course, options.multiSco());
    if (lessons.isEmpty()) {
      throw new ExportRefusedException(
          "The course '" + course.title() + "' has no published lessons to export.");
    }
    int mastery = masteryScore(lessons);
    CourseFiles files = new CourseFiles(sources, downloader, blobs, course.tenantId(), root);
    List<ExportEntry> pages = new ArrayList<>();
    List<Launch> launches = new ArrayList<>();
    if (options.multiSco()) {
      for (LessonPage.Lesson l : lessons) {
        LessonPage page = page(files, course, options, mastery, lessons, "../");
        String html = page.render(List.of(l), l.title() + " \u2013 " + course.title(), l.href());
        pages.add(ExportEntry.text(root + l.href(), html));
        launches.add(launch("lesson-" + (l.index() + 1), l.title(), root, l.href(), page));
      }
    } else {
      LessonPage page = page(files, course, options, mastery, lessons, "");
      pages.add(ExportEntry.text(root + "index.html", page.render(lessons, course.title(), null)));
      launches.add(launch("course", course.title(), root, "index.html", page));
    }
    List<ExportEntry> entries = new ArrayList<>(pages);
    List<String> shared = new ArrayList<>();
    for (String asset : List.of(LessonPage.RUNTIME_JS, LessonPage.QUIZ_JS, LessonPage.CSS)) {
      entries.add(ExportEntry.bytes(root + asset, resource(asset), true));
      shared.add(root + asset);
    }
    entries.addAll(files.mediaEntries());
    entries.addAll(files.widgetEntries());
    return new RenderedCourse(entries, launches, shared, mastery, files.complete());
  }

  private LessonPage page(
      CourseFiles files,
      CourseSnapshot course,
      RenderOptions options,
      int mastery,
      List<LessonPage.Lesson> lessons,
      String up) {
    return new LessonPage(
        json, files, course.title(), course.languageId(), options.runtime(), mastery, lessons, up);
  }

  private static Launch launch(
      String identifier, String title, String root, String href, LessonPage page) {
    List<String> own = new ArrayList<>();
    own.add(root + href);
    page.usedFiles().forEach(f -> own.add(root + f));
    return new Launch(identifier, title, root + href, own);
  }

  private List<LessonPage.Lesson> lessons(CourseSnapshot course, boolean multiSco) {
    List<LessonPage.Lesson> lessons = new ArrayList<>();
    for (CourseSnapshot.Module module : course.modules()) {
      for (PublishedLesson lesson : module.lessons()) {
        int index = lessons.size();
        String slug = safeSlug(lesson.slug());
        String href =
            multiSco
                ? String.format(Locale.ROOT, "lessons/%02d-%s.html", index + 1, slug)
                : "index.html";
        lessons.add(
            new LessonPage.Lesson(
                index, module.title(), lesson.title(), slug, href, content(lesson)));
      }
    }
    return lessons;
  }

  private JsonNode content(PublishedLesson lesson) {
    try {
      JsonNode root = lesson.content() == null ? null : json.readTree(lesson.content());
      if (root != null && root.isObject() && root.path("blocks").isArray()) {
        return root;
      }
    } catch (JsonProcessingException e) {
      // reported below
    }
    throw new ExportRefusedException(
        "The lesson '"
            + lesson.title()
            + "' has content that is not a lesson document (a JSON"
            + " object with a blocks array); publish it again before exporting.");
  }

  /** The lowest passing score of the course's quizzes; the default when none names one. */
  static int masteryScore(List<LessonPage.Lesson> lessons) {
    boolean quiz = false;
    BigDecimal lowest = null;
    for (LessonPage.Lesson l : lessons) {
      for (JsonNode block : l.content().path("blocks")) {
        if ("quiz".equals(block.path("type").asText())) {
          quiz = true;
          JsonNode passing = block.path("passingScore");
          if (passing.isNumber()) {
            BigDecimal p = passing.decimalValue();
            lowest = lowest == null || p.compareTo(lowest) < 0 ? p : lowest;
          }
        }
      }
    }
    if (!quiz) {
      return -1;
    }
    if (lowest == null) {
      return DEFAULT_MASTERY_SCORE;
    }
    // A fractional passing score rounds up: the learner must reach at least what was asked.
    int score = lowest.setScale(0, java.math.RoundingMode.CEILING).intValue();
    return Math.max(0, Math.min(100, score));
  }

  private static byte[] resource(String asset) {
    String name = asset.substring(asset.lastIndexOf('/') + 1);
    try (InputStream in = LessonRenderer.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("The bundled " + name + " is missing from the build");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String safeSlug(String slug) {
    String s = slug == null ? "" : slug.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-");
    s = s.replaceAll("^-+|-+$", "");
    if (s.length() > 60) {
      s = s.substring(0, 60).replaceAll("-+$", "");
    }
    return s.isEmpty() ? "lesson" : s;
  }
}
