package org.courseport.transcoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.transcoding.Http.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PreRpcErrorHandlerTest {

  @RegisterExtension static final FrontExtension front = new FrontExtension();

  private final BlockingWebClient client = front.authorized();

  @BeforeEach
  void reset() {
    front.fake.requests.clear();
  }

  @Test
  void malformedJsonBody_answers400MessageBeforeAnyCall() {
    AggregatedHttpResponse res =
        client.execute(
            HttpRequest.of(
                HttpMethod.PUT, "/api/v2/courses/c1/title", MediaType.JSON, "{\"title\": \"x\""));

    assertThat(res.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(message(res))
        .isEqualTo(
            "Failed to parse JSON request: Unexpected end-of-input: expected close marker for Object");
    assertThat(front.fake.requests).isEmpty();
  }

  @Test
  void badBooleanQueryParameter_answers400NamingIt() {
    AggregatedHttpResponse res = client.get("/api/v2/courses?includeTotalCount=yes");

    assertThat(res.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(message(res))
        .isEqualTo(
            "Invalid value for query parameter 'includeTotalCount': 'yes' (expected true or false).");
    assertThat(front.fake.requests).isEmpty();
  }

  @Test
  void badIntegerPathParameter_answers400NamingIt() {
    AggregatedHttpResponse res = client.get("/api/v2/courses/c1/versions/abc");

    assertThat(res.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(message(res))
        .isEqualTo(
            "Invalid value for path parameter 'versionId': 'abc' (expected a 32-bit integer).");
    assertThat(front.fake.requests).isEmpty();
  }

  @Test
  void wrongJsonTypeInBody_answers400Message() {
    AggregatedHttpResponse res =
        client.execute(
            HttpRequest.of(
                HttpMethod.DELETE,
                "/api/v2/courses/c1/tags",
                MediaType.JSON,
                "{\"tags\": {\"a\": 1}}"));

    assertThat(res.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(message(res))
        .isEqualTo("Invalid request body: Expected an array for tags but found {\"a\":1}");
    assertThat(res.headers().contains("grpc-status")).isFalse();
    assertThat(front.fake.requests).isEmpty();
  }

  @Test
  void bodyWithoutJsonContentType_answers400Message() {
    AggregatedHttpResponse res =
        client.execute(
            HttpRequest.of(
                HttpMethod.PUT, "/api/v2/courses/c1/title", MediaType.PLAIN_TEXT, "hello"));

    assertThat(res.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(message(res)).isEqualTo("Missing or invalid content-type in JSON request.");
    assertThat(front.fake.requests).isEmpty();
  }

  @Test
  void unknownRouteUnderApiV2_answers404Message() {
    AggregatedHttpResponse res = client.get("/api/v2/nothing/here");

    assertThat(res.status()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(message(res)).isEqualTo("No such resource: GET /api/v2/nothing/here");
  }

  @Test
  void wrongMethodOnKnownPath_answers405Message() {
    AggregatedHttpResponse res =
        client.execute(
            HttpRequest.of(HttpMethod.PATCH, "/api/v2/courses/c1", MediaType.JSON, "{}"));

    assertThat(res.status()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
    assertThat(message(res))
        .isEqualTo("Method not allowed: PATCH /api/v2/courses/c1 (allowed: DELETE, GET).");
    assertThat(res.headers().get(HttpHeaderNames.ALLOW)).isEqualTo("DELETE, GET");
  }

  @Test
  void undocumentedApiRoute_answersAip193Body() {
    AggregatedHttpResponse res = client.get("/api/v9/unknown");

    assertThat(res.status()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(json(res.contentUtf8()))
        .isEqualTo(
            json(
                "{'error':{'code':404,"
                    + "'message':'No such resource: GET /api/v9/unknown','status':'NOT_FOUND','details':[]}}"));
  }

  @Test
  void nonRestPath_keepsArmeriaDefault() {
    AggregatedHttpResponse res = client.get("/nothing");

    assertThat(res.status()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(res.contentType().is(MediaType.PLAIN_TEXT)).isTrue();
  }

  @Test
  void wrongMethodOnTheLearningStudioDownloadRoute_answersItsErrorShape() {
    AggregatedHttpResponse res =
        client.execute(HttpRequest.of(HttpMethod.POST, "/downloads/abcdefghijklmnop"));

    assertThat(res.status()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
    assertThat(res.contentType().is(MediaType.JSON)).isTrue();
    JsonNode body = Http.strictJson(res.contentUtf8());
    assertThat(body.size()).isEqualTo(2);
    assertThat(body.get("message").asText()).isNotBlank();
    assertThat(body.get("code").asText()).isNotBlank();
  }

  @Test
  void wrongMethodOnTheCanvasDownloadRoute_answersCanvasErrors() {
    AggregatedHttpResponse res =
        client.execute(HttpRequest.of(HttpMethod.DELETE, "/files/abcdefghijklmnop/download"));

    assertThat(res.status()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
    assertThat(res.contentType().is(MediaType.JSON)).isTrue();
    JsonNode body = Http.strictJson(res.contentUtf8());
    assertThat(body.size()).isEqualTo(1);
    assertThat(body.get("errors").get(0).get("message").asText()).isNotBlank();
  }

  private static String message(AggregatedHttpResponse res) {
    assertThat(res.contentType().is(MediaType.JSON)).isTrue();
    JsonNode body = Http.strictJson(res.contentUtf8());
    assertThat(body.size()).isEqualTo(1);
    return body.get("message").asText();
  }
}
