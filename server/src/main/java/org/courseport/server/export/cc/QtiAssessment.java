package org.courseport.server.export.cc;

import java.math.BigDecimal;
import java.util.List;
import org.courseport.server.export.scorm.CourseQuizzes.Choice;
import org.courseport.server.export.scorm.CourseQuizzes.Question;
import org.courseport.server.export.scorm.CourseQuizzes.Quiz;
import org.courseport.server.export.scorm.Names;
import org.courseport.server.export.scorm.XmlWriter;

/**
 * Writes one quiz as a QTI 1.2 {@code questestinterop} assessment, in one of two profiles:
 *
 * <ul>
 *   <li>{@link Profile#COMMON_CARTRIDGE}: the Common Cartridge QTI profile (valid against {@code
 *       ccv1p1_qtiasiv1p2p1_v1p0.xsd}): {@code cc_profile} metadata per item; conditions only
 *       {@code varequal}, {@code and}, {@code not}, {@code other}. A numeric question becomes a
 *       fill-in-the-blank ({@code cc.fib.v0p1}) accepting the exact answer: the profile has no
 *       numeric comparison, so a tolerance is not carried.
 *   <li>{@link Profile#CANVAS}: plain QTI 1.2 as Canvas's own QTI export writes it (valid against
 *       {@code ims_qtiasiv1p2.xsd}): Canvas's {@code question_type} and {@code points_possible}
 *       item metadata; a numeric question is a {@code numerical_question} accepting answer ±
 *       tolerance ({@code vargte}/{@code varlte}).
 * </ul>
 *
 * Every item scores {@code SCORE} 0–100; a question's points are its {@code cc_weighting} / {@code
 * points_possible}. Item idents are the question ids of the rendered pages.
 */
public final class QtiAssessment {
  static final String NAMESPACE = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2";

  /** Which flavour of QTI 1.2 to write. */
  public enum Profile {
    COMMON_CARTRIDGE,
    CANVAS
  }

  private QtiAssessment() {}

  /** The assessment document. */
  public static String write(Quiz quiz, Profile profile) {
    boolean cc = profile == Profile.COMMON_CARTRIDGE;
    XmlWriter xml = new XmlWriter();
    xml.start(
        "questestinterop",
        "xmlns",
        NAMESPACE,
        "xmlns:xsi",
        "http://www.w3.org/2001/XMLSchema-instance",
        "xsi:schemaLocation",
        cc
            ? NAMESPACE + " http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_qtiasiv1p2p1_v1p0.xsd"
            : NAMESPACE + " http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd");
    xml.start("assessment", "ident", quiz.identifier(), "title", quiz.title());
    xml.start("qtimetadata");
    if (cc) {
      field(xml, "cc_profile", "cc.exam.v0p1");
      field(xml, "qmd_assessmenttype", "Examination");
      field(xml, "qmd_scoretype", "Percentage");
    } else if (quiz.passingScore() >= 0) {
      field(xml, "passing_score", Names.decimal(quiz.passingScore()));
    }
    field(xml, "cc_maxattempts", "unlimited");
    xml.end();
    xml.start("section", "ident", "root_section");
    int n = 0;
    for (Question question : quiz.questions()) {
      n++;
      item(xml, question, n, cc);
    }
    xml.end().end().end();
    return xml.toString();
  }

  private static void item(XmlWriter xml, Question q, int n, boolean cc) {
    xml.start("item", "ident", q.id(), "title", "Question " + n);
    xml.start("itemmetadata").start("qtimetadata");
    if (cc) {
      field(xml, "cc_profile", ccProfile(q.type()));
      field(xml, "cc_weighting", Names.decimal(q.points()));
    } else {
      field(xml, "question_type", canvasType(q.type()));
      field(xml, "points_possible", Names.decimal(q.points()));
    }
    xml.end().end();
    xml.start("presentation");
    material(xml, q.prompt());
    switch (q.type()) {
      case "multiple_choice", "multiple_answers" -> {
        boolean single = q.type().equals("multiple_choice");
        xml.start(
            "response_lid", "ident", "response1", "rcardinality", single ? "Single" : "Multiple");
        xml.start("render_choice");
        for (int i = 0; i < q.choices().size(); i++) {
          xml.start("response_label", "ident", Integer.toString(i));
          material(xml, q.choices().get(i).text());
          xml.end();
        }
        xml.end().end();
      }
      case "true_false" -> {
        xml.start("response_lid", "ident", "response1", "rcardinality", "Single");
        xml.start("render_choice");
        xml.start("response_label", "ident", "true");
        material(xml, "True");
        xml.end();
        xml.start("response_label", "ident", "false");
        material(xml, "False");
        xml.end();
        xml.end().end();
      }
      case "short_answer", "numeric" -> {
        xml.start("response_str", "ident", "response1", "rcardinality", "Single");
        xml.start(
            "render_fib",
            "fibtype",
            q.type().equals("numeric") ? "Decimal" : "String",
            "rows",
            "1",
            "columns",
            "40");
        xml.empty("response_label", "ident", "answer1", "rshuffle", "No");
        xml.end().end();
      }
      default -> throw new IllegalStateException("unknown question type " + q.type());
    }
    xml.end();
    resprocessing(xml, q, cc);
    feedback(xml, q);
    xml.end();
  }

  private static void resprocessing(XmlWriter xml, Question q, boolean cc) {
    xml.start("resprocessing");
    xml.start("outcomes")
        .empty(
            "decvar", "varname", "SCORE", "vartype", "Decimal", "minvalue", "0", "maxvalue", "100")
        .end();
    if (!q.feedback().isBlank()) {
      xml.start("respcondition", "continue", "Yes");
      xml.start("conditionvar").empty("other").end();
      xml.empty("displayfeedback", "feedbacktype", "Response", "linkrefid", "general_fb");
      xml.end();
    }
    switch (q.type()) {
      case "multiple_choice" -> {
        for (int i = 0; i < q.choices().size(); i++) {
          Choice c = q.choices().get(i);
          if (!c.feedback().isBlank()) {
            xml.start("respcondition", "continue", "Yes");
            xml.start("conditionvar")
                .element("varequal", Integer.toString(i), "respident", "response1")
                .end();
            xml.empty("displayfeedback", "feedbacktype", "Response", "linkrefid", i + "_fb");
            xml.end();
          }
        }
        for (int i = 0; i < q.choices().size(); i++) {
          if (q.choices().get(i).correct()) {
            String index = Integer.toString(i);
            correct(xml, () -> equal(xml, index, null));
          }
        }
      }
      case "multiple_answers" ->
          correct(
              xml,
              () -> {
                xml.start("and");
                for (int i = 0; i < q.choices().size(); i++) {
                  if (q.choices().get(i).correct()) {
                    equal(xml, Integer.toString(i), null);
                  } else {
                    xml.start("not");
                    equal(xml, Integer.toString(i), null);
                    xml.end();
                  }
                }
                xml.end();
              });
      case "true_false" -> correct(xml, () -> equal(xml, Boolean.toString(q.answer()), null));
      case "short_answer" -> {
        for (String answer : q.answers()) {
          correct(xml, () -> equal(xml, answer, q.caseSensitive()));
        }
      }
      case "numeric" -> {
        BigDecimal answer = BigDecimal.valueOf(q.number());
        if (cc || q.tolerance() <= 0) {
          correct(xml, () -> equal(xml, plain(answer), null));
        } else {
          BigDecimal tolerance = BigDecimal.valueOf(q.tolerance());
          correct(
              xml,
              () -> {
                xml.start("or");
                equal(xml, plain(answer), null);
                xml.start("and");
                xml.element("vargte", plain(answer.subtract(tolerance)), "respident", "response1");
                xml.element("varlte", plain(answer.add(tolerance)), "respident", "response1");
                xml.end().end();
              });
        }
      }
      default -> throw new IllegalStateException("unknown question type " + q.type());
    }
    xml.end();
  }

  private static void correct(XmlWriter xml, Runnable condition) {
    xml.start("respcondition", "continue", "No");
    xml.start("conditionvar");
    condition.run();
    xml.end();
    xml.element("setvar", "100", "varname", "SCORE", "action", "Set");
    xml.end();
  }

  /** A {@code varequal}; {@code caseSensitive} null leaves the attribute out (idents, numbers). */
  private static void equal(XmlWriter xml, String value, Boolean caseSensitive) {
    xml.element(
        "varequal",
        value,
        "respident",
        "response1",
        "case",
        caseSensitive == null ? null : caseSensitive ? "Yes" : "No");
  }

  private static void feedback(XmlWriter xml, Question q) {
    if (!q.feedback().isBlank()) {
      xml.start("itemfeedback", "ident", "general_fb");
      xml.start("flow_mat");
      material(xml, q.feedback());
      xml.end().end();
    }
    if (q.type().equals("multiple_choice")) {
      List<Choice> choices = q.choices();
      for (int i = 0; i < choices.size(); i++) {
        if (!choices.get(i).feedback().isBlank()) {
          xml.start("itemfeedback", "ident", i + "_fb");
          xml.start("flow_mat");
          material(xml, choices.get(i).feedback());
          xml.end().end();
        }
      }
    }
  }

  private static void material(XmlWriter xml, String text) {
    xml.start("material").element("mattext", text, "texttype", "text/plain").end();
  }

  private static void field(XmlWriter xml, String label, String entry) {
    xml.start("qtimetadatafield").element("fieldlabel", label).element("fieldentry", entry).end();
  }

  private static String plain(BigDecimal d) {
    String s = d.stripTrailingZeros().toPlainString();
    return d.signum() == 0 ? "0" : s;
  }

  /** The Common Cartridge profile of a question type. */
  static String ccProfile(String type) {
    return switch (type) {
      case "multiple_choice" -> "cc.multiple_choice.v0p1";
      case "multiple_answers" -> "cc.multiple_response.v0p1";
      case "true_false" -> "cc.true_false.v0p1";
      case "short_answer", "numeric" -> "cc.fib.v0p1";
      default -> throw new IllegalStateException("unknown question type " + type);
    };
  }

  /** Canvas's question type of a question type. */
  static String canvasType(String type) {
    return switch (type) {
      case "multiple_choice" -> "multiple_choice_question";
      case "multiple_answers" -> "multiple_answers_question";
      case "true_false" -> "true_false_question";
      case "short_answer" -> "short_answer_question";
      case "numeric" -> "numerical_question";
      default -> throw new IllegalStateException("unknown question type " + type);
    };
  }
}
