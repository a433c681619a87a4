package org.courseport.server.packaging.cmi5;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.Scores;
import org.courseport.server.packaging.xml.LangText;
import org.courseport.server.packaging.xml.XmlElement;

/**
 * Reads a cmi5 course structure into an activity tree (course and blocks as aggregations, AUs as
 * SCOs) and checks its identifiers: present, IRIs, unique per kind and across kinds.
 */
final class Cmi5StructureReader {
  /** An AU as the URL checks need it. */
  record Au(String id, String url, XmlElement element) {}

  private final String file;
  private final Findings findings;
  private final Map<String, String> kindById = new HashMap<>();
  private final List<Au> aus = new ArrayList<>();
  private final List<XmlElement> objectiveReferences = new ArrayList<>();

  Cmi5StructureReader(String file, Findings findings) {
    this.file = file;
    this.findings = findings;
  }

  /** The tree rooted at the course; {@code course} is the course element. */
  Activity read(XmlElement root, XmlElement course) {
    String id = identify(course, "course");
    root.child("objectives")
        .ifPresent(
            o -> o.children("objective").forEach(objective -> identify(objective, "objective")));
    Activity tree =
        new Activity(id, "", ActivityType.AGGREGATION, "", title(course, id), "", children(root));
    objectiveReferences.forEach(this::requireObjective);
    return tree;
  }

  private void requireObjective(XmlElement ref) {
    String idref = ref.attr("idref").trim();
    if (!"objective".equals(kindById.get(idref))) {
      findings.error(
          "cmi5.objective.unresolved",
          file,
          ref.line(),
          ref.qName(),
          "The objective"
              + " reference '"
              + idref
              + "' names no objective of the course structure's"
              + " <objectives>");
    }
  }

  List<Au> aus() {
    return aus;
  }

  private List<Activity> children(XmlElement parent) {
    List<Activity> children = new ArrayList<>();
    for (XmlElement e : parent.children()) {
      if (e.localName().equals("block")) {
        String id = identify(e, "block");
        children.add(
            new Activity(id, "", ActivityType.AGGREGATION, "", title(e, id), "", children(e)));
      } else if (e.localName().equals("au")) {
        children.add(au(e));
      }
    }
    return children;
  }

  private Activity au(XmlElement e) {
    String id = identify(e, "au");
    String url = e.childText("url");
    aus.add(new Au(id, url, e));
    return new Activity(id, id, ActivityType.SCO, url, title(e, id), masteryScore(e), List.of());
  }

  private String identify(XmlElement e, String kind) {
    String id = e.attr("id").trim();
    if (!Cmi5Urls.isIri(id)) {
      error(
          "cmi5.id.invalid",
          e,
          "The %s at line %d %s; cmi5 ids must be IRIs such as" + " https://example.com/course/1",
          kind,
          e.line(),
          id.isEmpty() ? "has no id" : "has the id '" + id + "', which is not an absolute IRI");
    }
    String earlier = id.isEmpty() ? null : kindById.putIfAbsent(id, kind);
    if (earlier != null) {
      boolean same = earlier.equals(kind);
      error(
          same ? "cmi5." + kind + ".duplicate" : "cmi5.id.duplicate",
          e,
          "The %s id '%s' is" + " already used by %s%s; every id in cmi5.xml must be unique",
          kind,
          id,
          same ? "another " : "a ",
          earlier);
    }
    if (!kind.equals("course") && !kind.equals("objective")) {
      e.child("objectives").ifPresent(o -> objectiveReferences.addAll(o.children("objective")));
    }
    return id;
  }

  private void error(String rule, XmlElement e, String format, Object... args) {
    findings.error(rule, file, e.line(), e.qName(), String.format(format, args));
  }

  private String title(XmlElement e, String fallback) {
    Optional<LangText> title = e.child("title").map(LangText::of);
    if (title.isEmpty() || title.get().text().isEmpty()) {
      findings.warning(
          "cmi5.title.missing",
          file,
          e.line(),
          e.qName(),
          "The " + e.localName() + " '" + fallback + "' has no title; its id is shown instead");
      return fallback;
    }
    return title.get().text();
  }

  private String masteryScore(XmlElement au) {
    String raw = au.attr("masteryScore").trim();
    if (raw.isEmpty()) {
      return "";
    }
    Optional<String> scaled = Scores.scaled(raw, BigDecimal.ONE);
    if (scaled.isEmpty()) {
      findings.warning(
          "cmi5.masteryscore.invalid",
          file,
          au.line(),
          au.qName(),
          "masteryScore=\"" + raw + "\" is not a decimal between 0 and 1; ignored");
    }
    return scaled.orElse("");
  }
}
