package org.courseport.server.storage.mongo.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.course.CommitOutcome;
import org.courseport.server.domain.course.Course;
import org.courseport.server.domain.course.CourseRepository;
import org.courseport.server.domain.course.VersionReservation;
import org.courseport.server.storage.mongo.MongoStoreContractTest;
import org.junit.jupiter.api.Test;

/** Contract of {@link MongoCourseRepository}: storage, uniqueness, atomic updates, isolation. */
abstract class MongoCourseRepositoryContractTest extends MongoStoreContractTest {
  static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123Z");

  CourseRepository courses() {
    return store.courses();
  }

  static Course course(String tenantId, String courseId) {
    return new Course(tenantId, courseId, "Title " + courseId, List.of("a", "b"), T0, T0, -1, 0);
  }

  @Test
  void insertedCourseIsFoundUnchanged() {
    Course course = course("t1", "c1");
    courses().insert(course);

    assertThat(courses().find("t1", "c1")).contains(course);
  }

  @Test
  void secondCourseWithSameIdIsRefusedAsCourseExists() {
    courses().insert(course("t1", "c1"));

    assertThatThrownBy(() -> courses().insert(course("t1", "c1")))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(DomainException.Kind.ALREADY_EXISTS);
              assertThat(e.reason()).isEqualTo("COURSE_EXISTS");
            });
  }

  @Test
  void sameCourseIdInAnotherTenantIsAnotherCourse() {
    courses().insert(course("t1", "c1"));
    courses().insert(course("t2", "c1"));

    courses().setTitle("t2", "c1", "Other", T0.plusSeconds(1));

    assertThat(courses().find("t1", "c1").orElseThrow().title()).isEqualTo("Title c1");
    assertThat(courses().find("t2", "c1").orElseThrow().title()).isEqualTo("Other");
  }

  @Test
  void otherTenantCannotSeeChangeOrDeleteACourse() {
    courses().insert(visible("t1", "c1"));

    assertThat(courses().find("t2", "c1")).isEmpty();
    assertThat(courses().setTitle("t2", "c1", "x", T0)).isFalse();
    assertThat(courses().addTags("t2", "c1", List.of("x"), T0)).isFalse();
    assertThat(courses().delete("t2", "c1", T0)).isEmpty();
    assertThat(courses().find("t1", "c1")).contains(visible("t1", "c1"));
  }

  static Course visible(String tenantId, String courseId) {
    return new Course(tenantId, courseId, "Title " + courseId, List.of("a", "b"), T0, T0, 0, 1);
  }

  @Test
  void reserveVersionCreatesAnInvisiblePlaceholderAndHandsOutConsecutiveNumbers() {
    assertThat(courses().reserveVersion("t1", "c1", "j1", T0))
        .isEqualTo(new VersionReservation(0, 0));
    assertThat(courses().reserveVersion("t1", "c1", "j2", T0))
        .isEqualTo(new VersionReservation(1, 0));

    Course placeholder = courses().find("t1", "c1").orElseThrow();
    assertThat(placeholder.latestVersion()).isEqualTo(-1);
    assertThat(placeholder.nextVersion()).isEqualTo(2);
    assertThat(placeholder.title()).isEmpty();
  }

  @Test
  void concurrentReservationsOfANewCourseNeverHandOutTheSameNumber() throws Exception {
    int threads = 8;
    int perThread = 25;
    Set<Integer> seen = ConcurrentHashMap.newKeySet();
    List<Integer> all = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    int n =
                        courses().reserveVersion("t1", "c1", "j" + thread + "-" + i, T0).version();
                    seen.add(n);
                    all.add(n);
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(all).hasSize(threads * perThread);
    assertThat(seen).hasSize(threads * perThread).allMatch(n -> n >= 0 && n < threads * perThread);
    assertThat(courses().find("t1", "c1").orElseThrow().nextVersion())
        .isEqualTo(threads * perThread);
  }

  @Test
  void commitVersionRaisesLatestVersionAndTakesItsTitle() {
    VersionReservation r = courses().reserveVersion("t1", "c1", "j1", T0);
    Instant later = T0.plus(Duration.ofMinutes(5));

    assertThat(courses().commitVersion("t1", "c1", r, "First import", true, later))
        .isEqualTo(CommitOutcome.COMMITTED);

    Course course = courses().find("t1", "c1").orElseThrow();
    assertThat(course.latestVersion()).isZero();
    assertThat(course.title()).isEqualTo("First import");
    assertThat(course.updated()).isEqualTo(later);
    assertThat(course.created()).isEqualTo(later);
    assertThat(course.nextVersion()).isEqualTo(1);
  }

  @Test
  void olderUploadCommittingLateKeepsTheNewerTitleAndLatestVersion() {
    VersionReservation older = courses().reserveVersion("t1", "c1", "j1", T0);
    VersionReservation newer = courses().reserveVersion("t1", "c1", "j2", T0);
    courses().commitVersion("t1", "c1", newer, "Newer", true, T0.plusSeconds(1));

    assertThat(courses().commitVersion("t1", "c1", older, "Older", false, T0.plusSeconds(2)))
        .isEqualTo(CommitOutcome.COMMITTED);

    Course course = courses().find("t1", "c1").orElseThrow();
    assertThat(course.latestVersion()).isEqualTo(1);
    assertThat(course.title()).isEqualTo("Newer");
    assertThat(course.updated()).isEqualTo(T0.plusSeconds(2));
  }

  @Test
  void secondFirstImportLosesAndARetryOfTheWinnerStillCommits() {
    VersionReservation a = courses().reserveVersion("t1", "c1", "a", T0);
    VersionReservation b = courses().reserveVersion("t1", "c1", "b", T0);

    assertThat(courses().commitVersion("t1", "c1", b, "B", true, T0))
        .isEqualTo(CommitOutcome.COMMITTED);
    assertThat(courses().commitVersion("t1", "c1", a, "A", true, T0))
        .isEqualTo(CommitOutcome.COURSE_EXISTS);
    assertThat(courses().commitVersion("t1", "c1", b, "B", true, T0))
        .isEqualTo(CommitOutcome.COMMITTED);
    assertThat(courses().find("t1", "c1").orElseThrow().latestVersion()).isEqualTo(1);
  }

  @Test
  void deleteLeavesATombstoneOfANewGenerationThatRefusesLateCommits() {
    VersionReservation first = courses().reserveVersion("t1", "c1", "j1", T0);
    courses().commitVersion("t1", "c1", first, "One", true, T0);
    VersionReservation late = courses().reserveVersion("t1", "c1", "j2", T0);

    assertThat(courses().delete("t1", "c1", T0.plusSeconds(1))).hasValue(2);

    assertThat(courses().commitVersion("t1", "c1", late, "Late", false, T0.plusSeconds(2)))
        .isEqualTo(CommitOutcome.COURSE_DELETED);
    assertThat(courses().find("t1", "c1").orElseThrow().latestVersion()).isEqualTo(-1);
    assertThat(courses().delete("t1", "c1", T0)).isEmpty();
    // While j2 is pending the tombstone stays, and numbers go on from it.
    courses().purged("t1", "c1");
    VersionReservation again = courses().reserveVersion("t1", "c1", "j3", T0);
    assertThat(again).isEqualTo(new VersionReservation(2, 1));
    assertThat(courses().commitVersion("t1", "c1", again, "Again", true, T0))
        .isEqualTo(CommitOutcome.COMMITTED);
  }

  @Test
  void purgedTombstoneGoesWithTheLastPendingImportAndTheIdStartsAgainAtZero() {
    VersionReservation first = courses().reserveVersion("t1", "c1", "j1", T0);
    courses().commitVersion("t1", "c1", first, "One", true, T0);
    courses().importEnded("t1", "c1", "j1");
    courses().reserveVersion("t1", "c1", "j2", T0);
    courses().delete("t1", "c1", T0);

    courses().importEnded("t1", "c1", "j2");
    assertThat(courses().find("t1", "c1")).as("still purging").isPresent();
    courses().purged("t1", "c1");

    assertThat(courses().find("t1", "c1")).isEmpty();
    assertThat(courses().reserveVersion("t1", "c1", "j3", T0).version()).isZero();
  }

  @Test
  void placeholderGoesWithItsLastPendingJob() {
    courses().reserveVersion("t1", "c1", "a", T0);
    courses().reserveVersion("t1", "c1", "b", T0);

    courses().importEnded("t1", "c1", "a");
    assertThat(courses().find("t1", "c1")).isPresent();
    courses().importEnded("t1", "c1", "b");
    assertThat(courses().find("t1", "c1")).isEmpty();
  }

  @Test
  void lowerLatestVersionIsACompareAndSet() {
    courses().insert(new Course("t1", "c1", "v1", List.of(), T0, T0, 1, 2));

    assertThat(courses().lowerLatestVersion("t1", "c1", 1, 0, "v0", T0.plusSeconds(9))).isTrue();
    assertThat(courses().lowerLatestVersion("t1", "c1", 1, 0, "v0", T0)).isFalse();

    Course course = courses().find("t1", "c1").orElseThrow();
    assertThat(course.latestVersion()).isZero();
    assertThat(course.title()).isEqualTo("v0");
    assertThat(course.nextVersion()).isEqualTo(2);
    assertThat(course.updated()).isEqualTo(T0.plusSeconds(9));
  }

  @Test
  void setTitleChangesTitleAndUpdatedOrReportsAbsence() {
    courses().insert(course("t1", "c1"));

    assertThat(courses().setTitle("t1", "c1", "New", T0.plusSeconds(3))).isTrue();
    assertThat(courses().setTitle("t1", "nope", "New", T0)).isFalse();

    Course course = courses().find("t1", "c1").orElseThrow();
    assertThat(course.title()).isEqualTo("New");
    assertThat(course.updated()).isEqualTo(T0.plusSeconds(3));
  }

  @Test
  void replaceTagsStoresTheNewSetWithoutDuplicates() {
    courses().insert(course("t1", "c1"));

    assertThat(courses().replaceTags("t1", "c1", List.of("x", "y", "x"), T0)).isTrue();

    assertThat(courses().find("t1", "c1").orElseThrow().tags()).containsExactly("x", "y");
    assertThat(courses().replaceTags("t1", "nope", List.of("x"), T0)).isFalse();
  }

  @Test
  void addTagsAppendsOnlyMissingTagsInOrder() {
    courses().insert(course("t1", "c1"));

    assertThat(courses().addTags("t1", "c1", List.of("b", "c", "c", "d"), T0.plusSeconds(1)))
        .isTrue();

    Course course = courses().find("t1", "c1").orElseThrow();
    assertThat(course.tags()).containsExactly("a", "b", "c", "d");
    assertThat(course.updated()).isEqualTo(T0.plusSeconds(1));
  }

  @Test
  void removeTagsIgnoresAbsentTagsAndReportsAbsentCourse() {
    courses().insert(course("t1", "c1"));

    assertThat(courses().removeTags("t1", "c1", List.of("a", "zzz"), T0)).isTrue();

    assertThat(courses().find("t1", "c1").orElseThrow().tags()).containsExactly("b");
    assertThat(courses().removeTags("t1", "nope", List.of("a"), T0)).isFalse();
  }

  @Test
  void deleteHidesOnlyThatCourse() {
    courses().insert(visible("t1", "c1"));
    courses().insert(visible("t1", "c2"));

    assertThat(courses().delete("t1", "c1", T0)).hasValue(1);
    assertThat(courses().delete("t1", "c1", T0)).isEmpty();

    Course tombstone = courses().find("t1", "c1").orElseThrow();
    assertThat(tombstone.latestVersion()).isEqualTo(-1);
    assertThat(tombstone.tags()).isEmpty();
    assertThat(courses().find("t1", "c2")).contains(visible("t1", "c2"));
  }
}
