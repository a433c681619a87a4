package org.courseport.server.storage.mongo.course;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.courseport.server.domain.catalog.CourseCatalog;
import org.courseport.server.domain.course.Course;
import org.courseport.server.domain.course.CourseQuery;
import org.courseport.server.domain.course.CourseView;
import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.launch.MongoLaunchSessions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A GetCourses page costs the same number of MongoDB commands whatever its size: one {@code find}
 * for the page of courses and one for all their latest versions, counted by a {@link
 * CommandListener} on the client the repositories use. And the page still shows each course in its
 * latest version, in the page's order, for the right tenant only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CourseListingRoundTripsTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final CourseQuery NEWEST_FIRST =
      new CourseQuery(
          null,
          null,
          CourseQuery.DateField.UPDATED,
          List.of(),
          null,
          CourseQuery.FilterField.COURSE_ID,
          CourseQuery.Order.CREATED_DESC);

  private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
  private EmbeddedTestMongo mongo;
  private MongoClient client;
  private MongoDatabase database;
  private MongoCourseRepository courses;
  private MongoCourseVersionRepository versions;
  private CourseCatalog catalog;

  @BeforeAll
  void start() throws Exception {
    mongo = EmbeddedTestMongo.start();
    CommandListener counter =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            commands.add(event.getCommandName());
          }
        };
    client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongo.connectionString()))
                .addCommandListener(counter)
                .build());
    database = client.getDatabase("listing");
    courses = new MongoCourseRepository(database.getCollection("courses"));
    versions = new MongoCourseVersionRepository(database.getCollection("courseVersions"));
    courses.createIndexes();
    versions.createIndexes();
    // The listing reads only courses and versions; jobs and blobs are for deletes.
    catalog =
        new CourseCatalog(
            courses, versions, null, null, List.of(), Clock.fixed(T0, ZoneOffset.UTC));
    seed();
  }

  @AfterAll
  void stop() throws Exception {
    client.close();
    mongo.close();
  }

  private void seed() {
    // 150 courses in t1 and the same ids in t2. Every third course's latest version is 1 although a
    // version 2 exists too (as while an import records it): the listing must show version 1.
    for (String tenant : List.of("t1", "t2")) {
      for (int c = 0; c < 150; c++) {
        int latest = c % 3 == 0 ? 1 : 2;
        Instant created = T0.plusSeconds(c);
        courses.insert(
            new Course(
                tenant,
                "c" + c,
                tenant + " " + c,
                List.of(),
                created,
                created,
                latest,
                latest + 1));
        for (int v = 0; v <= 2; v++) {
          versions.insert(
              VersionFixtures.version(tenant, "c" + c, v, Integer.toHexString(v + 1).repeat(64)));
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 10, 101, 150})
  void aPageIsTwoFindsWhateverItsSize(int limit) {
    commands.clear();
    List<CourseView> page = catalog.list("t1", NEWEST_FIRST, 0, limit);

    assertThat(commands).containsExactly("find", "find");
    assertThat(page).hasSize(limit);
    for (int i = 0; i < limit; i++) {
      CourseView view = page.get(i);
      int c = 149 - i;
      assertThat(view.course().courseId()).isEqualTo("c" + c);
      assertThat(view.course().tenantId()).isEqualTo("t1");
      assertThat(view.version().tenantId()).isEqualTo("t1");
      assertThat(view.version().courseId()).isEqualTo("c" + c);
      assertThat(view.version().version()).isEqualTo(c % 3 == 0 ? 1 : 2);
    }
  }

  @Test
  void aLaterPageIsTwoFindsAndContinuesTheOrder() {
    commands.clear();
    List<CourseView> page = catalog.list("t1", NEWEST_FIRST, 140, 101);

    assertThat(commands).containsExactly("find", "find");
    assertThat(page)
        .extracting(v -> v.course().courseId() + "@" + v.version().version())
        .containsExactly(
            "c9@1", "c8@2", "c7@2", "c6@1", "c5@2", "c4@2", "c3@1", "c2@2", "c1@2", "c0@1");
  }

  @Test
  void anEmptyPageIsOneFind() {
    commands.clear();

    assertThat(catalog.list("t3", NEWEST_FIRST, 0, 100)).isEmpty();
    assertThat(commands).containsExactly("find");
  }

  @Test
  void aCourseWhoseLatestVersionVanishedIsLeftOut() {
    // In t2 only: the other tests list t1.
    database
        .getCollection("courseVersions")
        .deleteOne(new Document("tenantId", "t2").append("courseId", "c148").append("version", 2));

    List<CourseView> page = catalog.list("t2", NEWEST_FIRST, 0, 3);

    assertThat(page)
        .extracting(v -> v.course().courseId() + "@" + v.version().version())
        .containsExactly("c149@2", "c147@1");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 10, 150})
  void aPagesRegistrationCountsAreOneAggregateWhateverItsSize(int limit) {
    MongoLaunchSessions sessions = new MongoLaunchSessions(database);
    List<String> ids =
        catalog.list("t1", NEWEST_FIRST, 0, limit).stream()
            .map(v -> v.course().courseId())
            .toList();

    var raw = database.getCollection(MongoLaunchSessions.COLLECTION);
    raw.deleteMany(new Document());
    for (String tenant : List.of("t1", "t2")) {
      for (int s = 0; s < 3; s++) {
        raw.insertOne(session(tenant, "c149", s % 2, "s" + s));
      }
      raw.insertOne(session(tenant, "c0", 1, "s0"));
    }

    commands.clear();
    Map<String, Long> counts = sessions.countEach("t1", ids);

    assertThat(commands).containsExactly("aggregate");
    // The newest course c149 is on every page; the oldest, c0, only on the page of all 150.
    assertThat(counts).isEqualTo(limit == 150 ? Map.of("c149", 3L, "c0", 1L) : Map.of("c149", 3L));
  }

  /** The fields of a stored launch session that the registration count reads. */
  private static Document session(String tenant, String course, int version, String id) {
    return new Document("tenantId", tenant)
        .append("courseId", course)
        .append("sessionId", id)
        .append("version", version);
  }
}
