package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One answer of the Allure package API over plain HTTP (JDK client), with its JSON body. */
record AllureAnswer(int status, HttpResponse<byte[]> raw) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Sends {@code request} and waits for the whole answer. */
  static AllureAnswer send(HttpRequest request) {
    return sendAsync(request).join();
  }

  /** Sends {@code request}; completes with the whole answer. */
  static CompletableFuture<AllureAnswer> sendAsync(HttpRequest request) {
    return HTTP.sendAsync(request, BodyHandlers.ofByteArray())
        .thenApply(r -> new AllureAnswer(r.statusCode(), r));
  }

  /** The body as JSON. */
  JsonNode json() {
    try {
      return JSON.readTree(raw.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first value of a response header, empty when absent. */
  String header(String name) {
    return raw.headers().firstValue(name).orElse("");
  }

  /** Asserts an Allure error: the status and exactly {@code {"error","code","message"}}. */
  static void assertError(AllureAnswer answer, int status, String error, String code) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(status);
    JsonNode body = answer.json();
    List<String> names = new ArrayList<>();
    body.fieldNames().forEachRemaining(names::add);
    assertThat(names).as("%s", answer).containsExactly("error", "code", "message");
    assertThat(body.get("error").asText()).isEqualTo(error);
    assertThat(body.get("code").asText()).isEqualTo(code);
    assertThat(body.get("message").asText()).isNotBlank();
  }

  @Override
  public String toString() {
    return status + " " + new String(raw.body(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
