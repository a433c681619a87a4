package org.courseport.server.export.scorm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.courseport.server.domain.lessonexport.ExportSources.PublishedLesson;
import org.courseport.server.export.CourseSnapshot;

/**
 * The quizzes of an authored course, read from the published lesson content (quiz blocks of
 * docs/lesson-content.schema.json), numbered as the rendered pages number them: question ids are
 * {@code l{L}q{Q}n{N}} with L the 1-based course-wide lesson number, Q the quiz number in the
 * lesson and N the question number.
 */
public final class CourseQuizzes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CourseQuizzes() {}

  /** A quiz block. */
  public record Quiz(
      int lessonNumber,
      int quizNumber,
      String lessonTitle,
      String title,
      double passingScore,
      List<Question> questions) {
    public Quiz {
      questions = List.copyOf(questions);
    }

    /** A manifest-safe identifier, e.g. {@code QUIZ-L2-Q1}. */
    public String identifier() {
      return "QUIZ-L" + lessonNumber + "-Q" + quizNumber;
    }

    /** Total points of its questions. */
    public double points() {
      return questions.stream().mapToDouble(Question::points).sum();
    }
  }

  /**
   * A question.
   *
   * @param type multiple_choice, multiple_answers, true_false, short_answer or numeric
   * @param choices the choices of the choice types, else empty
   * @param answer true_false: the correct answer
   * @param answers short_answer: the accepted answers
   * @param number numeric: the correct value
   * @param tolerance numeric: accepted distance from {@code number}
   */
  public record Question(
      String id,
      String type,
      String prompt,
      double points,
      String feedback,
      List<Choice> choices,
      boolean answer,
      List<String> answers,
      boolean caseSensitive,
      double number,
      double tolerance) {
    public Question {
      choices = List.copyOf(choices);
      answers = List.copyOf(answers);
    }
  }

  /** A choice of a choice question. */
  public record Choice(String text, boolean correct, String feedback) {}

  /** Every quiz of the course, in course order. */
  public static List<Quiz> of(CourseSnapshot course) {
    List<Quiz> quizzes = new ArrayList<>();
    int lessonNumber = 0;
    for (CourseSnapshot.Module module : course.modules()) {
      for (PublishedLesson lesson : module.lessons()) {
        lessonNumber++;
        quizzes.addAll(of(lesson, lessonNumber));
      }
    }
    return quizzes;
  }

  /** The quizzes of one lesson, {@code lessonNumber} being its 1-based course-wide position. */
  public static List<Quiz> of(PublishedLesson lesson, int lessonNumber) {
    JsonNode root;
    try {
      root = JSON.readTree(lesson.content() == null ? "{}" : lesson.content());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "published content of lesson " + lesson.lessonId() + " is not JSON", e);
    }
    List<Quiz> quizzes = new ArrayList<>();
    int quizNumber = 0;
    for (JsonNode block : root.path("blocks")) {
      if (!block.path("type").asText().equals("quiz")) {
        continue;
      }
      quizNumber++;
      List<Question> questions = new ArrayList<>();
      int n = 0;
      for (JsonNode q : block.path("questions")) {
        n++;
        questions.add(question(q, "l" + lessonNumber + "q" + quizNumber + "n" + n));
      }
      String title = block.path("title").asText("");
      if (title.isBlank()) {
        title = lesson.title() + (quizNumber > 1 ? " – quiz " + quizNumber : " – quiz");
      }
      double passing = block.has("passingScore") ? block.path("passingScore").asDouble() : -1;
      quizzes.add(
          new Quiz(lessonNumber, quizNumber, lesson.title(), title.strip(), passing, questions));
    }
    return quizzes;
  }

  private static Question question(JsonNode q, String id) {
    List<Choice> choices = new ArrayList<>();
    for (JsonNode c : q.path("choices")) {
      choices.add(
          new Choice(
              c.path("text").asText(""),
              c.path("correct").asBoolean(false),
              c.path("feedback").asText("")));
    }
    List<String> answers = new ArrayList<>();
    if (q.path("answers").isArray()) {
      q.path("answers").forEach(a -> answers.add(a.asText("")));
    }
    return new Question(
        id,
        q.path("type").asText(""),
        q.path("prompt").asText(""),
        q.path("points").asDouble(0),
        q.path("feedback").asText(""),
        choices,
        q.path("answer").asBoolean(false),
        answers,
        q.path("caseSensitive").asBoolean(false),
        q.path("answer").asDouble(0),
        q.path("tolerance").asDouble(0));
  }
}
