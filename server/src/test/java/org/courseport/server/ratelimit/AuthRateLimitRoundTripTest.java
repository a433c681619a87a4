package org.courseport.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.courseport.api.v1.CourseServiceGrpc;
import org.courseport.api.v1.GetCourseRequest;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Authentication and rate limiting through the real server cost one store command together in the
 * steady state (counted with the driver's command metrics, by collection), and a wrong secret
 * neither uses up the key's quota nor gets a 429. Windows are 24 h long, so a test does not
 * straddle one.
 */
class AuthRateLimitRoundTripTest {
  @RegisterExtension
  static final CourseportServerExtension SERVER =
      new CourseportServerExtension().with("COURSEPORT_RATE_LIMITS", "default=4/24h");

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Store commands so far by collection and command name ({@code apiKeys/findAndModify}). */
  static Map<String, Long> commands(CourseportServerExtension server) {
    MeterRegistry registry = server.server().services().metrics().registry();
    Map<String, Long> counts = new TreeMap<>();
    for (Timer t : registry.find("mongodb.driver.commands").timers()) {
      String key = t.getId().getTag("collection") + "/" + t.getId().getTag("command");
      counts.merge(key, t.count(), Long::sum);
    }
    return counts;
  }

  /** The commands of {@code after} not in {@code before}, on the collections of keys and limits. */
  static Map<String, Long> authCommands(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> delta = new TreeMap<>();
    after.forEach(
        (k, v) -> {
          long d = v - before.getOrDefault(k, 0L);
          if (d != 0
              && (k.startsWith(MongoStore.API_KEYS + "/")
                  || k.startsWith(MongoStore.TENANTS + "/")
                  || k.startsWith("rateLimits/"))) {
            delta.put(k, d);
          }
        });
    return delta;
  }

  private static CourseServiceGrpc.CourseServiceBlockingStub stub(String key) {
    return SERVER.blocking(key);
  }

  private static Status.Code getCourse(CourseServiceGrpc.CourseServiceBlockingStub stub) {
    try {
      stub.getCourse(GetCourseRequest.newBuilder().setCourseId("no-such-course").build());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Test
  void oneAuthenticatedGetCourseCostsOneStoreCommandForAuthAndCounting() {
    String key = SERVER.newTenant();
    CourseServiceGrpc.CourseServiceBlockingStub stub = stub(key);
    // The first call of a window opens it (the uncommon path).
    assertThat(getCourse(stub)).isEqualTo(Status.Code.NOT_FOUND);
    Map<String, Long> before = commands(SERVER);
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    Status.Code code =
        getCourse(
            stub.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers)));
    Map<String, Long> after = commands(SERVER);
    assertThat(code).isEqualTo(Status.Code.NOT_FOUND);
    // One findAndModify on the key document both read the key and counted the call.
    assertThat(authCommands(before, after))
        .as("all commands: %s -> %s", before, after)
        .containsExactly(Map.entry(MongoStore.API_KEYS + "/findAndModify", 1L));
    Metadata answered = new Metadata();
    if (headers.get() != null) {
      answered.merge(headers.get());
    }
    answered.merge(trailers.get());
    assertThat(answered.get(Metadata.Key.of("x-ratelimit-limit", Metadata.ASCII_STRING_MARSHALLER)))
        .isEqualTo("4");
    assertThat(
            answered.get(
                Metadata.Key.of("x-ratelimit-remaining", Metadata.ASCII_STRING_MARSHALLER)))
        .isEqualTo("2");
    // The counter lives in the key document, not in the old rateLimits collection.
    Document stored =
        SERVER
            .server()
            .services()
            .store()
            .database()
            .getCollection(MongoStore.API_KEYS)
            .find(new Document("keyId", key.substring(0, key.indexOf(':'))))
            .first();
    assertThat(stored.get("rl", Document.class).get("default", Document.class).getLong("n"))
        .isEqualTo(2L);
  }

  private static HttpResponse<String> get(String authorization) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(SERVER.http() + "/api/v2/courses/no-such-course"))
            .header("Authorization", authorization)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void wrongSecretsDoNotUseUpTheQuotaAndAre401EvenOverTheLimit() throws Exception {
    String key = SERVER.newTenant();
    String wrong = CourseportServerExtension.basic(key.substring(0, key.indexOf(':')) + ":wrong");
    String right = CourseportServerExtension.basic(key);
    assertThat(get(right).headers().firstValue("X-RateLimit-Remaining")).contains("3");
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> r = get(wrong);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
      assertThat(r.headers().firstValue("X-RateLimit-Limit")).isEmpty();
    }
    // The six failures were handed back: three calls are still left.
    for (int left = 2; left >= 0; left--) {
      HttpResponse<String> r = get(right);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
      assertThat(r.headers().firstValue("X-RateLimit-Remaining")).contains(Integer.toString(left));
    }
    HttpResponse<String> limited = get(right);
    assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
    assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).contains("0");
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    // Over the limit, wrong credentials are still answered as such, never with 429.
    HttpResponse<String> refused = get(wrong);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
    assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
    // An unknown key and a malformed header are 401 too.
    assertThat(get(CourseportServerExtension.basic("no-such-key:secret")).statusCode())
        .isEqualTo(401);
    assertThat(get("Bearer").statusCode()).isEqualTo(401);
    assertThatThrownBy(() -> stub(key).getCourse(GetCourseRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
  }
}
