package org.courseport.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Plain HTTP for the tests that speak to a real server's REST front with the JDK client: the answer
 * as the tests read it, sending, and the bodies several dialects' helpers build. Test helper.
 */
public final class TestHttp {
  public static final ObjectMapper JSON = new ObjectMapper();

  private TestHttp() {}

  /** An HTTP answer: status, headers and the body's bytes. */
  public record Response(int status, HttpHeaders headers, byte[] body) {
    /** The body as JSON; fails the test, showing the body, when it is not JSON. */
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (status " + status + "): " + text(), e);
      }
    }

    /** The body as JSON, or a JSON null when the body is empty. */
    public JsonNode jsonOrNullNode() {
      return body.length == 0 ? JSON.nullNode() : json();
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of the header, or null. */
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + text();
    }
  }

  /**
   * Sends the request and reads the whole answer; an I/O failure or an interrupt fails the test.
   */
  public static Response send(HttpClient client, HttpRequest request) {
    try {
      var r = client.send(request, BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * A request with a 60 s timeout: {@code body} (none when null) as {@link #json} with {@code
   * Content-Type: application/json}, and {@code Authorization: <authorization>} unless that is
   * null. Callers that send the JSON type on bodiless requests too set it again with {@code
   * setHeader}.
   */
  public static HttpRequest.Builder request(
      String method, URI uri, String authorization, Object body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json(body)));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
  }

  /** URL-encodes a query value. */
  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A JSON body: a String as it is, anything else serialized by Jackson. */
  public static String json(Object body) {
    if (body instanceof String s) {
      return s;
    }
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The multipart body of SCORM Cloud's {@code POST /api/v2/courses/importJobs/upload}: one part
   * {@code file} named {@code fileName}, as the official Java client sends it (without the {@code
   * size} parameter, which the server does not need). Send with {@code Content-Type:
   * multipart/form-data;boundary=<boundary>}.
   */
  public static byte[] scormCloudUploadBody(String boundary, String fileName, byte[] zip) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Disposition: form-data; filename=\""
                + fileName
                + "\"; name=\"file\"\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(zip);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }
}
