package org.courseport.server.storage.mongo.lesson;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.regex;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.util.UUID;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.courseport.server.domain.media.MediaReferences;

/**
 * {@link MediaReferences} over the lessons: a media item is referenced while a lesson's draft or
 * any published version of the tenant names it as {@code media:<uuid>}. Published versions are
 * immutable and exported later, so their media must stay.
 */
public final class MongoLessonMediaReferences implements MediaReferences {
  private final MongoCollection<Document> lessons;
  private final MongoCollection<Document> versions;

  public MongoLessonMediaReferences(MongoDatabase database) {
    this.lessons = database.getCollection(MongoLessonRepository.LESSONS);
    this.versions = database.getCollection(MongoLessonRepository.VERSIONS);
  }

  @Override
  public boolean isReferenced(String tenantId, UUID mediaId) {
    Bson filter =
        and(
            eq(MongoLessonRepository.TENANT, tenantId),
            regex(
                MongoLessonRepository.CONTENT,
                Pattern.compile(Pattern.quote("media:" + mediaId), Pattern.CASE_INSENSITIVE)));
    return lessons.find(filter).limit(1).first() != null
        || versions.find(filter).limit(1).first() != null;
  }
}
