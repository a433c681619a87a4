package org.courseport.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.courseport.server.domain.delivery.Delivery;
import org.courseport.server.domain.delivery.Delivery.Attempt;
import org.courseport.server.domain.delivery.Delivery.Status;
import org.courseport.server.net.AddressPolicy;
import org.courseport.server.net.PinnedHttpClient;
import org.courseport.server.net.UrlGuard;
import org.courseport.server.storage.mongo.delivery.MongoDeliveryRepository;
import org.courseport.server.testing.MemoryMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PostbackSenderTest {
  static final String JSON = "{\"jobId\":\"j1\",\"status\":\"COMPLETE\"}";
  static final RetryPolicy FAST =
      new RetryPolicy(
          3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), Duration.ofMillis(500));

  static Server server;
  static PinnedHttpClient client;
  static final AtomicInteger flakyCalls = new AtomicInteger();
  static final List<AggregatedHttpRequest> received = new CopyOnWriteArrayList<>();
  static final AtomicInteger otherCalls = new AtomicInteger();

  @RegisterExtension final MemoryMongo mongo = new MemoryMongo();
  final MongoDeliveryRepository repository = new MongoDeliveryRepository(mongo.database());
  final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);

  @BeforeAll
  static void start() {
    server =
        Server.builder()
            .http(new InetSocketAddress("127.0.0.1", 0))
            .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
            .service(
                "/flaky",
                (ctx, req) ->
                    HttpResponse.of(
                        req.aggregate()
                            .thenApply(
                                agg -> {
                                  received.add(agg);
                                  return HttpResponse.of(
                                      flakyCalls.incrementAndGet() <= 2
                                          ? HttpStatus.SERVICE_UNAVAILABLE
                                          : HttpStatus.NO_CONTENT);
                                })))
            .service(
                "/down",
                (ctx, req) -> {
                  otherCalls.incrementAndGet();
                  return HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR);
                })
            .service(
                "/gone",
                (ctx, req) -> {
                  otherCalls.incrementAndGet();
                  return HttpResponse.of(HttpStatus.NOT_FOUND);
                })
            .service("/never", (ctx, req) -> HttpResponse.of(new CompletableFuture<HttpResponse>()))
            .build();
    server.start().join();
    client = new PinnedHttpClient(Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() {
    server.stop().join();
    client.close();
  }

  @AfterEach
  void shutdown() {
    executor.shutdownNow();
  }

  PostbackSender sender(String... allow) {
    // Each engine completes only the futures of deliveries it enqueued: close the engines of
    // earlier senders so that none of them claims this sender's deliveries.
    engines.forEach(DeliveryEngine::close);
    // Postbacks go through the delivery engine now (stored first, claimed, retried with jitter).
    DeliveryEngine engine =
        new DeliveryEngine(
                repository,
                new UrlGuard(AddressPolicy.withAllowList(List.of(allow))),
                new PlainHttpRule(List.of()),
                client,
                (tenant, endpoint) -> Optional.empty(),
                FAST,
                Clock.systemUTC(),
                () -> 0.5,
                executor)
            .start(Duration.ofSeconds(30));
    engines.add(engine);
    return new PostbackSender(engine);
  }

  private final List<DeliveryEngine> engines = new java.util.concurrent.CopyOnWriteArrayList<>();

  String url(String path) {
    return "http://127.0.0.1:" + server.activeLocalPort() + path;
  }

  String allow() {
    return "127.0.0.1:" + server.activeLocalPort();
  }

  static Delivery await(CompletableFuture<Delivery> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  @Test
  void retriesWithBackoffUntilTheReceiverAccepts() throws Exception {
    BasicCredentials credentials = new BasicCredentials("hook", "pa:ss");
    Delivery d =
        await(
            sender(allow())
                .submit(
                    new PostbackRequest("t1", "j1", url("/flaky?token=abc"), JSON, credentials)));

    assertThat(d.status()).isEqualTo(Status.DELIVERED);
    assertThat(d.url()).isEqualTo(url("/flaky"));
    assertThat(d.attempts()).extracting(Attempt::statusCode).containsExactly(503, 503, 204);
    assertThat(d.attempts()).extracting(Attempt::number).containsExactly(1, 2, 3);
    assertThat(d.attempts()).allSatisfy(a -> assertThat(a.error()).isNull());
    assertThat(Duration.between(d.attempts().get(0).at(), d.attempts().get(1).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(100));
    assertThat(Duration.between(d.attempts().get(1).at(), d.attempts().get(2).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(repository.find(d.deliveryId())).hasValue(d);

    AggregatedHttpRequest last = received.get(received.size() - 1);
    assertThat(last.method().name()).isEqualTo("POST");
    assertThat(last.path()).isEqualTo("/flaky?token=abc");
    assertThat(last.headers().get("content-type")).isEqualTo("application/json");
    assertThat(last.headers().get("authorization")).isEqualTo("Basic aG9vazpwYTpzcw==");
    assertThat(last.contentUtf8()).isEqualTo(JSON);
  }

  @Test
  void givesUpAfterTheLastAttempt() throws Exception {
    int before = otherCalls.get();
    Delivery d =
        await(sender(allow()).submit(new PostbackRequest("t1", "j2", url("/down"), JSON, null)));
    assertThat(d.status()).isEqualTo(Status.FAILED);
    assertThat(d.attempts()).extracting(Attempt::statusCode).containsExactly(500, 500, 500);
    assertThat(otherCalls.get() - before).isEqualTo(3);
    assertThat(repository.findBySubject("t1", "j2"))
        .singleElement()
        .extracting(Delivery::status)
        .isEqualTo(Status.FAILED);
  }

  @Test
  void clientErrorsAndRefusedAddressesAreNotRetried() throws Exception {
    Delivery gone =
        await(sender(allow()).submit(new PostbackRequest("t1", "j3", url("/gone"), JSON, null)));
    assertThat(gone.status()).isEqualTo(Status.FAILED);
    assertThat(gone.attempts()).extracting(Attempt::statusCode).containsExactly(404);

    int before = otherCalls.get();
    Delivery refused =
        await(sender().submit(new PostbackRequest("t1", "j4", url("/down"), JSON, null)));
    assertThat(refused.status()).isEqualTo(Status.FAILED);
    assertThat(refused.attempts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.statusCode()).isEqualTo(-1);
              assertThat(a.error()).startsWith("FETCH_FORBIDDEN_ADDRESS").contains("127.0.0.1");
            });
    assertThat(otherCalls.get()).isEqualTo(before);

    Delivery bad =
        await(sender().submit(new PostbackRequest("t1", "j5", "file:///etc/passwd", JSON, null)));
    assertThat(bad.attempts())
        .singleElement()
        .satisfies(a -> assertThat(a.error()).startsWith("FETCH_BAD_URL"));
  }

  @Test
  void timeoutsAndRefusedConnectionsAreRetriedAndRecorded() throws Exception {
    Delivery slow =
        await(sender(allow()).submit(new PostbackRequest("t1", "j6", url("/never"), JSON, null)));
    assertThat(slow.status()).isEqualTo(Status.FAILED);
    assertThat(slow.attempts())
        .hasSize(3)
        .allSatisfy(
            a -> {
              assertThat(a.error()).startsWith("FETCH_TIMEOUT");
              assertThat(a.durationMillis()).isBetween(400L, 5000L);
            });

    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    Delivery closed =
        await(
            sender("127.0.0.1:" + port)
                .submit(
                    new PostbackRequest(
                        "t1", "j7", "http://127.0.0.1:" + port + "/hook", JSON, null)));
    assertThat(closed.attempts())
        .hasSize(3)
        .allSatisfy(a -> assertThat(a.error()).startsWith("FETCH_UNREACHABLE"));
  }

  @Test
  void backoffGrowsAndIsCapped() {
    RetryPolicy p = RetryPolicy.defaults();
    assertThat(List.of(p.delayBefore(2), p.delayBefore(3), p.delayBefore(4), p.delayBefore(5)))
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8));
    RetryPolicy capped =
        new RetryPolicy(
            10, Duration.ofSeconds(1), 3.0, Duration.ofSeconds(5), Duration.ofSeconds(1));
    assertThat(capped.delayBefore(9)).isEqualTo(Duration.ofSeconds(5));
  }
}
