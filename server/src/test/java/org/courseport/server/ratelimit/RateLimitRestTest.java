package org.courseport.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.rpc.ErrorInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.courseport.api.v1.CourseServiceGrpc;
import org.courseport.api.v1.GetCoursesRequest;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The general rate limit through the real server: every REST dialect's 429 (status, Retry-After,
 * body), the X-RateLimit headers on every answer (2xx, errors, hand-written routes), the gRPC
 * response metadata and RESOURCE_EXHAUSTED, and the export class counted apart from the default.
 * Each test uses a fresh tenant key, so the counts do not mix. Windows are 24 h long, so a test
 * does not straddle one.
 */
class RateLimitRestTest {
  @RegisterExtension
  static final CourseportServerExtension SERVER =
      new CourseportServerExtension().with("COURSEPORT_RATE_LIMITS", "default=3/24h, export=2/24h");

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static HttpResponse<String> send(String method, String path, String key)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(SERVER.http() + path))
            .header("Authorization", CourseportServerExtension.basic(key));
    b =
        method.equals("POST")
            ? b.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
            : b.GET();
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  /** Three requests within the limit, each with the headers, then a 429 in the dialect's body. */
  private static JsonNode exhaust(String method, String path, int limit) throws Exception {
    String key = SERVER.newTenant();
    for (int i = 1; i <= limit; i++) {
      HttpResponse<String> r = send(method, path, key);
      assertThat(r.statusCode())
          .as(path + " request " + i + ": " + r.statusCode() + " " + r.body())
          .isNotEqualTo(429);
      assertThat(header(r, "X-RateLimit-Limit")).as(path + ": " + r.statusCode()).isNotNull();
      assertThat(header(r, "X-RateLimit-Limit")).as(path).isEqualTo(Integer.toString(limit));
      assertThat(header(r, "X-RateLimit-Remaining"))
          .as(path)
          .isEqualTo(Integer.toString(limit - i));
      assertThat(Long.parseLong(header(r, "X-RateLimit-Reset"))).isBetween(1L, 86_400L);
    }
    HttpResponse<String> limited = send(method, path, key);
    assertThat(limited.statusCode()).as(path + ": " + limited.body()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    assertThat(header(limited, "X-RateLimit-Limit")).isEqualTo(Integer.toString(limit));
    assertThat(header(limited, "X-RateLimit-Remaining")).isEqualTo("0");
    long retryAfter = Long.parseLong(header(limited, "Retry-After"));
    assertThat(retryAfter).isBetween(1L, 86_400L);
    assertThat(Long.parseLong(header(limited, "X-RateLimit-Reset")))
        .isBetween(retryAfter - 1, retryAfter);
    assertThat(header(limited, "X-Courseport-Reason")).isEqualTo("RATE_LIMIT_EXCEEDED");
    return JSON.readTree(limited.body());
  }

  @Test
  void scormCloudAnswers429WithItsMessageBody() throws Exception {
    JsonNode body = exhaust("GET", "/api/v2/courses", 3);
    assertThat(body.size()).isEqualTo(1);
    assertThat(body.get("message").asText())
        .contains("Rate limit exceeded")
        .contains("3 requests per 86400 s");
  }

  @Test
  void allureAnswers429WithItsErrorCodeMessageBody() throws Exception {
    JsonNode body = exhaust("GET", "/api/v1/packages", 3);
    assertThat(body.get("error").asText()).isEqualTo("Too Many Requests");
    assertThat(body.get("code").asText()).isEqualTo("RATE_LIMIT_EXCEEDED");
    assertThat(body.get("message").asText()).contains("Rate limit exceeded");
  }

  @Test
  void lessonsAnswer429WithItsErrorBody() throws Exception {
    JsonNode body = exhaust("GET", "/api/lessons", 3);
    assertThat(body.has("error") && body.has("message") && body.has("code")).isTrue();
    assertThat(body.has("timestamp")).isTrue();
  }

  @Test
  void canvasAnswers429WithItsErrorsArray() throws Exception {
    JsonNode body = exhaust("GET", "/api/v1/progress/987654", 3);
    assertThat(body.get("errors").isArray()).isTrue();
    assertThat(body.get("errors").get(0).get("message").asText()).isNotEmpty();
  }

  @Test
  void learningStudioAnswers429WithItsCode() throws Exception {
    JsonNode body = exhaust("GET", "/api/v1/media", 3);
    assertThat(body.size()).isEqualTo(2);
    assertThat(body.get("code").asText()).isEqualTo("RATE_LIMIT_EXCEEDED");
    assertThat(body.get("message").asText()).contains("Rate limit exceeded");
  }

  @Test
  void exportRoutesCountApartFromTheDefault() throws Exception {
    String key = SERVER.newTenant();
    String export = "/api/v1/courses/cou_missing/export";
    assertThat(send("POST", export, key).statusCode()).isNotEqualTo(429);
    HttpResponse<String> second = send("POST", export, key);
    assertThat(header(second, "X-RateLimit-Limit")).isEqualTo("2");
    assertThat(header(second, "X-RateLimit-Remaining")).isEqualTo("0");
    HttpResponse<String> third = send("POST", export, key);
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(JSON.readTree(third.body()).get("code").asText()).isEqualTo("RATE_LIMIT_EXCEEDED");
    assertThat(header(third, "Retry-After")).isNotNull();
    // The default class has its own count: still all three left.
    HttpResponse<String> list = send("GET", "/api/v2/courses", key);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(header(list, "X-RateLimit-Limit")).isEqualTo("3");
    assertThat(header(list, "X-RateLimit-Remaining")).isEqualTo("2");
  }

  @Test
  void successfulAnswersCarryTheHeaders() throws Exception {
    String key = SERVER.newTenant();
    HttpResponse<String> ok = send("GET", "/api/v2/courses", key);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(header(ok, "X-RateLimit-Limit")).isEqualTo("3");
    assertThat(header(ok, "X-RateLimit-Remaining")).isEqualTo("2");
    // No gRPC header leaks into the REST answer.
    assertThat(ok.headers().map().keySet()).noneMatch(n -> n.toLowerCase().startsWith("grpc-"));
  }

  @Test
  void handWrittenRoutesCarryTheHeadersAndCountToo() throws Exception {
    String key = SERVER.newTenant();
    // SCORM Cloud's zip download and LearningStudio's media content are hand-written routes.
    HttpResponse<String> zip = send("GET", "/api/v2/courses/cou_missing/zip", key);
    assertThat(zip.statusCode()).isEqualTo(404);
    assertThat(header(zip, "X-RateLimit-Limit")).isEqualTo("3");
    assertThat(header(zip, "X-RateLimit-Remaining")).isEqualTo("2");
    HttpResponse<String> media = send("GET", "/api/v1/media/med_missing/content", key);
    assertThat(media.statusCode()).isBetween(400, 404);
    assertThat(header(media, "X-RateLimit-Remaining")).isEqualTo("1");
    send("GET", "/api/v2/courses", key);
    HttpResponse<String> limited = send("GET", "/api/v2/courses/cou_missing/zip", key);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(header(limited, "X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(header(limited, "Retry-After")).isNotNull();
  }

  @Test
  void grpcCallsCarryTheMetadataAndEndResourceExhausted() {
    String key = SERVER.newTenant();
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    CourseServiceGrpc.CourseServiceBlockingStub stub =
        CourseServiceGrpc.newBlockingStub(SERVER.channel())
            .withInterceptors(
                MetadataUtils.newCaptureMetadataInterceptor(headers, trailers),
                MetadataUtils.newAttachHeadersInterceptor(auth(key)));
    Consumer<Integer> call =
        remaining -> {
          stub.getCourses(GetCoursesRequest.getDefaultInstance());
          assertThat(headers.get().get(key("x-ratelimit-limit"))).isEqualTo("3");
          assertThat(headers.get().get(key("x-ratelimit-remaining")))
              .isEqualTo(remaining.toString());
          assertThat(Long.parseLong(headers.get().get(key("x-ratelimit-reset"))))
              .isBetween(1L, 86_400L);
        };
    call.accept(2);
    call.accept(1);
    call.accept(0);
    assertThatThrownBy(() -> stub.getCourses(GetCoursesRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
              assertThat(e.getTrailers().get(key("x-ratelimit-remaining"))).isEqualTo("0");
              assertThat(e.getTrailers().get(key("x-ratelimit-limit"))).isEqualTo("3");
              ErrorInfo info = errorInfo(e);
              assertThat(info.getReason()).isEqualTo("RATE_LIMIT_EXCEEDED");
              assertThat(Long.parseLong(info.getMetadataOrThrow("retry_after_seconds")))
                  .isBetween(1L, 86_400L);
            });
  }

  private static ErrorInfo errorInfo(StatusRuntimeException e) {
    try {
      for (var any : StatusProto.fromThrowable(e).getDetailsList()) {
        if (any.is(ErrorInfo.class)) {
          return any.unpack(ErrorInfo.class);
        }
      }
    } catch (com.google.protobuf.InvalidProtocolBufferException x) {
      throw new AssertionError(x);
    }
    throw new AssertionError("no ErrorInfo in " + e);
  }

  private static Metadata.Key<String> key(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }

  private static Metadata auth(String key) {
    Metadata m = new Metadata();
    m.put(key("authorization"), CourseportServerExtension.basic(key));
    return m;
  }
}
