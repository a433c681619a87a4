package org.courseport.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.courseport.server.domain.delivery.Delivery;
import org.courseport.server.domain.delivery.WebhookEvents;
import org.courseport.server.domain.launch.CommitRefusedException;
import org.courseport.server.domain.launch.DefaultLaunchSessions;
import org.courseport.server.domain.launch.LaunchGrant;
import org.courseport.server.domain.launch.LaunchMode;
import org.courseport.server.domain.launch.RuntimeCommit;
import org.courseport.server.domain.launch.ScoCatalog;
import org.courseport.server.domain.settings.SettingScope;
import org.courseport.server.domain.settings.SettingsRegistry;
import org.courseport.server.domain.settings.SettingsService;
import org.courseport.server.net.AddressPolicy;
import org.courseport.server.net.PinnedHttpClient;
import org.courseport.server.net.UrlGuard;
import org.courseport.server.storage.mongo.delivery.MongoDeliveryRepository;
import org.courseport.server.storage.mongo.launch.MongoLaunchSessions;
import org.courseport.server.storage.mongo.launch.MongoStatements;
import org.courseport.server.storage.mongo.settings.MongoSettingsRepository;
import org.courseport.server.testing.MemoryMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Registration postbacks end to end: commits through {@link DefaultLaunchSessions} on MongoDB, the
 * real delivery engine (driven with {@link DeliveryEngine#runDue()}), and a local HTTP receiver
 * (loopback allowed by the allow-list).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistrationPostbacksTest {
  static final String TENANT = "t-1";
  static final String COURSE = "golf";
  static final String PASSWORD = "pw-S3cr3t:&=zz";
  static final Instant NOW = Instant.parse("2026-12-06T03:00:00.250Z");
  static final ObjectMapper JSON = new ObjectMapper();

  static Server receiver;
  static PinnedHttpClient client;
  static final BlockingQueue<AggregatedHttpRequest> received = new LinkedBlockingQueue<>();

  @RegisterExtension final MemoryMongo mongo = new MemoryMongo();
  final MongoDeliveryRepository deliveries = new MongoDeliveryRepository(mongo.database());
  final SettingsService settings =
      new SettingsService(
          SettingsRegistry.builtin(), new MongoSettingsRepository(mongo.database()));
  final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  DeliveryEngine engine;
  DefaultLaunchSessions sessions;

  @BeforeAll
  static void startReceiver() {
    receiver =
        Server.builder()
            .http(new InetSocketAddress("127.0.0.1", 0))
            .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
            .service(
                "/hook",
                (ctx, req) ->
                    HttpResponse.of(
                        req.aggregate()
                            .thenApply(
                                agg -> {
                                  received.add(agg);
                                  return HttpResponse.of(HttpStatus.NO_CONTENT);
                                })))
            .build();
    receiver.start().join();
    client = new PinnedHttpClient(Duration.ofSeconds(2));
  }

  @AfterAll
  static void stopReceiver() {
    receiver.stop().join();
    client.close();
  }

  @BeforeEach
  void setUp() {
    received.clear();
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    engine =
        new DeliveryEngine(
            deliveries,
            new UrlGuard(
                AddressPolicy.withAllowList(List.of("127.0.0.1:" + receiver.activeLocalPort()))),
            new PlainHttpRule(List.of()),
            client,
            (tenant, endpoint) -> Optional.empty(),
            new RetryPolicy(
                3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), Duration.ofSeconds(2)),
            Clock.systemUTC(),
            () -> 0.5,
            executor);
    // Not started: each test sends what is due with runDue(), in its own thread, so that what was
    // sent (or not) is known when the call returns.
    sessions =
        new DefaultLaunchSessions(
            new MongoLaunchSessions(mongo.database()),
            new MongoStatements(mongo.database()),
            (t, c, v) ->
                Optional.of(
                    new ScoCatalog.Layout(
                        "Golf", List.of(new ScoCatalog.Item("intro", "Introduction", true)))),
            Clock.fixed(NOW, ZoneOffset.UTC),
            new RegistrationPostbacks(settings, engine));
  }

  @AfterEach
  void tearDown() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    engine.close();
    executor.shutdownNow();
  }

  String url() {
    return "http://127.0.0.1:" + receiver.activeLocalPort() + "/hook";
  }

  void configure(String authType) {
    Map<String, String> values = new HashMap<>();
    values.put("ApiRollupRegistrationPostBackUrl", url());
    values.put("ApiRollupRegistrationAuthType", authType);
    values.put("ApiRollupRegistrationAuthUser", "lms");
    values.put("ApiRollupRegistrationAuthPassword", PASSWORD);
    settings.set(SettingScope.version(TENANT, COURSE, 1), values);
  }

  static LaunchGrant grant(String sessionId) {
    return new LaunchGrant(
        TENANT,
        COURSE,
        1,
        LaunchMode.TRACKED,
        sessionId,
        "learner-7",
        null,
        Instant.parse("2026-12-06T10:00:00Z"));
  }

  static String cmi(String completion, String success, String scaled, String time) {
    return "{\"completion_status\":\""
        + completion
        + "\",\"success_status\":\""
        + success
        + "\",\"entry\":\"ab-initio\",\"exit\":\"\",\"location\":\"\",\"suspend_data\":\"\","
        + "\"session_time\":\""
        + time
        + "\",\"score\":{\"scaled\":\""
        + scaled
        + "\",\"raw\":\"\",\"min\":\"\",\"max\":\"\"}}";
  }

  static AggregatedHttpRequest next() {
    AggregatedHttpRequest r = received.poll(); // runDue() returned: the receiver has answered
    assertThat(r).as("a postback arrived").isNotNull();
    return r;
  }

  List<Delivery> stored(String sessionId) {
    return deliveries.findBySubject(TENANT, sessionId);
  }

  @Test
  void completingCommitSendsOnePostback_withBasicAuth_andAnUnchangedCommitSendsNone()
      throws Exception {
    configure("httpbasic");
    sessions.start(TENANT, COURSE, 1, "scorm2004", "s-1", "learner-7");

    sessions.commit(
        grant("s-1"),
        new RuntimeCommit("intro", "k1", 1, false, cmi("completed", "passed", "0.85", "PT1M30S")));
    assertThat(engine.runDue()).isEqualTo(1);

    AggregatedHttpRequest post = next();
    assertThat(post.method().name()).isEqualTo("POST");
    assertThat(post.path()).isEqualTo("/hook");
    assertThat(post.headers().get("content-type")).isEqualTo("application/json");
    // "lms:" + PASSWORD in Base64
    assertThat(post.headers().get("authorization"))
        .isEqualTo(
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString(("lms:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    assertThat(post.headers().get("authorization")).isEqualTo("Basic bG1zOnB3LVMzY3IzdDomPXp6");
    JsonNode body = JSON.readTree(post.contentUtf8());
    assertThat(body)
        .isEqualTo(
            JSON.readTree(
                "{\"id\":\"s-1\",\"registrationCompletion\":\"COMPLETED\","
                    + "\"registrationSuccess\":\"PASSED\",\"score\":{\"scaled\":85.0},"
                    + "\"totalSecondsTracked\":90.0,\"course\":{\"id\":\"golf\",\"version\":1},"
                    + "\"learner\":{\"id\":\"learner-7\"},"
                    + "\"updated\":\"2026-12-06T03:00:00.250Z\"}"));
    assertThat(post.contentUtf8()).doesNotContain(PASSWORD);
    assertThat(stored("s-1"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.eventType()).isEqualTo(WebhookEvents.REGISTRATION_POSTBACK);
              assertThat(d.kind()).isEqualTo(Delivery.Kind.POSTBACK);
              assertThat(d.status()).isEqualTo(Delivery.Status.DELIVERED);
            });

    // Same state, same session time: the rollup did not change, so nothing is even enqueued
    // (deliveries are stored before they are sent).
    sessions.commit(
        grant("s-1"),
        new RuntimeCommit("intro", "k1", 2, false, cmi("completed", "passed", "0.85", "PT1M30S")));
    // A stale commit (seq not above the stored one) changes nothing either.
    sessions.commit(
        grant("s-1"),
        new RuntimeCommit("intro", "k1", 1, true, cmi("incomplete", "failed", "0.1", "PT9M")));
    assertThat(stored("s-1")).hasSize(1);
    assertThat(engine.runDue()).isZero();
    assertThat(received).isEmpty();

    // More time tracked: a second postback, with the new total.
    sessions.commit(
        grant("s-1"),
        new RuntimeCommit("intro", "k1", 3, true, cmi("completed", "passed", "0.85", "PT2M")));
    assertThat(stored("s-1")).hasSize(2);
    assertThat(engine.runDue()).isEqualTo(1);
    JsonNode second = JSON.readTree(next().contentUtf8());
    assertThat(second.path("totalSecondsTracked").asDouble()).isEqualTo(120.0);
    assertThat(received).isEmpty();

    assertNoPasswordInLogs();
  }

  @Test
  void formAuthSendsTheCredentialsAndTheResultAsFormFields() throws Exception {
    configure("form");
    sessions.start(TENANT, COURSE, 1, "scorm2004", "s-2", "learner-7");
    sessions.commit(
        grant("s-2"),
        new RuntimeCommit("intro", "k1", 1, false, cmi("incomplete", "failed", "0.07", "PT5S")));
    assertThat(engine.runDue()).isEqualTo(1);

    AggregatedHttpRequest post = next();
    assertThat(post.headers().get("content-type")).isEqualTo("application/x-www-form-urlencoded");
    assertThat(post.headers().get("authorization")).isNull();
    Map<String, String> fields = new HashMap<>();
    for (String pair : post.contentUtf8().split("&")) {
      int eq = pair.indexOf('=');
      fields.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    assertThat(fields).containsOnlyKeys("username", "password", "data");
    assertThat(fields).containsEntry("username", "lms").containsEntry("password", PASSWORD);
    JsonNode data = JSON.readTree(fields.get("data"));
    assertThat(data.path("registrationCompletion").asText()).isEqualTo("INCOMPLETE");
    assertThat(data.path("registrationSuccess").asText()).isEqualTo("FAILED");
    assertThat(data.path("score").path("scaled").asDouble()).isEqualTo(7.0);
    assertThat(data.path("totalSecondsTracked").asDouble()).isEqualTo(5.0);
    assertNoPasswordInLogs();
  }

  @Test
  void withoutAUrlOrForAPreviewNothingIsSent() throws Exception {
    settings.set(
        SettingScope.version(TENANT, COURSE, 1),
        Map.of("ApiRollupRegistrationAuthType", "httpbasic", "ApiRollupRegistrationAuthUser", "x"));
    sessions.start(TENANT, COURSE, 1, "scorm2004", "s-3", "learner-7");
    sessions.commit(
        grant("s-3"),
        new RuntimeCommit("intro", "k1", 1, false, cmi("completed", "passed", "1", "PT1S")));
    assertThat(stored("s-3")).isEmpty();
    assertThat(engine.runDue()).isZero();

    configure("httpbasic");
    LaunchGrant preview =
        new LaunchGrant(
            TENANT, COURSE, 1, LaunchMode.PREVIEW, null, null, null, NOW.plusSeconds(60));
    assertThatThrownBy(
            () ->
                sessions.commit(
                    preview,
                    new RuntimeCommit(
                        "intro", "k1", 1, false, cmi("completed", "passed", "1", "PT1S"))))
        .isInstanceOf(CommitRefusedException.class);
    assertThat(engine.runDue()).isZero();
    assertThat(received).isEmpty();

    // A session without a score and not attempted: no score object, UNKNOWN statuses.
    sessions.start(TENANT, COURSE, 1, "scorm2004", "s-4", "learner-7");
    sessions.commit(
        grant("s-4"),
        new RuntimeCommit("intro", "k1", 1, false, cmi("unknown", "unknown", "", "PT3S")));
    assertThat(engine.runDue()).isEqualTo(1);
    JsonNode body = JSON.readTree(next().contentUtf8());
    assertThat(body.path("registrationCompletion").asText()).isEqualTo("UNKNOWN");
    assertThat(body.path("registrationSuccess").asText()).isEqualTo("UNKNOWN");
    assertThat(body.has("score")).isFalse();
  }

  void assertNoPasswordInLogs() {
    assertThat(logs.list).isNotEmpty(); // the engine logs each delivered postback
    for (ILoggingEvent e : logs.list) {
      assertThat(e.getFormattedMessage()).doesNotContain(PASSWORD);
      if (e.getThrowableProxy() != null) {
        assertThat(ThrowableProxyUtil.asString(e.getThrowableProxy())).doesNotContain(PASSWORD);
      }
    }
  }
}
