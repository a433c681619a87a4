package org.courseport.server.storage.mongo.course;

import static org.courseport.server.storage.mongo.support.DocumentValues.documents;
import static org.courseport.server.storage.mongo.support.DocumentValues.enumValue;
import static org.courseport.server.storage.mongo.support.DocumentValues.intValue;
import static org.courseport.server.storage.mongo.support.DocumentValues.name;
import static org.courseport.server.storage.mongo.support.DocumentValues.strings;

import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.domain.packaging.CourseMetadata;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.domain.packaging.PackageDescription;

/** Maps a {@link PackageDescription}, its activity tree and metadata to nested documents. */
final class PackageDescriptionMapper {
  /**
   * Deepest activity tree stored. Every tree level costs two BSON nesting levels (the activity and
   * its children array) and MongoDB refuses documents nested deeper than 100 levels.
   */
  static final int MAX_ACTIVITY_DEPTH = 40;

  private PackageDescriptionMapper() {}

  static Document toDocument(PackageDescription d) {
    if (d == null) {
      return null;
    }
    return new Document("standard", name(d.standard()))
        .append("packageFormat", d.packageFormat())
        .append("title", d.title())
        .append("description", d.description())
        .append("launchUrl", d.launchUrl())
        .append("scoCount", d.scoCount())
        .append("resourceCount", d.resourceCount())
        .append("rootActivity", activity(d.rootActivity(), 1))
        .append("metadata", metadata(d.metadata()))
        .append("languages", d.languages())
        .append("manifestFile", d.manifestFile())
        .append(
            "identity",
            new Document("identifier", d.identity().identifier())
                .append("schema", d.identity().schema())
                .append("schemaVersion", d.identity().schemaVersion()));
  }

  static PackageDescription fromDocument(Document doc) {
    if (doc == null) {
      return null;
    }
    return new PackageDescription(
        enumValue(LearningStandard.class, doc, "standard"),
        doc.getString("packageFormat"),
        doc.getString("title"),
        doc.getString("description"),
        doc.getString("launchUrl"),
        intValue(doc, "scoCount"),
        intValue(doc, "resourceCount"),
        activity(doc.get("rootActivity", Document.class)),
        metadata(doc.get("metadata", Document.class)),
        strings(doc, "languages"),
        doc.getString("manifestFile"),
        identity(doc.get("identity", Document.class)));
  }

  /** Versions stored before the identity was kept have none. */
  private static PackageDescription.ManifestIdentity identity(Document doc) {
    return doc == null
        ? PackageDescription.ManifestIdentity.NONE
        : new PackageDescription.ManifestIdentity(
            doc.getString("identifier"), doc.getString("schema"), doc.getString("schemaVersion"));
  }

  private static Document activity(Activity a, int depth) {
    if (a == null) {
      return null;
    }
    if (depth > MAX_ACTIVITY_DEPTH) {
      throw DomainException.invalid(
          "ACTIVITY_TREE_TOO_DEEP",
          "the activity tree is nested deeper than " + MAX_ACTIVITY_DEPTH + " levels");
    }
    List<Document> children = new ArrayList<>(a.children().size());
    for (Activity child : a.children()) {
      children.add(activity(child, depth + 1));
    }
    return new Document("itemIdentifier", a.itemIdentifier())
        .append("resourceIdentifier", a.resourceIdentifier())
        .append("type", name(a.type()))
        .append("href", a.href())
        .append("title", a.title())
        .append("scaledPassingScore", a.scaledPassingScore())
        .append("children", children);
  }

  private static Activity activity(Document doc) {
    if (doc == null) {
      return null;
    }
    List<Activity> children = new ArrayList<>();
    for (Document child : documents(doc, "children")) {
      children.add(activity(child));
    }
    return new Activity(
        doc.getString("itemIdentifier"),
        doc.getString("resourceIdentifier"),
        enumValue(ActivityType.class, doc, "type"),
        doc.getString("href"),
        doc.getString("title"),
        doc.getString("scaledPassingScore"),
        children);
  }

  private static Document metadata(CourseMetadata m) {
    if (m == null) {
      return null;
    }
    return new Document("title", m.title())
        .append("titleLanguage", m.titleLanguage())
        .append("description", m.description())
        .append("descriptionLanguage", m.descriptionLanguage())
        .append("duration", m.duration())
        .append("typicalTime", m.typicalTime())
        .append("keywords", m.keywords());
  }

  private static CourseMetadata metadata(Document doc) {
    if (doc == null) {
      return null;
    }
    return new CourseMetadata(
        doc.getString("title"),
        doc.getString("titleLanguage"),
        doc.getString("description"),
        doc.getString("descriptionLanguage"),
        doc.getString("duration"),
        doc.getString("typicalTime"),
        strings(doc, "keywords"));
  }
}
