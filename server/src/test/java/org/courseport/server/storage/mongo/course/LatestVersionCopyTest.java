package org.courseport.server.storage.mongo.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import org.bson.Document;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.catalog.CourseCatalog;
import org.courseport.server.domain.course.CommitOutcome;
import org.courseport.server.domain.course.Course;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.course.CourseView;
import org.courseport.server.domain.course.VersionReservation;
import org.courseport.server.storage.blob.GridFsBlobStore;
import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.job.MongoImportJobRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The copy of the latest version that a course record keeps ({@code latest}): the latest view of a
 * course is one {@code find}, and it stays exactly what the two reads (course, then version) give
 * after each import of a new version, a title change, a tag change, a version delete, a course
 * delete, and when the copy is missing or stale (written by a repository that keeps none).
 */
class LatestVersionCopyTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final String T = "t1";
  private static final String C = "golf";

  private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
  private EmbeddedTestMongo mongo;
  private MongoClient client;
  private MongoDatabase database;
  private MongoCourseRepository courses;
  private MongoCourseVersionRepository versions;
  private CourseCatalog catalog;
  private int jobs;

  @BeforeEach
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
    database = client.getDatabase("latestcopy");
    courses =
        new MongoCourseRepository(
            database.getCollection("courses"), database.getCollection("courseVersions"));
    versions = new MongoCourseVersionRepository(database.getCollection("courseVersions"));
    courses.createIndexes();
    versions.createIndexes();
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    catalog =
        new CourseCatalog(
            courses,
            versions,
            new MongoImportJobRepository(database.getCollection("importJobs")),
            new GridFsBlobStore(database, clock),
            List.of(),
            clock);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    mongo.close();
  }

  /** An import as ImportRunner makes it: reserve, record the version, commit. */
  private CourseVersion importVersion(MongoCourseRepository repo, String title) {
    String job = "job" + (++jobs);
    VersionReservation r = repo.reserveVersion(T, C, job, T0);
    CourseVersion v =
        withTitle(
            VersionFixtures.version(
                T, C, r.version(), Integer.toHexString(r.version() + 1).repeat(64)),
            title);
    versions.record(v, job);
    assertThat(repo.commitVersion(T, C, r, title, false, T0.plusSeconds(r.version())))
        .isEqualTo(CommitOutcome.COMMITTED);
    repo.importEnded(T, C, job);
    return v;
  }

  private static CourseVersion withTitle(CourseVersion v, String title) {
    return new CourseVersion(
        v.tenantId(),
        v.courseId(),
        v.version(),
        title,
        v.blobId(),
        v.packageSize(),
        v.fileName(),
        v.description(),
        v.report(),
        v.created(),
        v.updated());
  }

  /** The latest view, asserted to be one find and equal to what the two separate reads give. */
  private CourseView oneReadView() {
    commands.clear();
    CourseView view = catalog.view(T, C, OptionalInt.empty());
    assertThat(commands).containsExactly("find");
    assertTwoReadsAgree(view);
    return view;
  }

  private void assertTwoReadsAgree(CourseView view) {
    Course course = courses.find(T, C).orElseThrow();
    assertThat(view.course()).isEqualTo(course);
    assertThat(view.version()).isEqualTo(versions.find(T, C, course.latestVersion()).orElseThrow());
  }

  @Test
  void eachImportOfANewVersionIsTheCopy() {
    CourseVersion v0 = importVersion(courses, "Golf 0");
    assertThat(oneReadView().version()).isEqualTo(v0);
    CourseVersion v1 = importVersion(courses, "Golf 1");
    CourseView view = oneReadView();
    assertThat(view.version()).isEqualTo(v1);
    assertThat(view.course().latestVersion()).isEqualTo(1);
    assertThat(view.course().title()).isEqualTo("Golf 1");
  }

  @Test
  void aTitleChangeIsInTheCopy() {
    importVersion(courses, "Golf 0");
    importVersion(courses, "Golf 1");
    catalog.setTitle(T, C, "Renamed");
    CourseView view = oneReadView();
    assertThat(view.version().title()).isEqualTo("Renamed");
    assertThat(view.version().updated()).isEqualTo(T0);
    assertThat(view.course().title()).isEqualTo("Renamed");
  }

  @Test
  void aTagChangeIsSeenAndKeepsTheCopy() {
    CourseVersion v0 = importVersion(courses, "Golf 0");
    catalog.replaceTags(T, C, List.of("sport", "outdoor"));
    CourseView view = oneReadView();
    assertThat(view.course().tags()).containsExactlyInAnyOrder("sport", "outdoor");
    assertThat(view.version()).isEqualTo(v0);
  }

  @Test
  void deletingTheLatestVersionMakesTheOneBelowTheCopy() {
    CourseVersion v0 = importVersion(courses, "Golf 0");
    importVersion(courses, "Golf 1");
    catalog.deleteVersion(T, C, 1);
    CourseView view = oneReadView();
    assertThat(view.version()).isEqualTo(v0);
    assertThat(view.course().latestVersion()).isZero();
    assertThat(view.course().title()).isEqualTo("Golf 0");
  }

  @Test
  void deletingAnOlderVersionKeepsTheLatestCopy() {
    importVersion(courses, "Golf 0");
    CourseVersion v1 = importVersion(courses, "Golf 1");
    catalog.deleteVersion(T, C, 0);
    assertThat(oneReadView().version()).isEqualTo(v1);
  }

  @Test
  void aDeletedCourseIsNotFound() {
    importVersion(courses, "Golf 0");
    catalog.deleteCourse(T, C);
    assertThatThrownBy(() -> catalog.view(T, C, OptionalInt.empty()))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.reason()).isEqualTo("COURSE_NOT_FOUND"));
    assertThat(database.getCollection("courses").find(Filters.eq("courseId", C)).first())
        .satisfiesAnyOf(
            doc -> assertThat(doc).isNull(), doc -> assertThat(doc).doesNotContainKey("latest"));
  }

  @Test
  void aRecordWithoutCopyIsReadInTwoFinds() {
    CourseVersion v0 = importVersion(courses, "Golf 0");
    database
        .getCollection("courses")
        .updateOne(Filters.eq("courseId", C), Updates.unset(CourseMapper.LATEST));
    commands.clear();
    CourseView view = catalog.view(T, C, OptionalInt.empty());
    assertThat(commands).containsExactly("find", "find");
    assertThat(view.version()).isEqualTo(v0);
    assertTwoReadsAgree(view);
  }

  @Test
  void aRepositoryKeepingNoCopyRemovesItSoThatNoStaleCopyIsRead() {
    importVersion(courses, "Golf 0");
    MongoCourseRepository withoutCopies =
        new MongoCourseRepository(database.getCollection("courses"));
    CourseVersion v1 = importVersion(withoutCopies, "Golf 1");
    Document record = database.getCollection("courses").find(Filters.eq("courseId", C)).first();
    assertThat(record).doesNotContainKey(CourseMapper.LATEST);
    commands.clear();
    CourseView view = catalog.view(T, C, OptionalInt.empty());
    assertThat(commands).containsExactly("find", "find");
    assertThat(view.version()).isEqualTo(v1);
  }

  @Test
  void aCopyOfAnotherVersionThanLatestIsNotUsed() {
    importVersion(courses, "Golf 0");
    CourseVersion v1 = importVersion(courses, "Golf 1");
    // As an older replica (no copies) would leave it after lowering latestVersion by hand.
    database
        .getCollection("courses")
        .updateOne(Filters.eq("courseId", C), Updates.set(CourseMapper.LATEST + ".version", 0));
    commands.clear();
    CourseView view = catalog.view(T, C, OptionalInt.empty());
    assertThat(commands).containsExactly("find", "find");
    assertThat(view.version()).isEqualTo(v1);
  }

  @Test
  void otherReadsDoNotCarryTheCopy() {
    importVersion(courses, "Golf 0");
    commands.clear();
    assertThat(courses.find(T, C)).isPresent();
    assertThat(database.getCollection("courses").find(Filters.eq("courseId", C)).first())
        .containsKey(CourseMapper.LATEST);
  }
}
