package org.courseport.server.storage.mongo.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.courseport.server.domain.settings.SettingScope;
import org.courseport.server.testing.MemoryMongo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoSettingsRepositoryTest {
  static final SettingScope APP = SettingScope.application("t1");
  static final SettingScope COURSE = SettingScope.course("t1", "c1");
  static final SettingScope V0 = SettingScope.version("t1", "c1", 0);
  static final SettingScope V1 = SettingScope.version("t1", "c1", 1);

  @RegisterExtension final MemoryMongo mongo = new MemoryMongo();
  final MongoSettingsRepository repository = new MongoSettingsRepository(mongo.database());

  @Test
  void valuesArePerScopeAndMerged() {
    repository.set(COURSE, Map.of("PlayerLaunchType", "NEW_WINDOW"));
    repository.set(COURSE, Map.of("PreviewExpirySeconds", "60"));
    repository.set(V0, Map.of("PlayerLaunchType", "FRAMESET"));
    repository.set(SettingScope.course("t2", "c1"), Map.of("PlayerLaunchType", "FRAMESET"));
    assertThat(repository.find(COURSE))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("PlayerLaunchType", "NEW_WINDOW", "PreviewExpirySeconds", "60"));
    assertThat(repository.find(V0))
        .containsExactlyEntriesOf(Map.of("PlayerLaunchType", "FRAMESET"));
    assertThat(repository.find(APP)).isEmpty();
    assertThat(repository.find(V1)).isEmpty();
  }

  @Test
  void unsetReportsWhetherTheValueWasSet() {
    repository.set(COURSE, Map.of("A", "1", "B", "2"));
    assertThat(repository.unset(COURSE, "A")).isTrue();
    assertThat(repository.unset(COURSE, "A")).isFalse();
    assertThat(repository.unset(APP, "A")).isFalse();
    assertThat(repository.find(COURSE)).containsExactlyEntriesOf(Map.of("B", "2"));
  }

  @Test
  void cascadesDeleteTheRightScopes() {
    repository.set(APP, Map.of("A", "app"));
    repository.set(COURSE, Map.of("A", "course"));
    repository.set(V0, Map.of("A", "v0"));
    repository.set(V1, Map.of("A", "v1"));
    repository.set(SettingScope.course("t1", "c2"), Map.of("A", "other"));
    repository.set(SettingScope.course("t2", "c1"), Map.of("A", "other tenant"));

    assertThat(repository.deleteByVersion("t1", "c1", 1)).isEqualTo(1);
    assertThat(repository.find(V1)).isEmpty();
    assertThat(repository.find(V0)).containsEntry("A", "v0");

    assertThat(repository.deleteByCourse("t1", "c1")).isEqualTo(2);
    assertThat(repository.find(COURSE)).isEmpty();
    assertThat(repository.find(V0)).isEmpty();
    assertThat(repository.find(APP)).containsEntry("A", "app");
    assertThat(repository.find(SettingScope.course("t1", "c2"))).containsEntry("A", "other");
    assertThat(repository.find(SettingScope.course("t2", "c1"))).containsEntry("A", "other tenant");

    assertThat(repository.deleteByTenant("t1")).isEqualTo(2);
    assertThat(repository.find(SettingScope.course("t2", "c1"))).isNotEmpty();
  }

  @Test
  void concurrentFirstWritesToOneScopeAllLand() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String id = "S" + i;
        futures.add(pool.submit(() -> repository.set(COURSE, Map.of(id, "v"))));
      }
      for (Future<?> f : futures) {
        f.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(repository.find(COURSE)).hasSize(8);
  }
}
