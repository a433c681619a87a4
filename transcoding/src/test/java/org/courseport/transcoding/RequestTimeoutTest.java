package org.courseport.transcoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.transcoding.Http.strictJson;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.courseport.api.v1.AdminServiceGrpc;
import org.courseport.api.v1.CourseServiceGrpc;
import org.courseport.api.v1.ExportServiceGrpc;
import org.courseport.api.v1.LessonServiceGrpc;
import org.courseport.api.v1.MediaServiceGrpc;
import org.courseport.api.v1.PackageServiceGrpc;
import org.courseport.transcoding.core.RequestIds;
import org.courseport.transcoding.core.RequestTimeouts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A REST request whose call outlives the front's request timeout answers 503 with {@code
 * Retry-After} and a message naming the limit, in every dialect's body and in the AIP-193 fallback,
 * and logs one WARN line with its route and request id. Every call is held by an interceptor that
 * never lets it reach the service, so only the (1 s) request timeout can end the request.
 */
class RequestTimeoutTest {

  private static final String MESSAGE =
      "The request took longer than 1 s, the server's request timeout; try again later.";

  /** Holds every call forever: it never reaches the service and is never closed. */
  private static final class Hold implements ServerInterceptor {
    final AtomicInteger held = new AtomicInteger();

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
      held.incrementAndGet();
      return new ServerCall.Listener<>() {};
    }
  }

  private static final Hold HOLD = new Hold();

  private static final String HELD_ROUTE = "/api/v2/held-by-test";

  @RegisterExtension
  static final ServerExtension front =
      new ServerExtension() {
        private Server grpcServer;
        private ManagedChannel channel;

        @Override
        protected void configure(ServerBuilder sb) throws Exception {
          List<ServerServiceDefinition> services =
              List.of(
                  ServerInterceptors.intercept(
                      new CourseServiceGrpc.CourseServiceImplBase() {}, HOLD),
                  ServerInterceptors.intercept(
                      new PackageServiceGrpc.PackageServiceImplBase() {}, HOLD),
                  ServerInterceptors.intercept(
                      new LessonServiceGrpc.LessonServiceImplBase() {}, HOLD),
                  ServerInterceptors.intercept(
                      new MediaServiceGrpc.MediaServiceImplBase() {}, HOLD),
                  ServerInterceptors.intercept(
                      new ExportServiceGrpc.ExportServiceImplBase() {}, HOLD),
                  ServerInterceptors.intercept(
                      new AdminServiceGrpc.AdminServiceImplBase() {}, HOLD));
          String name = InProcessServerBuilder.generateName();
          InProcessServerBuilder grpc = InProcessServerBuilder.forName(name);
          services.forEach(grpc::addService);
          grpcServer = grpc.build().start();
          channel = InProcessChannelBuilder.forName(name).build();
          // A hand-written (non-gRPC) REST route whose response never comes.
          sb.service(
              HELD_ROUTE,
              (ctx, req) -> {
                HOLD.held.incrementAndGet();
                return HttpResponse.of(new CompletableFuture<HttpResponse>());
              });
          RestFront.configure(
              sb,
              services,
              channel,
              RestFrontOptions.defaults().withRequestTimeout(Duration.ofSeconds(1)));
        }

        @Override
        public void after(ExtensionContext context) throws Exception {
          super.after(context);
          channel.shutdownNow();
          grpcServer.shutdownNow();
        }
      };

  private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(RequestTimeouts.class);

  @BeforeEach
  void captureLog() {
    warnings.start();
    logger.addAppender(warnings);
  }

  @AfterEach
  void releaseLog() {
    logger.detachAppender(warnings);
  }

  private AggregatedHttpResponse get(String path, String requestId) {
    BlockingWebClient client = front.blockingWebClient(b -> b.responseTimeoutMillis(30_000));
    int before = HOLD.held.get();
    AggregatedHttpResponse res =
        client
            .prepare()
            .get(path)
            .header(HttpHeaderNames.AUTHORIZATION, "Bearer token")
            .header(RequestIds.HEADER, requestId)
            .execute();
    assertThat(res.status().code()).as(path + " " + res.contentUtf8()).isEqualTo(503);
    assertThat(HOLD.held.get()).as("the call reached the held service").isGreaterThan(before);
    assertThat(res.headers().get(HttpHeaderNames.RETRY_AFTER)).as(path).isEqualTo("5");
    assertThat(res.headers().get("x-courseport-reason")).isEqualTo("REQUEST_TIMEOUT");
    assertThat(res.headers().get(RequestIds.HEADER)).isEqualTo(requestId);
    assertThat(res.contentType().isJson()).isTrue();
    assertThat(res.contentUtf8()).doesNotContain("Cancelled");
    assertLogged(path, requestId);
    return res;
  }

  private void assertLogged(String path, String requestId) {
    List<ILoggingEvent> lines =
        warnings.list.stream()
            .filter(e -> e.getFormattedMessage().contains("request id " + requestId + ")"))
            .toList();
    assertThat(lines).as("one WARN line for " + path).hasSize(1);
    assertThat(lines.get(0).getLevel()).isEqualTo(Level.WARN);
    assertThat(lines.get(0).getFormattedMessage())
        .contains("GET " + path)
        .contains("route ")
        .contains("request timeout of 1 s");
  }

  @Test
  void scormCloud_answers503WithItsMessageBody() {
    JsonNode body = strictJson(get("/api/v2/courses/c1", "req-scorm").contentUtf8());
    assertThat(body.get("message").asText()).isEqualTo(MESSAGE);
  }

  @Test
  void allure_answers503WithItsErrorCodeAndMessage() {
    JsonNode body = strictJson(get("/api/v1/packages/p1", "req-allure").contentUtf8());
    assertThat(body.get("message").asText()).isEqualTo(MESSAGE);
    assertThat(body.get("code").asText()).isEqualTo("REQUEST_TIMEOUT");
    assertThat(body.get("error").asText()).isEqualTo("Service Unavailable");
  }

  @Test
  void lessons_answers503WithTheSeedBody() {
    JsonNode body =
        strictJson(
            get("/api/lessons/3f2b8c1e-5d4a-4b6f-9a7e-2c1d0e9f8a7b", "req-lessons").contentUtf8());
    assertThat(body.get("message").asText()).isEqualTo(MESSAGE);
    assertThat(body.get("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
    assertThat(body.get("error").asText()).isNotBlank();
    assertThat(body.get("timestamp").asText()).isNotBlank();
  }

  @Test
  void canvas_answers503WithItsErrorsArray() {
    JsonNode body = strictJson(get("/api/v1/progress/7", "req-canvas").contentUtf8());
    assertThat(body.at("/errors/0/message").asText()).isEqualTo(MESSAGE);
  }

  @Test
  void learningStudio_answers503WithItsMessageAndCode() {
    JsonNode body = strictJson(get("/api/v1/media/m1", "req-ls").contentUtf8());
    assertThat(body.get("message").asText()).isEqualTo(MESSAGE);
    assertThat(body.get("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
  }

  @Test
  void aip193Fallback_answers503WithUnavailableAndTheReason() {
    JsonNode body = strictJson(get("/api/admin/tenants/t1", "req-aip").contentUtf8());
    assertThat(body.at("/error/code").asInt()).isEqualTo(503);
    assertThat(body.at("/error/status").asText()).isEqualTo("UNAVAILABLE");
    assertThat(body.at("/error/message").asText()).isEqualTo(MESSAGE);
    assertThat(body.at("/error/details/0/reason").asText()).isEqualTo("REQUEST_TIMEOUT");
  }

  @Test
  void handWrittenRoute_answersInItsDialectToo() {
    JsonNode body = strictJson(get(HELD_ROUTE, "req-http").contentUtf8());
    assertThat(body.get("message").asText()).isEqualTo(MESSAGE);
  }
}
