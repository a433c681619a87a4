package org.courseport.server.packaging.xapi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.domain.packaging.CourseMetadata;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.packaging.archive.PackageArchive;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.FormatResult;
import org.courseport.server.packaging.support.PackageFormat;
import org.courseport.server.packaging.xml.LangText;
import org.courseport.server.packaging.xml.XmlDocument;
import org.courseport.server.packaging.xml.XmlDocumentLoader;
import org.courseport.server.packaging.xml.XmlElement;

/**
 * Inspects xAPI (Tin Can) packages described by {@code tincan.xml}: the course activity gives the
 * title, activities with a {@code <launch>} become launchable activities, objectives objectives.
 */
public final class TincanInspector {
  private final XmlDocumentLoader loader;

  public TincanInspector(XmlDocumentLoader loader) {
    this.loader = loader;
  }

  /** Inspects the package whose tincan.xml is {@code entry}. */
  public FormatResult inspect(PackageArchive archive, ArchiveEntry entry, Findings findings) {
    Optional<XmlDocument> doc = loader.load(archive, entry, findings);
    if (doc.isEmpty()) {
      return FormatResult.unrecognised();
    }
    XmlElement root = doc.get().root();
    List<XmlElement> activities =
        root.child("activities").map(a -> a.children("activity")).orElse(List.of());
    if (!root.localName().equals("tincan") || activities.isEmpty()) {
      findings.error(
          "manifest.root",
          entry.path(),
          root.line(),
          root.qName(),
          entry.path()
              + " is not a Tin Can package description: expected <tincan><activities><activity>");
      return FormatResult.unrecognised();
    }
    XmlElement course =
        activities.stream()
            .filter(a -> a.attr("type").endsWith("/course"))
            .findFirst()
            .orElse(activities.get(0));
    Activity tree = tree(course, activities, entry.path(), findings);
    new TincanChecks(archive, entry.path(), findings).check(activities);
    return new FormatResult(
        PackageFormat.XAPI, describe(course, tree, activities, entry.path()), List.of());
  }

  private static Activity tree(
      XmlElement course, List<XmlElement> activities, String file, Findings findings) {
    List<Activity> children = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (XmlElement a : activities) {
      String id = a.attr("id").trim();
      if (!id.isEmpty() && !ids.add(id)) {
        findings.warning(
            "xapi.activity.duplicate",
            file,
            a.line(),
            a.qName(),
            "The activity id '" + id + "' appears twice in " + file);
      }
      String name = name(a, id);
      String launch = a.childText("launch");
      if (!launch.isEmpty()) {
        children.add(new Activity(id, id, ActivityType.SCO, launch, name, "", List.of()));
      } else if (a.attr("type").endsWith("/objective")) {
        children.add(new Activity(id, id, ActivityType.OBJECTIVE, "", name, "", List.of()));
      }
    }
    String courseId = course.attr("id").trim();
    return new Activity(
        courseId, "", ActivityType.AGGREGATION, "", name(course, courseId), "", children);
  }

  private static String name(XmlElement activity, String fallback) {
    String name = activity.child("name").map(LangText::of).map(LangText::text).orElse("");
    return name.isEmpty() ? fallback : name;
  }

  private static PackageDescription describe(
      XmlElement course, Activity tree, List<XmlElement> activities, String file) {
    LangText title = course.child("name").map(LangText::of).orElse(new LangText("", ""));
    LangText description =
        course.child("description").map(LangText::of).orElse(new LangText("", ""));
    Set<String> languages = new LinkedHashSet<>();
    course.children().stream()
        .map(LangText::languageOf)
        .filter(l -> !l.isEmpty())
        .forEach(languages::add);
    int launchable = tree.countOf(ActivityType.SCO);
    String launch =
        tree.children().stream()
            .filter(a -> a.type() == ActivityType.SCO)
            .map(Activity::href)
            .findFirst()
            .orElse("");
    return new PackageDescription(
        PackageFormat.XAPI.standard(),
        PackageFormat.XAPI.id(),
        tree.title(),
        description.text(),
        launch,
        launchable,
        activities.size(),
        tree,
        new CourseMetadata(
            tree.title(),
            title.language(),
            description.text(),
            description.language(),
            "",
            "",
            List.of()),
        List.copyOf(languages),
        file);
  }
}
