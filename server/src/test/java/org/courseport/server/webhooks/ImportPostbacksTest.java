package org.courseport.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.settings.SettingScope;
import org.courseport.server.domain.settings.SettingsRegistry;
import org.courseport.server.domain.settings.SettingsRepository;
import org.courseport.server.domain.settings.SettingsService;
import org.courseport.server.net.AddressPolicy;
import org.courseport.server.net.PinnedHttpClient;
import org.courseport.server.net.UrlGuard;
import org.courseport.server.storage.mongo.delivery.MongoDeliveryRepository;
import org.courseport.server.testing.MemoryMongo;
import org.junit.jupiter.api.Test;

class ImportPostbacksTest {
  final Map<SettingScope, Map<String, String>> stored = new HashMap<>();
  final SettingsService settings =
      new SettingsService(SettingsRegistry.builtin(), new MapRepository());
  final ImportPostbacks postbacks = new ImportPostbacks(settings, null);

  static ImportJob job(String postbackUrl) {
    return new ImportJob(
        "j1",
        "t1",
        "c1",
        false,
        ImportJob.Source.UPLOAD,
        "blob",
        null,
        "a.zip",
        "application/zip",
        postbackUrl,
        ImportJob.Status.COMPLETE,
        null,
        null,
        1,
        null,
        0,
        List.of(),
        Instant.EPOCH,
        Instant.EPOCH);
  }

  @Test
  void jobUrlWinsOverTheSetting() {
    settings.set(
        SettingScope.application("t1"), Map.of("ImportPostbackUrl", "https://app.example/hook"));
    assertThat(postbacks.target(job(" https://job.example/hook ")))
        .hasValue("https://job.example/hook");
    assertThat(postbacks.target(job(null))).hasValue("https://app.example/hook");
    settings.set(SettingScope.course("t1", "c1"), Map.of("ImportPostbackUrl", ""));
    assertThat(postbacks.target(job(""))).isEmpty();
  }

  @Test
  void noUrlMeansNoPostback() throws Exception {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try (PinnedHttpClient client = new PinnedHttpClient(java.time.Duration.ofSeconds(1))) {
      MemoryMongo mongo = new MemoryMongo();
      MongoDeliveryRepository deliveries = new MongoDeliveryRepository(mongo.database());
      PostbackSender sender =
          new PostbackSender(
              new DeliveryEngine(
                  deliveries,
                  new UrlGuard(AddressPolicy.strict()),
                  new PlainHttpRule(List.of()),
                  client,
                  (tenant, endpoint) -> java.util.Optional.empty(),
                  RetryPolicy.defaults(),
                  Clock.systemUTC(),
                  () -> 0,
                  executor));
      assertThat(new ImportPostbacks(settings, sender).jobEnded(job(null), "{}")).isEmpty();
      assertThat(deliveries.nextDue()).isEmpty();
      assertThat(deliveries.findBySubject("t1", "j1")).isEmpty();
      mongo.close();
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void basicCredentialsComeFromTheSettings() {
    assertThat(postbacks.credentials(job(null))).isNull();
    settings.set(
        SettingScope.course("t1", "c1"),
        Map.of("ImportPostbackAuthUser", "u", "ImportPostbackAuthPassword", "p"));
    assertThat(postbacks.credentials(job(null))).isEqualTo(new BasicCredentials("u", "p"));
    settings.set(SettingScope.application("t1"), Map.of("ImportPostbackAuthType", "none"));
    assertThat(postbacks.credentials(job(null))).isNull();
  }

  final class MapRepository implements SettingsRepository {
    @Override
    public Map<String, String> find(SettingScope scope) {
      return new HashMap<>(stored.getOrDefault(scope, Map.of()));
    }

    @Override
    public void set(SettingScope scope, Map<String, String> values) {
      stored.computeIfAbsent(scope, s -> new HashMap<>()).putAll(values);
    }

    @Override
    public boolean unset(SettingScope scope, String settingId) {
      return stored.getOrDefault(scope, new HashMap<>()).remove(settingId) != null;
    }

    @Override
    public long deleteByCourse(String tenantId, String courseId) {
      return 0;
    }

    @Override
    public long deleteByVersion(String tenantId, String courseId, int version) {
      return 0;
    }

    @Override
    public long deleteByTenant(String tenantId) {
      return 0;
    }
  }
}
