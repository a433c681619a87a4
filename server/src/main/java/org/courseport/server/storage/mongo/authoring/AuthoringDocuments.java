package org.courseport.server.storage.mongo.authoring;

import static org.courseport.server.storage.mongo.support.DocumentValues.documents;
import static org.courseport.server.storage.mongo.support.DocumentValues.intValue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.courseport.server.domain.authoring.AuthoredModule;

/** Maps the modules of an authored course to and from BSON. */
final class AuthoringDocuments {
  private AuthoringDocuments() {}

  static List<Document> modules(List<AuthoredModule> modules) {
    List<Document> out = new ArrayList<>();
    for (AuthoredModule m : modules) {
      List<Document> lessons = new ArrayList<>();
      for (AuthoredModule.Lesson l : m.lessons()) {
        lessons.add(
            new Document("lessonId", l.lessonId().toString())
                .append("versionId", l.versionId().toString())
                .append("title", l.title())
                .append("versionNumber", l.versionNumber()));
      }
      out.add(new Document("title", m.title()).append("lessons", lessons));
    }
    return out;
  }

  static List<AuthoredModule> modules(Document doc, String key) {
    List<AuthoredModule> out = new ArrayList<>();
    for (Document m : documents(doc, key)) {
      List<AuthoredModule.Lesson> lessons = new ArrayList<>();
      for (Document l : documents(m, "lessons")) {
        lessons.add(
            new AuthoredModule.Lesson(
                UUID.fromString(l.getString("lessonId")),
                UUID.fromString(l.getString("versionId")),
                l.getString("title"),
                intValue(l, "versionNumber")));
      }
      out.add(new AuthoredModule(m.getString("title"), lessons));
    }
    return out;
  }
}
