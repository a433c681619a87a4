package org.courseport.server.storage.mongo.course;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.courseport.server.domain.course.Course;
import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.storage.mongo.MongoStoreContractTest;
import org.courseport.server.storage.mongo.TestMongo;
import org.junit.jupiter.api.Test;

/**
 * The lookups of GetCourse (a course, then one of its versions) are plain equality documents on
 * exactly the fields of the collections' unique indexes: the embedded store answers only such a
 * filter from an index and scans the whole collection for an {@code $and} (the form {@code
 * Filters.and} renders). And they still find the right record among many tenants and courses.
 */
class IndexedCourseLookupsTest extends MongoStoreContractTest {
  @Override
  protected TestMongo startMongo() throws Exception {
    return EmbeddedTestMongo.start();
  }

  @Test
  void courseLookup_isAnEqualityOnExactlyTheUniqueIndexFields() {
    BsonDocument filter = rendered(MongoCourseRepository.key("t1", "golf"));

    assertThat(filter)
        .isEqualTo(
            new BsonDocument("tenantId", new BsonString("t1"))
                .append("courseId", new BsonString("golf")));
    assertThat(filter.keySet())
        .isEqualTo(uniqueIndexFields(MongoStore.COURSES, "tenantId_courseId_unique"));
  }

  @Test
  void versionLookup_isAnEqualityOnExactlyTheUniqueIndexFields() {
    BsonDocument filter = rendered(MongoCourseVersionRepository.key("t1", "golf", 3));

    assertThat(filter)
        .isEqualTo(
            new BsonDocument("tenantId", new BsonString("t1"))
                .append("courseId", new BsonString("golf"))
                .append("version", new BsonInt32(3)));
    assertThat(filter.keySet())
        .isEqualTo(
            uniqueIndexFields(MongoStore.COURSE_VERSIONS, "tenantId_courseId_version_unique"));
  }

  @Test
  void lookupsFindTheRightRecordAmongManyTenantsCoursesAndVersions() {
    List<Course> inserted = new ArrayList<>();
    for (String tenant : List.of("t1", "t2")) {
      for (int c = 0; c < 20; c++) {
        Course course =
            new Course(
                tenant,
                "c" + c,
                tenant + " course " + c,
                List.of(),
                MongoCourseRepositoryContractTest.T0,
                MongoCourseRepositoryContractTest.T0,
                -1,
                0);
        store.courses().insert(course);
        inserted.add(course);
        for (int v = 0; v < 3; v++) {
          store
              .versions()
              .insert(
                  VersionFixtures.version(
                      tenant, "c" + c, v, Integer.toHexString(v + 1).repeat(64)));
        }
      }
    }

    for (Course course : inserted) {
      assertThat(store.courses().find(course.tenantId(), course.courseId())).contains(course);
    }
    var found = store.versions().find("t2", "c7", 2).orElseThrow();
    assertThat(List.of(found.tenantId(), found.courseId(), found.version()))
        .containsExactly("t2", "c7", 2);
    assertThat(found.blobId()).isEqualTo("3".repeat(64));
    assertThat(store.versions().find("t1", "c7", 3)).isEmpty();
    assertThat(store.courses().find("t3", "c7")).isEmpty();
  }

  private static BsonDocument rendered(Bson filter) {
    return filter.toBsonDocument(
        BsonDocument.class, com.mongodb.MongoClientSettings.getDefaultCodecRegistry());
  }

  private Set<String> uniqueIndexFields(String collection, String name) {
    for (Document index : store.database().getCollection(collection).listIndexes()) {
      if (name.equals(index.getString("name"))) {
        assertThat(index.getBoolean("unique")).as("index %s is unique", name).isTrue();
        return index.get("key", Document.class).keySet();
      }
    }
    throw new AssertionError("no index " + name + " on " + collection);
  }
}
