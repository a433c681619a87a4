package org.courseport.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.delivery.Delivery;
import org.courseport.server.domain.delivery.Delivery.Attempt;
import org.courseport.server.domain.delivery.Delivery.Status;
import org.courseport.server.domain.delivery.DeliveryRepository;
import org.courseport.server.domain.delivery.NewDelivery;
import org.courseport.server.domain.delivery.WebhookEndpoint;
import org.courseport.server.domain.delivery.WebhookEndpoints;
import org.courseport.server.domain.delivery.WebhookEvents;
import org.courseport.server.net.AddressPolicy;
import org.courseport.server.net.PinnedHttpClient;
import org.courseport.server.net.UrlGuard;
import org.courseport.server.storage.mongo.EmbeddedMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.storage.mongo.delivery.MongoDeliveryRepository;
import org.courseport.server.storage.mongo.delivery.MongoWebhookEndpointRepository;
import org.courseport.server.storage.mongo.delivery.SecretSealer;
import org.courseport.server.testing.MemoryMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery engine against receivers on loopback, with a settable clock and {@link
 * DeliveryEngine#runDue()} called by the test: nothing waits for time to pass.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeliveryEngineTest {
  static final String SECRET = "whsec_test-secret";
  static final String BODY = "{\"type\":\"package.processing.completed\"}";
  static final RetryPolicy POLICY =
      new RetryPolicy(4, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5), Duration.ofSeconds(5));

  static Server receiver;
  static PinnedHttpClient client;
  static final List<AggregatedHttpRequest> received = new CopyOnWriteArrayList<>();
  static final List<Boolean> signatureValid = new CopyOnWriteArrayList<>();

  final SettableClock clock = new SettableClock(Instant.parse("2026-01-05T10:00:00Z"));
  final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  @RegisterExtension final MemoryMongo mongo = new MemoryMongo();
  MongoDeliveryRepository repository;

  @BeforeAll
  static void startReceiver() {
    receiver =
        Server.builder()
            .http(new InetSocketAddress("127.0.0.1", 0))
            .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
            .service(
                "/ok", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(r -> verify(r))))
            .service(
                "/down",
                (ctx, req) ->
                    HttpResponse.of(
                        req.aggregate()
                            .thenApply(
                                r -> {
                                  received.add(r);
                                  return HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE);
                                })))
            .build();
    receiver.start().join();
    client = new PinnedHttpClient(Duration.ofSeconds(2));
  }

  /** What docs/webhooks.md tells a receiver to do, written without Courseport's classes. */
  static HttpResponse verify(AggregatedHttpRequest r) {
    received.add(r);
    try {
      String id = r.headers().get("courseport-delivery-id");
      String timestamp = r.headers().get("courseport-timestamp");
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] signed =
          (id + "." + timestamp + "." + r.contentUtf8()).getBytes(StandardCharsets.UTF_8);
      String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(signed));
      boolean ok = expected.equals(r.headers().get("courseport-signature"));
      signatureValid.add(ok);
      return HttpResponse.of(ok ? HttpStatus.NO_CONTENT : HttpStatus.UNAUTHORIZED);
    } catch (Exception e) {
      return HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR);
    }
  }

  @AfterAll
  static void stopReceiver() {
    receiver.stop().join();
    client.close();
  }

  @BeforeEach
  void open() {
    received.clear();
    signatureValid.clear();
    repository = new MongoDeliveryRepository(mongo.database());
  }

  @AfterEach
  void close() {
    executor.shutdownNow();
  }

  static String url(String path) {
    return "http://127.0.0.1:" + receiver.activeLocalPort() + path;
  }

  static String loopback() {
    return "127.0.0.1:" + receiver.activeLocalPort();
  }

  DeliveryEngine engine(DeliveryRepository store, String allow, String plainHttp) {
    return new DeliveryEngine(
        store,
        new UrlGuard(AddressPolicy.withAllowList(allow == null ? List.of() : List.of(allow))),
        new PlainHttpRule(plainHttp == null ? List.of() : List.of(plainHttp.split(","))),
        client,
        (tenant, endpoint) -> "e1".equals(endpoint) ? Optional.of(SECRET) : Optional.empty(),
        POLICY,
        clock,
        () -> 0.5,
        executor);
  }

  static NewDelivery webhook(String target, String endpoint) {
    return new NewDelivery(
        "t1",
        Delivery.Kind.WEBHOOK,
        WebhookEvents.PROCESSING_COMPLETED,
        "job-1",
        endpoint,
        target,
        Map.of(),
        BODY);
  }

  @Test
  void aSignedDeliveryIsVerifiedByTheReceiverAndLoggedDelivered() {
    DeliveryEngine engine = engine(repository, loopback(), "127.0.0.1");
    Delivery stored = engine.enqueue(webhook(url("/ok?k=v"), "e1"));

    assertThat(repository.find(stored.deliveryId())).hasValue(stored);
    assertThat(engine.runDue()).isEqualTo(1);

    assertThat(signatureValid).containsExactly(true);
    AggregatedHttpRequest r = received.get(0);
    assertThat(r.path()).isEqualTo("/ok?k=v");
    assertThat(r.headers().get("courseport-delivery-id")).isEqualTo(stored.deliveryId());
    assertThat(r.headers().get("courseport-timestamp"))
        .isEqualTo(Long.toString(clock.instant().getEpochSecond()));
    assertThat(r.headers().get("courseport-event")).isEqualTo("package.processing.completed");
    assertThat(r.contentUtf8()).isEqualTo(BODY);
    Delivery done = repository.find(stored.deliveryId()).orElseThrow();
    assertThat(done.status()).isEqualTo(Status.DELIVERED);
    assertThat(done.url()).isEqualTo(url("/ok"));
    assertThat(done.finished()).isEqualTo(clock.instant());
    assertThat(done.attempts()).extracting(Attempt::statusCode).containsExactly(204);
    assertThat(Signatures.verify(SECRET, stored.deliveryId(), 1, BODY.getBytes(), "v1=00"))
        .isFalse();
  }

  @Test
  void aFailingReceiverSeesEveryRetryAtItsBackoffThenTheDeliveryFails() {
    DeliveryEngine engine = engine(repository, loopback(), "127.0.0.1");
    Delivery stored = engine.enqueue(webhook(url("/down"), "e1"));
    Instant start = clock.instant();

    assertThat(engine.runDue()).isEqualTo(1);
    // Backoff 1 s, 2 s, 4 s, each plus half of the 20 % jitter (the test's jitter is 0.5).
    for (long waitMillis : new long[] {1100, 2200, 4400}) {
      Delivery pending = repository.find(stored.deliveryId()).orElseThrow();
      assertThat(pending.status()).isEqualTo(Status.PENDING);
      assertThat(pending.nextAttemptAt()).isEqualTo(clock.instant().plusMillis(waitMillis));
      clock.advance(Duration.ofMillis(waitMillis - 1));
      assertThat(engine.runDue()).as("not due yet").isZero();
      clock.advance(Duration.ofMillis(1));
      assertThat(engine.runDue()).isEqualTo(1);
    }

    assertThat(received).hasSize(4);
    assertThat(received)
        .extracting(r -> r.headers().get("courseport-delivery-id"))
        .containsOnly(stored.deliveryId());
    Delivery failed = repository.find(stored.deliveryId()).orElseThrow();
    assertThat(failed.status()).isEqualTo(Status.FAILED);
    assertThat(failed.nextAttemptAt()).isNull();
    assertThat(failed.attempts())
        .extracting(Attempt::statusCode)
        .containsExactly(503, 503, 503, 503);
    assertThat(failed.attempts())
        .extracting(Attempt::at)
        .containsExactly(
            start, start.plusMillis(1100), start.plusMillis(3300), start.plusMillis(7700));
    clock.advance(Duration.ofHours(1));
    assertThat(engine.runDue()).isZero();
  }

  @Test
  void aDeliveryStoredBeforeARestartIsSentAfterIt(@TempDir Path dataDir) throws Exception {
    String id;
    try (EmbeddedMongo embedded = EmbeddedMongo.start(dataDir);
        MongoStore store = new MongoStore(embedded.connectionString())) {
      // Stored, never sent: this engine was not started (the process "dies" here).
      id =
          engine(new MongoDeliveryRepository(store.database()), loopback(), "127.0.0.1")
              .enqueue(webhook(url("/ok"), "e1"))
              .deliveryId();
    }
    assertThat(received).isEmpty();

    try (EmbeddedMongo embedded = EmbeddedMongo.start(dataDir);
        MongoStore store = new MongoStore(embedded.connectionString())) {
      MongoDeliveryRepository reopened = new MongoDeliveryRepository(store.database());
      assertThat(reopened.find(id))
          .hasValueSatisfying(d -> assertThat(d.status()).isEqualTo(Status.PENDING));
      assertThat(engine(reopened, loopback(), "127.0.0.1").runDue()).isEqualTo(1);
      assertThat(reopened.find(id).orElseThrow().status()).isEqualTo(Status.DELIVERED);
    }
    assertThat(signatureValid).containsExactly(true);
  }

  @Test
  void aDeliveryLeasedByADeadReplicaIsTakenOverWhenTheLeaseExpires() {
    DeliveryEngine engine = engine(repository, loopback(), "127.0.0.1");
    Delivery stored = engine.enqueue(webhook(url("/ok"), "e1"));
    Instant now = clock.instant();
    assertThat(repository.claimDue("dead-replica", now, now.plusSeconds(40))).isPresent();

    assertThat(engine.runDue()).isZero();
    clock.advance(Duration.ofSeconds(40).plusMillis(1));
    assertThat(engine.runDue()).isEqualTo(1);
    assertThat(repository.find(stored.deliveryId()).orElseThrow().status())
        .isEqualTo(Status.DELIVERED);
  }

  @Test
  void theSsrfGuardRefusesALoopbackOrPrivateTargetThatIsNotAllowed() {
    DeliveryEngine engine = engine(repository, null, "127.0.0.1,10.1.2.3");
    Delivery loop = engine.enqueue(webhook(url("/ok"), "e1"));
    Delivery privateNet = engine.enqueue(webhook("https://10.1.2.3/hook", "e1"));
    assertThat(engine.runDue()).isEqualTo(2);

    assertThat(received).isEmpty();
    for (Delivery d : List.of(loop, privateNet)) {
      Delivery failed = repository.find(d.deliveryId()).orElseThrow();
      assertThat(failed.status()).as("final at once").isEqualTo(Status.FAILED);
      assertThat(failed.attempts())
          .singleElement()
          .satisfies(a -> assertThat(a.error()).startsWith("FETCH_FORBIDDEN_ADDRESS"));
    }
  }

  @Test
  void plainHttpToAHostNotAllowedAndADeletedEndpointFailAtOnce() {
    DeliveryEngine engine = engine(repository, loopback(), null);
    Delivery http = engine.enqueue(webhook(url("/ok"), "e1"));
    Delivery orphan = engine.enqueue(webhook("https://127.0.0.1:1/x", "deleted"));
    assertThat(engine.runDue()).isEqualTo(2);

    assertThat(received).isEmpty();
    assertThat(repository.find(http.deliveryId()).orElseThrow().attempts())
        .singleElement()
        .satisfies(a -> assertThat(a.error()).startsWith("WEBHOOK_HTTPS_REQUIRED"));
    assertThat(repository.find(orphan.deliveryId()).orElseThrow())
        .satisfies(d -> assertThat(d.status()).isEqualTo(Status.FAILED))
        .satisfies(
            d -> assertThat(d.attempts().get(0).error()).startsWith("WEBHOOK_ENDPOINT_DELETED"));
  }

  @Test
  void endpointsAreValidatedAndAnEventGoesOnlyToTheEndpointsThatWantIt() {
    DeliveryEngine engine = engine(repository, loopback(), "127.0.0.1");
    MongoWebhookEndpointRepository store =
        new MongoWebhookEndpointRepository(mongo.database(), new SecretSealer(new byte[32]));
    PlainHttpRule https = new PlainHttpRule(List.of("127.0.0.1"));
    WebhookEndpoints endpoints = new WebhookEndpoints(store, repository, engine, https, clock);

    WebhookEndpoint completed =
        endpoints.create("t1", url("/ok"), List.of(WebhookEvents.PROCESSING_COMPLETED));
    clock.advance(Duration.ofSeconds(1));
    WebhookEndpoint failed =
        endpoints.create("t1", url("/down"), List.of(WebhookEvents.PROCESSING_FAILED));
    assertThat(completed.secret()).startsWith("whsec_").hasSizeGreaterThan(40);
    assertThat(completed.secret()).isNotEqualTo(failed.secret());
    assertThat(endpoints.list("t1", 0, 10)).containsExactly(completed, failed);
    assertThat(endpoints.list("t2", 0, 10)).isEmpty();

    assertThat(endpoints.emit("t1", WebhookEvents.PROCESSING_COMPLETED, "job-9", BODY))
        .singleElement()
        .satisfies(d -> assertThat(d.endpointId()).isEqualTo(completed.endpointId()));
    assertThat(endpoints.emit("t2", WebhookEvents.PROCESSING_COMPLETED, "job-9", BODY)).isEmpty();

    assertThatThrownBy(
            () ->
                endpoints.create(
                    "t1", "http://hooks.example/x", List.of(WebhookEvents.PROCESSING_FAILED)))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("must use https");
    assertThatThrownBy(
            () -> endpoints.create("t1", "https://hooks.example/x", List.of("package.deleted")))
        .hasMessageContaining("Unknown event 'package.deleted'");
    assertThatThrownBy(() -> endpoints.create("t1", "https://hooks.example/x", List.of()))
        .hasMessageContaining("events is required");
    assertThatThrownBy(() -> endpoints.deliveries("t2", completed.endpointId(), 0, 10))
        .hasMessageContaining("not found");
    assertThat(endpoints.deliveries("t1", completed.endpointId(), 0, 10)).hasSize(1);
  }

  /** A clock the test moves. */
  static final class SettableClock extends Clock {
    private volatile Instant now;

    SettableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
