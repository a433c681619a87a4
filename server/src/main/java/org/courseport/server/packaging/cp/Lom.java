package org.courseport.server.packaging.cp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.courseport.server.domain.packaging.CourseMetadata;
import org.courseport.server.packaging.xml.LangText;
import org.courseport.server.packaging.xml.XmlElement;

/**
 * The parts of a LOM record the course metadata needs, read from IEEE LOM (SCORM 2004, CC) or IMS
 * MD 1.2 (SCORM 1.2) alike: element names compared ignoring case and namespace.
 */
record Lom(
    LangText title,
    LangText description,
    List<String> keywords,
    List<String> languages,
    String duration,
    String typicalTime) {

  static final Lom EMPTY =
      new Lom(new LangText("", ""), new LangText("", ""), List.of(), List.of(), "", "");

  static Lom read(XmlElement lom) {
    Optional<XmlElement> general = lom.childIgnoreCase("general");
    LangText title = general.flatMap(g -> LangText.child(g, "title")).orElse(EMPTY.title);
    LangText description =
        general.flatMap(g -> LangText.child(g, "description")).orElse(EMPTY.description);
    List<String> keywords = new ArrayList<>();
    Set<String> languages = new LinkedHashSet<>();
    general.ifPresent(
        g -> {
          g.childrenIgnoreCase("keyword").stream()
              .map(LangText::of)
              .map(LangText::text)
              .filter(k -> !k.isEmpty())
              .forEach(keywords::add);
          g.childrenIgnoreCase("language").stream()
              .map(XmlElement::text)
              .filter(LangText::isRealLanguage)
              .forEach(languages::add);
        });
    String duration = lom.childIgnoreCase("technical").map(t -> timeOf(t, "duration")).orElse("");
    String typical =
        lom.childIgnoreCase("educational").map(e -> timeOf(e, "typicalLearningTime")).orElse("");
    return new Lom(title, description, keywords, List.copyOf(languages), duration, typical);
  }

  /** LOM 2004 nests {@code <duration>}, IMS MD 1.2 nests {@code <datetime>}. */
  private static String timeOf(XmlElement parent, String name) {
    return parent
        .childIgnoreCase(name)
        .map(
            t ->
                t.childIgnoreCase("duration")
                    .or(() -> t.childIgnoreCase("datetime"))
                    .map(XmlElement::text)
                    .orElse(t.text()))
        .orElse("");
  }

  /** This LOM merged over {@code fallback}: values of this record win where present. */
  Lom or(Lom fallback) {
    return new Lom(
        title.text().isEmpty() ? fallback.title : title,
        description.text().isEmpty() ? fallback.description : description,
        keywords.isEmpty() ? fallback.keywords : keywords,
        languages.isEmpty() ? fallback.languages : languages,
        duration.isEmpty() ? fallback.duration : duration,
        typicalTime.isEmpty() ? fallback.typicalTime : typicalTime);
  }

  CourseMetadata toMetadata(String courseTitle) {
    boolean ownTitle = !title.text().isEmpty();
    return new CourseMetadata(
        ownTitle ? title.text() : courseTitle,
        ownTitle ? title.language() : "",
        description.text(),
        description.language(),
        duration,
        typicalTime,
        keywords);
  }
}
