package org.courseport.server.export.scorm;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.courseport.server.domain.lessonexport.ExportSources.PublishedLesson;
import org.courseport.server.export.CourseSnapshot;

/** Authored courses for the writer tests. */
public final class AuthoredCourses {
  private AuthoredCourses() {}

  /** A quiz with one question of every type, passing score 70. */
  public static final String QUIZ_LESSON =
      """
      {"blocks":[
        {"type":"heading","text":"Check yourself"},
        {"type":"quiz","title":"Safety check","passingScore":70,"questions":[
          {"type":"multiple_choice","prompt":"Which colour means stop?","points":2,
           "choices":[{"text":"Green"},{"text":"Red","correct":true},{"text":"Blue & <white>"}]},
          {"type":"multiple_answers","prompt":"Which are primes?","points":3,
           "choices":[{"text":"2","correct":true},{"text":"4"},{"text":"5","correct":true}]},
          {"type":"true_false","prompt":"The earth is round.","points":1,"answer":true},
          {"type":"short_answer","prompt":"Capital of France?","points":1,
           "answers":["Paris","paris city"],"caseSensitive":false},
          {"type":"numeric","prompt":"Pi to two decimals?","points":1,"answer":3.14,"tolerance":0.005}
        ]}
      ]}
      """;

  /** A published lesson with ids and slug derived from {@code n}, version 1 of 2026-01-01. */
  public static PublishedLesson lesson(int n, String title, String content) {
    return new PublishedLesson(
        new UUID(0, n),
        new UUID(1, n),
        title,
        "lesson-" + n,
        1,
        Instant.parse("2026-01-01T00:00:00Z"),
        content);
  }

  static String text(String words) {
    return "{\"blocks\":[{\"type\":\"text\",\"html\":\"<p>" + words + "</p>\"}]}";
  }

  /** Two modules, three lessons, a quiz in the third. */
  public static CourseSnapshot course() {
    return new CourseSnapshot(
        "t1",
        "c0ffee00-0000-4000-8000-000000000001",
        0,
        "Road Safety & You",
        "Learn the rules <of> the road.",
        "en-US",
        List.of(
            new CourseSnapshot.Module(
                "Basics",
                List.of(lesson(1, "Signs", text("Signs")), lesson(2, "Lights", text("Lights")))),
            new CourseSnapshot.Module("Test", List.of(lesson(3, "Final quiz", QUIZ_LESSON)))),
        null);
  }

  /** A course whose lessons have no quiz. */
  public static CourseSnapshot withoutQuiz() {
    return new CourseSnapshot(
        "t1",
        "course-2",
        0,
        "Reading only",
        "",
        "fr-FR",
        List.of(new CourseSnapshot.Module("Only", List.of(lesson(1, "Intro", text("Bonjour"))))),
        null);
  }

  /** A course with modules but no lessons. */
  public static CourseSnapshot empty() {
    return new CourseSnapshot(
        "t1",
        "course-3",
        0,
        "Nothing yet",
        "",
        "en-US",
        List.of(new CourseSnapshot.Module("Empty", List.of())),
        null);
  }
}
