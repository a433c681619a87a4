package org.courseport.server.storage.mongo.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.courseport.server.storage.mongo.course.VersionFixtures.T0;
import static org.courseport.server.storage.mongo.course.VersionFixtures.version;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.course.CourseVersionRepository;
import org.courseport.server.storage.mongo.MongoStoreContractTest;
import org.junit.jupiter.api.Test;

/** Contract of {@link MongoCourseVersionRepository}. */
abstract class MongoCourseVersionRepositoryContractTest extends MongoStoreContractTest {
  static final String BLOB_1 = "1".repeat(64);
  static final String BLOB_2 = "2".repeat(64);

  CourseVersionRepository versions() {
    return store.versions();
  }

  @Test
  void versionRoundTripsWithDescriptionTreeAndReport() {
    CourseVersion version = version("t1", "c1", 0, BLOB_1);
    versions().insert(version);

    CourseVersion found = versions().find("t1", "c1", 0).orElseThrow();

    assertThat(found).isEqualTo(version);
    assertThat(found.description().rootActivity().children().get(1).children()).hasSize(2);
    assertThat(found.report().findings().get(0).line()).isEqualTo(42);
  }

  @Test
  void versionWithoutDescriptionRoundTrips() {
    CourseVersion refused =
        new CourseVersion(
            "t1", "c1", 0, "", BLOB_1, 10, "x.zip", null, VersionFixtures.report(), T0, T0);
    versions().insert(refused);

    assertThat(versions().find("t1", "c1", 0)).contains(refused);
  }

  @Test
  void sameVersionNumberTwiceIsRefusedAsVersionExists() {
    versions().insert(version("t1", "c1", 0, BLOB_1));

    assertThatThrownBy(() -> versions().insert(version("t1", "c1", 0, BLOB_2)))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(DomainException.Kind.ALREADY_EXISTS);
              assertThat(e.reason()).isEqualTo("VERSION_EXISTS");
            });
    versions().insert(version("t1", "c2", 0, BLOB_1));
    versions().insert(version("t2", "c1", 0, BLOB_1));
  }

  @Test
  void activityTreeTooDeepForMongoDbIsRefused() {
    CourseVersion deep =
        new CourseVersion(
            "t1",
            "c1",
            0,
            "",
            BLOB_1,
            1,
            "deep.zip",
            VersionFixtures.description(VersionFixtures.tree(41)),
            VersionFixtures.report(),
            T0,
            T0);

    assertThatThrownBy(() -> versions().insert(deep))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.reason()).isEqualTo("ACTIVITY_TREE_TOO_DEEP"));
    CourseVersion deepest =
        new CourseVersion(
            "t1",
            "c1",
            1,
            "",
            BLOB_1,
            1,
            "deep.zip",
            VersionFixtures.description(VersionFixtures.tree(40)),
            VersionFixtures.report(),
            T0,
            T0);
    versions().insert(deepest);
    assertThat(versions().find("t1", "c1", 1)).contains(deepest);
  }

  @Test
  void listReturnsOneCourseVersionsInAscendingOrder() {
    versions().insert(version("t1", "c1", 2, BLOB_1));
    versions().insert(version("t1", "c1", 0, BLOB_1));
    versions().insert(version("t1", "c1", 1, BLOB_2));
    versions().insert(version("t1", "c2", 0, BLOB_2));
    versions().insert(version("t2", "c1", 5, BLOB_2));

    assertThat(versions().list("t1", "c1"))
        .extracting(CourseVersion::version)
        .containsExactly(0, 1, 2);
    assertThat(versions().list("t2", "c1")).extracting(CourseVersion::version).containsExactly(5);
    assertThat(versions().list("t3", "c1")).isEmpty();
  }

  @Test
  void otherTenantCannotFindOrDeleteAVersion() {
    versions().insert(version("t1", "c1", 0, BLOB_1));

    assertThat(versions().find("t2", "c1", 0)).isEmpty();
    assertThat(versions().delete("t2", "c1", 0)).isFalse();
    assertThat(versions().deleteAll("t2", "c1", 100)).isEmpty();
    versions().setTitle("t2", "c1", "hijacked", T0);

    assertThat(versions().find("t1", "c1", 0)).contains(version("t1", "c1", 0, BLOB_1));
  }

  @Test
  void setTitleRenamesEveryVersionOfTheCourse() {
    versions().insert(version("t1", "c1", 0, BLOB_1));
    versions().insert(version("t1", "c1", 1, BLOB_1));
    versions().insert(version("t1", "c2", 0, BLOB_1));

    versions().setTitle("t1", "c1", "Renamed", T0.plusSeconds(60));

    assertThat(versions().list("t1", "c1"))
        .allSatisfy(
            v -> {
              assertThat(v.title()).isEqualTo("Renamed");
              assertThat(v.updated()).isEqualTo(T0.plusSeconds(60));
            });
    assertThat(versions().find("t1", "c2", 0).orElseThrow().title()).isEqualTo("Golf Explained v0");
  }

  @Test
  void deleteRemovesOneVersion() {
    versions().insert(version("t1", "c1", 0, BLOB_1));
    versions().insert(version("t1", "c1", 1, BLOB_1));

    assertThat(versions().delete("t1", "c1", 0)).isTrue();
    assertThat(versions().delete("t1", "c1", 0)).isFalse();

    assertThat(versions().list("t1", "c1")).extracting(CourseVersion::version).containsExactly(1);
  }

  @Test
  void deleteAllReturnsTheDistinctBlobsOfTheCourse() {
    versions().insert(version("t1", "c1", 0, BLOB_1));
    versions().insert(version("t1", "c1", 1, BLOB_1));
    versions().insert(version("t1", "c1", 2, BLOB_2));
    versions().insert(version("t1", "c2", 0, BLOB_2));

    versions().insert(version("t1", "c1", 3, BLOB_2));

    List<String> blobs = versions().deleteAll("t1", "c1", 3);

    assertThat(blobs).containsExactlyInAnyOrder(BLOB_1, BLOB_2);
    assertThat(versions().list("t1", "c1")).extracting(CourseVersion::version).containsExactly(3);
    assertThat(versions().list("t1", "c2")).hasSize(1);
  }

  @Test
  void recordIsIdempotentForItsJobAndRefusesAnotherJobsNumber() {
    versions().record(version("t1", "c1", 0, BLOB_1), "job-a");
    versions().record(version("t1", "c1", 0, BLOB_1), "job-a");

    assertThatThrownBy(() -> versions().record(version("t1", "c1", 0, BLOB_2), "job-b"))
        .isInstanceOf(DomainException.class);
    assertThat(versions().deleteRecorded("t1", "c1", 0, "job-b")).isFalse();
    assertThat(versions().list("t1", "c1")).containsExactly(version("t1", "c1", 0, BLOB_1));
    assertThat(versions().deleteRecorded("t1", "c1", 0, "job-a")).isTrue();
    assertThat(versions().list("t1", "c1")).isEmpty();
  }

  @Test
  void blobIsReferencedWhileAnyTenantsVersionUsesIt() {
    versions().insert(version("t1", "c1", 0, BLOB_1));
    versions().insert(version("t2", "c9", 0, BLOB_1));

    versions().deleteAll("t1", "c1", 100);
    assertThat(versions().isBlobReferenced(BLOB_1)).isTrue();
    versions().deleteAll("t2", "c9", 100);

    assertThat(versions().isBlobReferenced(BLOB_1)).isFalse();
    assertThat(versions().isBlobReferenced(BLOB_2)).isFalse();
  }

  @Test
  void findEachReturnsTheNamedVersionOfEachCourseOfTheTenant() {
    for (String tenant : List.of("t1", "t2")) {
      for (String course : List.of("c1", "c2", "c3")) {
        for (int v = 0; v <= 2; v++) {
          versions().insert(version(tenant, course, v, BLOB_1));
        }
      }
    }
    Map<String, Integer> wanted = new LinkedHashMap<>();
    wanted.put("c1", 2);
    wanted.put("c2", 0);
    wanted.put("c3", 7);
    wanted.put("c4", 0);

    Map<String, CourseVersion> found = versions().findEach("t2", wanted);

    assertThat(found).containsOnlyKeys("c1", "c2");
    assertThat(found.get("c1")).isEqualTo(version("t2", "c1", 2, BLOB_1));
    assertThat(found.get("c2")).isEqualTo(version("t2", "c2", 0, BLOB_1));
    assertThat(versions().findEach("t2", Map.of("c3", 1)))
        .containsExactlyEntriesOf(Map.of("c3", version("t2", "c3", 1, BLOB_1)));
    assertThat(versions().findEach("t3", wanted)).isEmpty();
    assertThat(versions().findEach("t1", Map.of())).isEmpty();
  }
}
