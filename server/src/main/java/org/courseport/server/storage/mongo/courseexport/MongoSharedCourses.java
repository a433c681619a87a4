package org.courseport.server.storage.mongo.courseexport;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import java.util.Optional;
import org.bson.Document;
import org.courseport.server.domain.courseexport.SharedCourses;
import org.courseport.server.storage.mongo.MongoStore;

/**
 * {@link SharedCourses} on the course documents: those flagged {@code authored: true} by course
 * authoring, whatever their tenant.
 */
public final class MongoSharedCourses implements SharedCourses {
  private final MongoCollection<Document> courses;

  public MongoSharedCourses(MongoDatabase database) {
    this.courses = database.getCollection(MongoStore.COURSES);
  }

  @Override
  public Optional<String> authoredTitle(String courseId) {
    Document doc =
        courses
            .find(and(eq("courseId", courseId), eq("authored", true)))
            .sort(Sorts.ascending("created"))
            .first();
    return Optional.ofNullable(doc).map(d -> d.getString("title"));
  }
}
