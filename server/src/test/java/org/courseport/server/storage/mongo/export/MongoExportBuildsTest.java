package org.courseport.server.storage.mongo.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.core.ExportBuilds.Build;
import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The build records on the embedded MongoDB (H2 backend). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MongoExportBuildsTest {
  static final Instant AT = Instant.parse("2026-04-28T17:15:42.123Z");
  static final String KEY = "a".repeat(64);

  EmbeddedTestMongo mongo;
  MongoStore store;
  MongoExportBuilds builds;

  @BeforeAll
  void start() throws Exception {
    mongo = EmbeddedTestMongo.start();
    store = new MongoStore(mongo.connectionString());
    builds = new MongoExportBuilds(store.database());
  }

  @AfterAll
  void stop() throws Exception {
    store.close();
    mongo.close();
  }

  @BeforeEach
  void empty() {
    // Emptied, indexes kept.
    store.database().getCollection(MongoExportBuilds.COLLECTION).deleteMany(new Document());
  }

  static Build build(String tenant, String key, String blob, String... courses) {
    return new Build(
        tenant,
        key,
        blob,
        blob,
        1234,
        "course-scorm12.zip",
        ExportFormat.SCORM2004_4TH,
        AT,
        List.of(courses));
  }

  @Test
  void aRecordedBuild_roundTrips_andIsFoundOnlyByItsTenantAndKey() {
    Build b = build("t1", KEY, "blob1", "c1");

    assertThat(builds.record(b)).isEqualTo(b);

    assertThat(builds.find("t1", KEY)).contains(b);
    assertThat(builds.find("t2", KEY)).isEmpty();
    assertThat(builds.find("t1", "b".repeat(64))).isEmpty();
  }

  @Test
  void theCollection_hasAUniqueIndexOnTenantAndKey() {
    List<Document> indexes =
        store
            .database()
            .getCollection(MongoExportBuilds.COLLECTION)
            .listIndexes()
            .into(new ArrayList<>());
    Document index =
        indexes.stream().filter(i -> "tenantId_key".equals(i.getString("name"))).findFirst().get();
    assertThat(index.get("key", Document.class).keySet()).containsExactly("tenantId", "key");
    assertThat(index.getBoolean("unique")).isTrue();
  }

  @Test
  void anEqualBuildRecordedSecond_keepsTheFirst_andAddsItsCourse() {
    Build first = build("t1", KEY, "blob1", "c1");
    builds.record(first);

    Build kept = builds.record(build("t1", KEY, "blob2", "c2"));

    assertThat(kept.blobId()).isEqualTo("blob1");
    assertThat(kept.courseIds()).containsExactly("c1", "c2");
    assertThat(store.database().getCollection(MongoExportBuilds.COLLECTION).countDocuments())
        .isEqualTo(1);
    // Another tenant's build with the same key is its own.
    assertThat(builds.record(build("t2", KEY, "blob3", "c1")).blobId()).isEqualTo("blob3");
  }

  @Test
  void attach_addsACourseOnce_andFailsWhenTheBuildIsGone() {
    builds.record(build("t1", KEY, "blob1", "c1"));

    assertThat(builds.attach("t1", KEY, "c2")).isTrue();
    assertThat(builds.attach("t1", KEY, "c2")).isTrue();
    assertThat(builds.attach("t1", "b".repeat(64), "c2")).isFalse();
    assertThat(builds.attach("t2", KEY, "c2")).isFalse();

    assertThat(builds.find("t1", KEY).get().courseIds()).containsExactly("c1", "c2");
  }

  @Test
  void detachCourse_deletesOnlyTheBuildsNoOtherCourseLists() {
    String shared = "b".repeat(64);
    builds.record(build("t1", KEY, "blob1", "c1"));
    builds.record(build("t1", shared, "blob2", "c1", "c2"));
    builds.record(build("t2", "c".repeat(64), "blob3", "c1"));

    List<Build> deleted = builds.detachCourse("t1", "c1");

    assertThat(deleted).extracting(Build::blobId).containsExactly("blob1");
    assertThat(builds.find("t1", KEY)).isEmpty();
    assertThat(builds.find("t1", shared).get().courseIds()).containsExactly("c2");
    assertThat(builds.find("t2", "c".repeat(64))).isPresent();
    assertThat(builds.detachCourse("t1", "c1")).isEmpty();
  }

  @Test
  void isBlobReferenced_looksAtEveryTenant() {
    builds.record(build("t2", KEY, "blob1", "c1"));

    assertThat(builds.isBlobReferenced("blob1")).isTrue();
    assertThat(builds.isBlobReferenced("blob2")).isFalse();
    builds.detachCourse("t2", "c1");
    assertThat(builds.isBlobReferenced("blob1")).isFalse();
  }
}
