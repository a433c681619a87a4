package org.courseport.server.export;

import java.util.List;

/**
 * Renders an authored course's lessons as self-contained web pages: HTML, the shared script and
 * style, the quiz logic, media and widget files, all inside the package (no CDN). Used by the SCORM
 * writer (with the LMS runtime) and by the Common Cartridge and zip writers (without it).
 *
 * <p>The DOM the pages produce is a contract that the browser tests drive (see {@code
 * docs/course-export.md}, "Launch page"): {@code section.cp-lesson[data-lesson-index]} per lesson,
 * {@code #cp-prev}/{@code #cp-next} navigation, {@code form.cp-quiz} with {@code
 * fieldset.cp-question[data-question-id]} and inputs named {@code q-{questionId}}, {@code
 * button.cp-quiz-submit}, {@code .cp-quiz-result}.
 */
public interface LessonWebRenderer {

  /**
   * Renders the course under {@code root} (empty for the zip's root, else a folder ending in /).
   */
  RenderedCourse render(CourseSnapshot course, RenderOptions options, String root);

  /** Which LMS runtime the pages talk to. */
  enum Runtime {
    /** No LMS: plain web pages (Common Cartridge, zip). */
    NONE,
    /** SCORM 1.2 {@code API}. */
    SCORM12,
    /** SCORM 2004 {@code API_1484_11}. */
    SCORM2004
  }

  /**
   * @param runtime the LMS API the pages look for
   * @param multiSco one launch page per lesson (each its own SCO) instead of one page for all
   */
  record RenderOptions(Runtime runtime, boolean multiSco) {}

  /**
   * What was rendered.
   *
   * @param entries every file, in a deterministic order (pages, scripts, styles, media, widgets)
   * @param launches the launch pages: one for a single-SCO rendering, one per lesson otherwise, in
   *     course order
   * @param sharedFiles paths of files every launch uses (scripts, styles)
   * @param masteryScore the passing score in percent (0–100) the runtime applies to the course's
   *     quizzes, or -1 when the course has no quiz
   * @param complete false when a media or widget could not be included (the page shows a notice
   *     instead) or a media was fetched from outside (external media): a later rendering of the
   *     same course may differ
   */
  record RenderedCourse(
      List<ExportEntry> entries,
      List<Launch> launches,
      List<String> sharedFiles,
      int masteryScore,
      boolean complete) {

    /** A complete rendering. */
    public RenderedCourse(
        List<ExportEntry> entries,
        List<Launch> launches,
        List<String> sharedFiles,
        int masteryScore) {
      this(entries, launches, sharedFiles, masteryScore, true);
    }

    public RenderedCourse {
      entries = List.copyOf(entries);
      launches = List.copyOf(launches);
      sharedFiles = List.copyOf(sharedFiles);
    }
  }

  /**
   * One launch page.
   *
   * @param identifier a manifest-safe identifier, e.g. {@code lesson-3}
   * @param title the title (the course's for a single SCO, the lesson's otherwise)
   * @param href the page's path inside the zip
   * @param files the page's own files (its HTML, media, widget files) beyond the shared ones
   */
  record Launch(String identifier, String title, String href, List<String> files) {
    public Launch {
      files = List.copyOf(files);
    }
  }
}
