package org.courseport.transcoding;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import org.courseport.api.v1.GetCourseAssetRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** Bad input on the SCORM Cloud routes: a 4xx in the dialect's body, and no call made. */
class BadInputTest {

  @RegisterExtension static final FrontExtension front = new FrontExtension();

  private final BlockingWebClient client = front.authorized();

  @BeforeEach
  void reset() {
    front.fake.requests.clear();
    front.fake.failure = null;
    front.fake.upload.reset();
  }

  @Test
  void multipartWithoutBoundary_is400NotA500() {
    AggregatedHttpResponse res =
        client.execute(
            HttpRequest.of(
                RequestHeaders.builder(
                        HttpMethod.POST, "/api/v2/courses/importJobs/upload?courseId=c1")
                    .contentType(MediaType.parse("multipart/form-data"))
                    .build(),
                HttpData.ofUtf8("--x\r\n")));

    assertThat(res.status().code()).isEqualTo(400);
    assertThat(message(res))
        .isEqualTo("The multipart/form-data Content-Type has no boundary parameter.");
    assertThat(front.fake.upload.metadata).isEmpty();
  }

  @Test
  void uriOverTheLimitOverHttp2_is414AsOverHttp1() {
    // HTTP/1 refuses a request line over 4 KiB while decoding it; HTTP/2 has no such limit, so
    // the same URI reached the route and a 5,000-character course id was echoed in a 404.
    BlockingWebClient h2 =
        WebClient.builder("h2c://127.0.0.1:" + front.httpPort())
            .addHeader(HttpHeaderNames.AUTHORIZATION, FakeAuthInterceptor.GOOD)
            .build()
            .blocking();

    AggregatedHttpResponse res = h2.get("/api/v2/courses/" + "a".repeat(5000));

    assertThat(res.status().code()).isEqualTo(414);
    assertThat(res.contentType()).isEqualTo(MediaType.JSON_UTF_8);
    assertThat(message(res)).isEqualTo("The request URI is too long.");
    assertThat(front.fake.requests).isEmpty();
    assertThat(h2.get("/api/v2/courses/" + "a".repeat(3000)).status().code())
        .as("a long URI under the limit still reaches the route")
        .isNotEqualTo(414);
  }

  @Test
  void nonStringValues_areNamedByTheirPathInTheBodyTheCallerSent() {
    // Not by the transcoder's wrapping of the body ('import_request.url',
    // 'configuration.settings[].value'), which no caller wrote.
    assertThat(
            message(
                sendJson(
                    HttpMethod.POST, "/api/v2/courses/importJobs?courseId=c1", "{\"url\": 5}")))
        .isEqualTo(
            "Invalid request body: Invalid value for field 'url': expected a string, got a"
                + " number.");
    assertThat(
            message(
                sendJson(
                    HttpMethod.POST,
                    "/api/v2/courses/c1/versions/0/configuration",
                    "{\"settings\": [{\"settingId\": \"A\", \"value\": true}]}")))
        .isEqualTo(
            "Invalid request body: Invalid value for field 'settings[].value': expected a string,"
                + " got a boolean.");
    assertThat(front.fake.requests).isEmpty();
  }

  @Test
  void unpairedSurrogateInAString_is400NotStoredAsAReplacementCharacter() {
    AggregatedHttpResponse lone =
        sendJson(HttpMethod.PUT, "/api/v2/courses/c1/title", "{\"title\": \"a\\ud800b\"}");
    AggregatedHttpResponse pair =
        sendJson(HttpMethod.PUT, "/api/v2/courses/c1/title", "{\"title\": \"\\ud83d\\ude00\"}");

    assertThat(lone.status().code()).isEqualTo(400);
    assertThat(message(lone))
        .isEqualTo(
            "Invalid request body: Invalid value for field 'title': an unpaired surrogate"
                + " (\\ud800) is not a Unicode character.");
    assertThat(pair.status().code())
        .as("an escaped surrogate pair is one character")
        .isNotEqualTo(400);
  }

  @Test
  void nonStringTitle_is400NamingTheField() {
    AggregatedHttpResponse res =
        sendJson(HttpMethod.PUT, "/api/v2/courses/c1/title", "{\"title\": 5}");

    assertThat(res.status().code()).isEqualTo(400);
    assertThat(message(res))
        .isEqualTo(
            "Invalid request body: Invalid value for field "
                + "'title': expected a string, got a number.");
    assertThat(front.fake.requests).isEmpty();
  }

  @Test
  void nonStringTag_is400NamingTheField() {
    AggregatedHttpResponse res =
        sendJson(HttpMethod.PUT, "/api/v2/courses/c1/tags", "{\"tags\": [\"a\", true]}");

    assertThat(res.status().code()).isEqualTo(400);
    assertThat(message(res)).contains("'tags[]': expected a string, got a boolean");
    assertThat(front.fake.requests).isEmpty();
  }

  @Test
  void getOfTheUploadRoute_is405WithAllow() {
    AggregatedHttpResponse res = client.get("/api/v2/courses/importJobs/upload");

    assertThat(res.status().code()).isEqualTo(405);
    assertThat(res.headers().get("allow")).isEqualTo("POST");
    assertThat(message(res))
        .isEqualTo("Method not allowed: GET /api/v2/courses/importJobs/upload (allowed: POST).");
    assertThat(front.fake.requests).isEmpty();
  }

  @Test
  void dotDotInTheQuery_reachesTheServiceUnchanged() {
    AggregatedHttpResponse res =
        client.get("/api/v2/courses/c1/asset?relativePath=shared/../imsmanifest.xml");

    assertThat(res.status().code()).isEqualTo(200);
    assertThat(((GetCourseAssetRequest) front.fake.requests.get(0)).getRelativePath())
        .isEqualTo("shared/../imsmanifest.xml");
  }

  @Test
  void dotDotSegmentInThePath_is400InTheDialectBody() throws Exception {
    String res =
        Http.raw(
            front.httpPort(),
            "GET /api/v2/courses/x/../c1 HTTP/1.1\r\nHost: h\r\n"
                + "Authorization: "
                + FakeAuthInterceptor.GOOD
                + "\r\n\r\n",
            new byte[0]);

    assertThat(res)
        .startsWith("HTTP/1.1 400 ")
        .containsIgnoringCase("content-type: application/json");
    assertThat(Http.strictJson(Http.rawBody(res)).get("message").asText())
        .startsWith("Invalid request target: '..' segments");
    assertThat(front.fake.requests).isEmpty();
  }

  @Test
  void nulInTheQuery_is400InTheDialectBody() throws Exception {
    String res =
        Http.raw(
            front.httpPort(),
            "GET /api/v2/courses/c1/asset?relativePath=a%00b "
                + "HTTP/1.1\r\nHost: h\r\nAuthorization: "
                + FakeAuthInterceptor.GOOD
                + "\r\n\r\n",
            new byte[0]);

    assertThat(res)
        .startsWith("HTTP/1.1 400 ")
        .containsIgnoringCase("content-type: application/json");
    assertThat(Http.strictJson(Http.rawBody(res)).get("message").asText()).contains("NUL");
    assertThat(front.fake.requests).isEmpty();
  }

  @Test
  void oversizedBody_is413WithoutArmeriaLimits() {
    AggregatedHttpResponse res =
        client.execute(
            HttpRequest.of(
                HttpMethod.PUT,
                "/api/v2/courses/c1/title",
                MediaType.JSON,
                new byte[11 * 1024 * 1024]));

    assertThat(res.status().code()).isEqualTo(413);
    assertThat(message(res)).isEqualTo("The request body is too large.");
    assertThat(front.fake.requests).isEmpty();
  }

  @Test
  void routine4xx_logsOneDebugLine_andIsNotReportedAsAnUnloggedException() throws Exception {
    Logger logger =
        (Logger) LoggerFactory.getLogger("org.courseport.transcoding.core.PreRpcErrorHandler");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    Level level = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    logger.addAppender(appender);
    front.requestContextCaptor().clear();
    try {
      AggregatedHttpResponse res = client.get("/api/v2/courses?includeTotalCount=yes");

      assertThat(res.status().code()).isEqualTo(400);
      ServiceRequestContext ctx = front.requestContextCaptor().take();
      ctx.log().whenComplete().join();
      assertThat(ctx.shouldReportUnloggedExceptions()).isFalse();
      assertThat(appender.list)
          .singleElement()
          .satisfies(
              event -> {
                assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
                assertThat(event.getThrowableProxy()).isNull();
                assertThat(event.getFormattedMessage())
                    .isEqualTo(
                        "GET /api/v2/courses answered 400: Invalid value for query parameter "
                            + "'includeTotalCount': 'yes' (expected true or false).");
              });
    } finally {
      logger.detachAppender(appender);
      logger.setLevel(level);
    }
  }

  private static String message(AggregatedHttpResponse res) {
    assertThat(res.contentType().is(MediaType.JSON)).as(res.contentUtf8()).isTrue();
    JsonNode body = Http.strictJson(res.contentUtf8());
    assertThat(body.size()).as("only 'message' in %s", body).isEqualTo(1);
    return body.get("message").asText();
  }

  /** Sends a JSON body with the authorized client. */
  private AggregatedHttpResponse sendJson(HttpMethod method, String path, String json) {
    return client.execute(HttpRequest.of(method, path, MediaType.JSON, json));
  }
}
