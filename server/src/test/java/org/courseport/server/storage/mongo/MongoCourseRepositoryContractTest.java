package org.courseport.server.storage.mongo;

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
import org.courseport.server.domain.course.Course;
import org.courseport.server.domain.course.CourseRepository;
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
    courses().insert(course("t1", "c1"));

    assertThat(courses().find("t2", "c1")).isEmpty();
    assertThat(courses().reserveVersion("t2", "c1")).isEmpty();
    assertThat(courses().setTitle("t2", "c1", "x", T0)).isFalse();
    assertThat(courses().addTags("t2", "c1", List.of("x"), T0)).isFalse();
    assertThat(courses().delete("t2", "c1")).isFalse();
    assertThat(courses().find("t1", "c1")).contains(course("t1", "c1"));
  }

  @Test
  void reserveVersionHandsOutConsecutiveNumbersFromNextVersion() {
    courses().insert(course("t1", "c1"));

    assertThat(courses().reserveVersion("t1", "c1")).contains(0);
    assertThat(courses().reserveVersion("t1", "c1")).contains(1);
    assertThat(courses().find("t1", "c1").orElseThrow().nextVersion()).isEqualTo(2);
    assertThat(courses().reserveVersion("t1", "absent")).isEmpty();
  }

  @Test
  void concurrentReservationsNeverHandOutTheSameNumber() throws Exception {
    courses().insert(course("t1", "c1"));
    int threads = 8;
    int perThread = 25;
    Set<Integer> seen = ConcurrentHashMap.newKeySet();
    List<Integer> all = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    int n = courses().reserveVersion("t1", "c1").orElseThrow();
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
  void versionAddedRaisesLatestVersionAndTakesItsTitle() {
    courses().insert(course("t1", "c1"));
    Instant later = T0.plus(Duration.ofMinutes(5));

    courses().versionAdded("t1", "c1", 0, "First import", later);

    Course course = courses().find("t1", "c1").orElseThrow();
    assertThat(course.latestVersion()).isZero();
    assertThat(course.title()).isEqualTo("First import");
    assertThat(course.updated()).isEqualTo(later);
    assertThat(course.nextVersion()).isEqualTo(1);
  }

  @Test
  void olderVersionFinishingLateKeepsTheNewerTitleAndLatestVersion() {
    courses().insert(course("t1", "c1"));
    courses().versionAdded("t1", "c1", 3, "Version three", T0.plusSeconds(1));

    courses().versionAdded("t1", "c1", 2, "Version two", T0.plusSeconds(2));

    Course course = courses().find("t1", "c1").orElseThrow();
    assertThat(course.latestVersion()).isEqualTo(3);
    assertThat(course.title()).isEqualTo("Version three");
    assertThat(course.updated()).isEqualTo(T0.plusSeconds(2));
    assertThat(course.nextVersion()).isEqualTo(4);
  }

  @Test
  void setLatestVersionLowersItAfterADeletion() {
    courses().insert(course("t1", "c1"));
    courses().versionAdded("t1", "c1", 1, "v1", T0);

    courses().setLatestVersion("t1", "c1", 0, T0.plusSeconds(9));

    Course course = courses().find("t1", "c1").orElseThrow();
    assertThat(course.latestVersion()).isZero();
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
  void deleteRemovesOnlyThatCourse() {
    courses().insert(course("t1", "c1"));
    courses().insert(course("t1", "c2"));

    assertThat(courses().delete("t1", "c1")).isTrue();
    assertThat(courses().delete("t1", "c1")).isFalse();

    assertThat(courses().find("t1", "c1")).isEmpty();
    assertThat(courses().find("t1", "c2")).isPresent();
  }
}
