package org.courseport.server.export.scorm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.courseport.server.domain.lessonexport.ExportSources.PublishedLesson;
import org.courseport.server.export.CourseSnapshot;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.LessonWebRenderer;

/**
 * A small stand-in for the web engineer's renderer, in the contract's shape: {@code index.html}
 * (single) or {@code lessons/{nn}-{slug}.html} per lesson (multi), a shared script and style, one
 * PNG per lesson (stored, not deflated), the lowest quiz passing score as mastery score.
 */
public final class SimpleLessonRenderer implements LessonWebRenderer {
  /** What the renderings report as {@link RenderedCourse#complete()}. */
  public volatile boolean complete = true;

  static final byte[] PNG = {
    (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0, 'I', 'E', 'N', 'D'
  };

  public RenderOptions lastOptions;

  @Override
  public RenderedCourse render(CourseSnapshot course, RenderOptions options, String root) {
    lastOptions = options;
    List<PublishedLesson> lessons =
        course.modules().stream().flatMap(m -> m.lessons().stream()).toList();
    List<ExportEntry> entries = new ArrayList<>();
    List<Launch> launches = new ArrayList<>();
    List<String> shared = List.of(root + "assets/courseport.js", root + "assets/courseport.css");
    StringBuilder single = new StringBuilder("<!doctype html><html><body>");
    List<ExportEntry> media = new ArrayList<>();
    List<String> allMedia = new ArrayList<>();
    for (int i = 0; i < lessons.size(); i++) {
      PublishedLesson lesson = lessons.get(i);
      String nn = String.format("%02d", i + 1);
      String png = root + "media/lesson-" + nn + ".png";
      media.add(ExportEntry.bytes(png, PNG, false));
      allMedia.add(png);
      String section =
          "<section class=\"cp-lesson\" data-lesson-index=\""
              + i
              + "\"><h1>"
              + lesson.title()
              + "</h1><img src=\"media/lesson-"
              + nn
              + ".png\"></section>";
      if (options.multiSco()) {
        String page = root + "lessons/" + nn + "-" + Names.slug(lesson.slug()) + ".html";
        entries.add(
            ExportEntry.text(
                page,
                "<!doctype html><html><body runtime=\"" + options.runtime() + "\">" + section));
        launches.add(new Launch("lesson-" + (i + 1), lesson.title(), page, List.of(page, png)));
      } else {
        single.append(section);
      }
    }
    if (!options.multiSco()) {
      entries.add(
          ExportEntry.text(root + "index.html", single.append("</body></html>").toString()));
      List<String> files = new ArrayList<>(List.of(root + "index.html"));
      files.addAll(allMedia);
      launches.add(new Launch("course", course.title(), root + "index.html", files));
    }
    entries.add(
        ExportEntry.bytes(
            root + "assets/courseport.js",
            ("// runtime " + options.runtime()).getBytes(StandardCharsets.UTF_8),
            true));
    entries.add(ExportEntry.text(root + "assets/courseport.css", ".cp-lesson{}"));
    entries.addAll(media);
    List<CourseQuizzes.Quiz> quizzes = CourseQuizzes.of(course);
    int mastery =
        quizzes.isEmpty()
            ? -1
            : (int)
                quizzes.stream()
                    .mapToDouble(q -> q.passingScore() >= 0 ? q.passingScore() : 80)
                    .min()
                    .orElse(80);
    return new RenderedCourse(entries, launches, shared, mastery, complete);
  }
}
