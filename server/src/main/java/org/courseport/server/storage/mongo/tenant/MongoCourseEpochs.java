package org.courseport.server.storage.mongo.tenant;

import static org.courseport.server.storage.mongo.tenant.TenantMapper.COURSE_EPOCH;
import static org.courseport.server.storage.mongo.tenant.TenantMapper.TENANT_ID;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.courseport.server.domain.course.CourseChanges;

/**
 * {@link CourseChanges} on the {@code apiKeys} collection: increments the course epoch ({@link
 * TenantMapper#COURSE_EPOCH}) of every key of the tenant, with the collection's write concern. Each
 * key document is updated atomically on its own; a key only validates cached views it authenticated
 * itself, so the keys need not change together.
 */
public final class MongoCourseEpochs implements CourseChanges {
  private final MongoCollection<Document> keys;

  public MongoCourseEpochs(MongoCollection<Document> keys) {
    this.keys = keys;
  }

  @Override
  public void changed(String tenantId) {
    keys.updateMany(Filters.eq(TENANT_ID, tenantId), Updates.inc(COURSE_EPOCH, 1L));
  }
}
