package org.courseport.server.storage.mongo.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.courseport.server.domain.delivery.Delivery;
import org.courseport.server.domain.delivery.Delivery.Attempt;
import org.courseport.server.domain.delivery.Delivery.Status;
import org.courseport.server.domain.delivery.WebhookEndpoint;
import org.courseport.server.testing.MemoryMongo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoDeliveryRepositoryTest {
  static final Instant T0 = Instant.parse("2024-01-15T10:20:30.123Z");

  @RegisterExtension final MemoryMongo mongo = new MemoryMongo();
  final MongoDeliveryRepository repository = new MongoDeliveryRepository(mongo.database());

  static Delivery delivery(String id, String subject, Instant due) {
    return new Delivery(
        id,
        "t1",
        Delivery.Kind.WEBHOOK,
        "package.processing.completed",
        subject,
        "e1",
        "https://hooks.example/p?token=x",
        "https://hooks.example/p",
        Map.of("x-extra", "1"),
        "{}",
        Status.PENDING,
        due,
        due,
        null,
        List.of());
  }

  @Test
  void claimTakesTheOldestDueDeliveryOnceUntilItsLeaseExpires() {
    repository.insert(delivery("late", "j1", T0.plusSeconds(60)));
    repository.insert(delivery("d2", "j1", T0.plusSeconds(1)));
    repository.insert(delivery("d1", "j1", T0));

    Instant now = T0.plusSeconds(5);
    assertThat(repository.claimDue("a", now, now.plusSeconds(30)))
        .hasValueSatisfying(d -> assertThat(d.deliveryId()).isEqualTo("d1"));
    assertThat(repository.claimDue("b", now, now.plusSeconds(30)))
        .hasValueSatisfying(d -> assertThat(d.deliveryId()).isEqualTo("d2"));
    // "late" is not due yet, d1 and d2 are leased.
    assertThat(repository.claimDue("b", now, now.plusSeconds(30))).isEmpty();
    assertThat(repository.nextDue()).hasValue(T0);

    // a's lease on d1 expires: b takes it over, and a can no longer record its attempt.
    Instant later = now.plusSeconds(31);
    assertThat(repository.claimDue("b", later, later.plusSeconds(30)))
        .hasValueSatisfying(d -> assertThat(d.deliveryId()).isEqualTo("d1"));
    Delivery d1 = repository.find("d1").orElseThrow();
    Attempt attempt = new Attempt(1, later, 200, null, 12);
    assertThat(
            repository.recordAttempt("d1", "a", d1.after(attempt, Status.DELIVERED, null, later)))
        .isFalse();
    assertThat(
            repository.recordAttempt("d1", "b", d1.after(attempt, Status.DELIVERED, null, later)))
        .isTrue();
    assertThat(repository.find("d1").orElseThrow())
        .isEqualTo(d1.after(attempt, Status.DELIVERED, null, later));
    // An ended delivery is never claimed again.
    assertThat(repository.claimDue("c", later.plusSeconds(999), later.plusSeconds(9999)))
        .hasValueSatisfying(d -> assertThat(d.deliveryId()).isEqualTo("d2"));
    assertThat(repository.claimDue("c", later.plusSeconds(999), later.plusSeconds(9999)))
        .hasValueSatisfying(d -> assertThat(d.deliveryId()).isEqualTo("late"));
    assertThat(repository.claimDue("c", later.plusSeconds(999), later.plusSeconds(9999))).isEmpty();
  }

  @Test
  void aRetryIsDueAgainAtItsNextAttemptAndTheLeaseIsReleased() {
    repository.insert(delivery("d1", "j1", T0));
    Delivery claimed = repository.claimDue("a", T0, T0.plusSeconds(30)).orElseThrow();
    Attempt first = new Attempt(1, T0, 503, null, 5);
    Delivery retry = claimed.after(first, Status.PENDING, T0.plusSeconds(2), null);
    assertThat(repository.recordAttempt("d1", "a", retry)).isTrue();

    assertThat(repository.claimDue("a", T0.plusSeconds(1), T0.plusSeconds(31))).isEmpty();
    assertThat(repository.claimDue("b", T0.plusSeconds(2), T0.plusSeconds(32)))
        .hasValueSatisfying(d -> assertThat(d.attempts()).containsExactly(first));
  }

  @Test
  void listsBySubjectAndEndpointAndExpiresEndedOnes() {
    repository.insert(delivery("d2", "j1", T0.plusSeconds(5)));
    repository.insert(delivery("d1", "j1", T0));
    repository.insert(delivery("d3", "j2", T0.plusSeconds(9)));
    assertThat(repository.findBySubject("t1", "j1"))
        .extracting(Delivery::deliveryId)
        .containsExactly("d1", "d2");
    assertThat(repository.findBySubject("t2", "j1")).isEmpty();
    assertThat(repository.findByEndpoint("t1", "e1", 0, 2))
        .extracting(Delivery::deliveryId)
        .containsExactly("d3", "d2");
    assertThat(repository.findByEndpoint("t1", "e1", 2, 2))
        .extracting(Delivery::deliveryId)
        .containsExactly("d1");
    assertThat(repository.findByEndpoint("t2", "e1", 0, 10)).isEmpty();

    Delivery d1 = repository.claimDue("a", T0, T0.plusSeconds(30)).orElseThrow();
    repository.recordAttempt(
        "d1", "a", d1.after(new Attempt(1, T0, 200, null, 1), Status.DELIVERED, null, T0));
    assertThat(repository.deleteFinishedBefore(T0.plus(1, ChronoUnit.DAYS))).isEqualTo(1);
    assertThat(repository.find("d1")).isEmpty();
    assertThat(repository.find("d2")).isPresent();
  }

  @Test
  void endpointSecretsAreStoredSealedAndOpenOnlyWithTheKey() {
    byte[] key = ServerKeys.webhookSecretKey(null, mongo.database());
    assertThat(ServerKeys.webhookSecretKey(null, mongo.database())).isEqualTo(key);
    MongoWebhookEndpointRepository endpoints =
        new MongoWebhookEndpointRepository(mongo.database(), new SecretSealer(key));
    WebhookEndpoint e =
        new WebhookEndpoint(
            "e1",
            "t1",
            "https://h.example/x",
            List.of("package.processing.failed"),
            "whsec_s3cr3t",
            T0);
    endpoints.insert(e);

    assertThat(endpoints.find("t1", "e1")).hasValue(e);
    assertThat(endpoints.find("t2", "e1")).isEmpty();
    assertThat(endpoints.subscribedTo("t1", "package.processing.failed")).containsExactly(e);
    assertThat(endpoints.subscribedTo("t1", "package.processing.completed")).isEmpty();
    Document raw =
        mongo.database().getCollection(MongoWebhookEndpointRepository.COLLECTION).find().first();
    assertThat(raw.toJson()).doesNotContain("s3cr3t").contains("\"secret\": \"v1:");

    MongoWebhookEndpointRepository wrongKey =
        new MongoWebhookEndpointRepository(mongo.database(), new SecretSealer(new byte[32]));
    assertThatThrownBy(() -> wrongKey.find("t1", "e1")).hasMessageContaining("wrong server key");
    assertThat(endpoints.delete("t2", "e1")).isFalse();
    assertThat(endpoints.delete("t1", "e1")).isTrue();
    assertThat(endpoints.list("t1", 0, 10)).isEmpty();
  }
}
