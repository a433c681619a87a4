package org.courseport.server.storage.mongo.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.storage.mongo.course.VersionFixtures.T0;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.courseport.server.domain.course.CourseChanges;
import org.courseport.server.domain.course.CourseQuery;
import org.courseport.server.domain.course.CourseRepository;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.course.CourseVersionRepository;
import org.courseport.server.domain.course.VersionReservation;
import org.courseport.server.testing.MemoryMongo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every write of the course and version repositories tells {@link CourseChanges} its tenant (which
 * increments the keys' course epochs that validate the cached course views), and no read does. The
 * guard at the end fails when a repository method is added that this test neither calls as a write
 * nor lists as a read.
 */
class CourseWritesTellTheirChangesTest {
  @RegisterExtension final MemoryMongo mongo = new MemoryMongo();

  private static final String T = "tenant-w";
  private static final String C = "course-w";

  private static final Set<String> COURSE_READS =
      Set.of("find", "findWithLatest", "findWithLatestWithoutReport", "list", "count");
  private static final Set<String> VERSION_READS =
      Set.of("find", "findEach", "list", "isBlobReferenced");

  private final List<String> told = new ArrayList<>();
  private MongoCourseRepository courses;
  private MongoCourseVersionRepository versions;

  @BeforeEach
  void setUp() {
    CourseChanges recording = told::add;
    courses =
        new MongoCourseRepository(
            mongo.database().getCollection("courses"),
            mongo.database().getCollection("courseVersions"),
            recording);
    versions =
        new MongoCourseVersionRepository(
            mongo.database().getCollection("courseVersions"), recording);
    courses.createIndexes();
    versions.createIndexes();
  }

  /** Runs {@code op} and asserts that it told exactly once, for tenant {@link #T}. */
  private void tells(String name, Set<String> exercised, Consumer<Void> op) {
    told.clear();
    op.accept(null);
    assertThat(told).as(name).containsExactly(T);
    exercised.add(name);
  }

  private void readsTellNothing(Runnable reads) {
    told.clear();
    reads.run();
    assertThat(told).isEmpty();
  }

  @Test
  void everyWriteTellsItsTenantAndNoReadDoes() {
    Set<String> courseWrites = new LinkedHashSet<>();
    Set<String> versionWrites = new LinkedHashSet<>();
    VersionReservation[] r = new VersionReservation[2];
    tells("reserveVersion", courseWrites, x -> r[0] = courses.reserveVersion(T, C, "job1", T0));
    CourseVersion v0 = VersionFixtures.version(T, C, r[0].version(), "a".repeat(64));
    tells("record", versionWrites, x -> versions.record(v0, "job1"));
    tells("commitVersion", courseWrites, x -> courses.commitVersion(T, C, r[0], "One", false, T0));
    tells("importEnded", courseWrites, x -> courses.importEnded(T, C, "job1"));
    r[1] = courses.reserveVersion(T, C, "job2", T0);
    CourseVersion v1 = VersionFixtures.version(T, C, r[1].version(), "b".repeat(64));
    tells("insert", versionWrites, x -> versions.insert(v1));
    courses.commitVersion(T, C, r[1], "Two", false, T0);
    tells("setTitle", versionWrites, x -> versions.setTitle(T, C, "Renamed", T0));
    tells("setTitle", courseWrites, x -> courses.setTitle(T, C, "Renamed", T0));
    tells("replaceTags", courseWrites, x -> courses.replaceTags(T, C, List.of("a", "b"), T0));
    tells("addTags", courseWrites, x -> courses.addTags(T, C, List.of("c"), T0));
    tells("removeTags", courseWrites, x -> courses.removeTags(T, C, List.of("a"), T0));
    tells(
        "lowerLatestVersion",
        courseWrites,
        x -> courses.lowerLatestVersion(T, C, r[1].version(), r[0].version(), "One", T0));
    tells("delete", versionWrites, x -> versions.delete(T, C, r[1].version()));
    tells("deleteRecorded", versionWrites, x -> versions.deleteRecorded(T, C, 0, "job1"));
    tells("deleteAll", versionWrites, x -> versions.deleteAll(T, C, 10));

    readsTellNothing(
        () -> {
          courses.find(T, C);
          courses.findWithLatest(T, C);
          courses.findWithLatestWithoutReport(T, C);
          courses.list(T, CourseQuery.all(), 0, 10);
          courses.count(T, CourseQuery.all());
          versions.find(T, C, 0);
          versions.findEach(T, Map.of(C, 0));
          versions.list(T, C);
          versions.isBlobReferenced("a".repeat(64));
        });

    tells("delete", courseWrites, x -> courses.delete(T, C, T0));
    tells("purged", courseWrites, x -> courses.purged(T, C));
    tells(
        "insert",
        courseWrites,
        x ->
            courses.insert(
                new org.courseport.server.domain.course.Course(
                    T, "other", "Other", List.of(), T0, T0, 0, 1)));

    assertThat(courseWrites).isEqualTo(writesOf(CourseRepository.class, COURSE_READS));
    assertThat(versionWrites).isEqualTo(writesOf(CourseVersionRepository.class, VERSION_READS));
  }

  /** The names of the interface's abstract and default methods that are not reads. */
  private static Set<String> writesOf(Class<?> repository, Set<String> reads) {
    Set<String> all =
        Arrays.stream(repository.getDeclaredMethods())
            .filter(m -> !m.isSynthetic() && !java.lang.reflect.Modifier.isStatic(m.getModifiers()))
            .map(Method::getName)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    assertThat(all).as("reads of " + repository.getSimpleName()).containsAll(reads);
    all.removeAll(reads);
    return all;
  }
}
