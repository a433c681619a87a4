package org.courseport.server.storage.mongo.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.courseport.server.domain.postback.PostbackDelivery;
import org.courseport.server.domain.postback.PostbackDelivery.Attempt;
import org.courseport.server.domain.postback.PostbackDelivery.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MongoPostbackDeliveryRepositoryTest {
  static final Instant T0 = Instant.parse("2024-01-15T10:20:30.123Z");

  MongoServer server;
  MongoClient client;
  MongoPostbackDeliveryRepository repository;

  @BeforeEach
  void start() {
    server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    repository = new MongoPostbackDeliveryRepository(client.getDatabase("courseport"));
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdownNow();
  }

  static PostbackDelivery delivery(String id, String job, Instant created) {
    return new PostbackDelivery(
        id, "t1", job, "https://hooks.example/p", Status.PENDING, created, null, List.of());
  }

  @Test
  void attemptsAreAppendedAndTheEndIsRecorded() {
    repository.insert(delivery("d1", "j1", T0));
    Attempt first = new Attempt(1, T0, -1, "FETCH_TIMEOUT: Timed out", 30_000);
    Attempt second = new Attempt(2, T0.plusSeconds(31), 200, null, 12);
    repository.addAttempt("d1", first);
    repository.addAttempt("d1", second);
    repository.finish("d1", Status.DELIVERED, T0.plusSeconds(32));

    PostbackDelivery stored = repository.find("d1").orElseThrow();
    assertThat(stored.attempts()).containsExactly(first, second);
    assertThat(stored.status()).isEqualTo(Status.DELIVERED);
    assertThat(stored.finished()).isEqualTo(T0.plusSeconds(32));
    assertThat(stored.created()).isEqualTo(T0);
    assertThat(repository.find("nope")).isEmpty();
  }

  @Test
  void listsByJobAndExpiresByQuery() {
    repository.insert(delivery("d2", "j1", T0.plusSeconds(5)));
    repository.insert(delivery("d1", "j1", T0));
    repository.insert(delivery("d3", "j2", T0.plus(8, ChronoUnit.DAYS)));
    assertThat(repository.findByJob("t1", "j1"))
        .extracting(PostbackDelivery::deliveryId)
        .containsExactly("d1", "d2");
    assertThat(repository.findByJob("t2", "j1")).isEmpty();
    assertThat(repository.deleteCreatedBefore(T0.plus(7, ChronoUnit.DAYS))).isEqualTo(2);
    assertThat(repository.find("d3")).isPresent();
  }
}
