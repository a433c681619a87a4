package org.courseport.server.storage.mongo.authoring;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.courseport.server.storage.mongo.support.DocumentValues.date;
import static org.courseport.server.storage.mongo.support.DocumentValues.instant;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import java.util.Optional;
import org.bson.Document;
import org.courseport.server.domain.authoring.AuthoredCourseRecords;
import org.courseport.server.storage.mongo.MongoStore;

/**
 * The authored flag and structure on the course documents themselves ({@code courses} collection):
 * {@code authored: true} and an {@code authoring} sub-document. The course mapper ignores both, so
 * the SCORM Cloud and Allure reads see an ordinary course.
 */
public final class MongoAuthoredCourseRecords implements AuthoredCourseRecords {
  static final String AUTHORED = "authored";
  static final String AUTHORING = "authoring";

  private final MongoCollection<Document> courses;

  public MongoAuthoredCourseRecords(MongoDatabase database) {
    this.courses = database.getCollection(MongoStore.COURSES);
  }

  @Override
  public void markAuthored(String tenantId, String courseId, Authored a) {
    Document authoring =
        new Document("jobId", a.jobId())
            .append("headline", a.headline())
            .append("format", a.format())
            .append("languageId", a.languageId())
            .append("created", date(a.created()))
            .append("modules", AuthoringDocuments.modules(a.modules()));
    courses.updateOne(
        and(eq("tenantId", tenantId), eq("courseId", courseId)),
        Updates.combine(Updates.set(AUTHORED, true), Updates.set(AUTHORING, authoring)));
  }

  @Override
  public Optional<Authored> find(String tenantId, String courseId) {
    Document doc =
        courses
            .find(and(eq("tenantId", tenantId), eq("courseId", courseId), eq(AUTHORED, true)))
            .first();
    if (doc == null || !(doc.get(AUTHORING) instanceof Document a)) {
      return Optional.empty();
    }
    return Optional.of(
        new Authored(
            a.getString("jobId"),
            a.getString("headline"),
            a.getString("format"),
            a.getString("languageId"),
            instant(a, "created"),
            AuthoringDocuments.modules(a, "modules")));
  }
}
