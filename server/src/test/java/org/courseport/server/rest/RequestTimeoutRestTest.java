package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real server with {@code COURSEPORT_REQUEST_TIMEOUT_SECONDS=1}: a REST request still going
 * when the timeout fires answers 503 with {@code Retry-After}, reason REQUEST_TIMEOUT and a message
 * naming the limit in the dialect's body, not 500 "Cancelled.". The request is held by its own
 * body: the client announces more bytes than it sends, so only the request timeout can end it.
 */
class RequestTimeoutRestTest {

  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension().with("COURSEPORT_REQUEST_TIMEOUT_SECONDS", "1");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Sends the head and part of the body of a request, then reads the whole answer. */
  private static String unfinished(String method, String path, String contentType, String part)
      throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.http().getPort())) {
      socket.setSoTimeout(30_000);
      socket
          .getOutputStream()
          .write(
              (method
                      + " "
                      + path
                      + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
                      + "Authorization: "
                      + CourseportServerExtension.basic(CourseportServerExtension.KEY)
                      + "\r\nX-Request-Id: held-1\r\nContent-Type: "
                      + contentType
                      + "\r\nContent-Length: 1000\r\n\r\n"
                      + part)
                  .getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * The synchronous routes that answer when their work ends (LearningStudio's course export,
   * Allure's process and multipart complete) have no request timeout. Each request is held by its
   * own unfinished body; a held request on a timed route that has answered 503 since proves the
   * timeout has passed; then the body is finished and the answer is the route's own.
   */
  @Test
  void synchronousRoutes_areNotCutByTheTimeout() throws Exception {
    String[][] routes = {
      {"/api/v1/courses/no-such-course/export", "{\"format\": \"scorm12\"}"},
      {
        "/api/v1/packages/process",
        "{\"tenant_id\": \"00000000-0000-0000-0000-000000000000\", \"uploaded_by\": \"u\","
            + " \"storage_path\": \"nowhere\", \"original_filename\": \"a.zip\"}"
      },
      {"/api/v1/packages/multipart/complete", "{\"upload_id\": \"nope\", \"parts\": []}"}
    };
    java.util.List<Socket> held = new java.util.ArrayList<>();
    try {
      for (String[] route : routes) {
        held.add(startHeld("POST", route[0], route[1].length(), route[1].substring(0, 5)));
      }
      // A timed route held after them answers 503: at least the timeout has passed for all.
      String control =
          unfinished("PUT", "/api/v2/courses/held/title", "application/json", "{\"title\": \"He");
      assertThat(control).startsWith("HTTP/1.1 503");
      for (int i = 0; i < routes.length; i++) {
        Socket socket = held.get(i);
        socket.getOutputStream().write(routes[i][1].substring(5).getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        String response =
            new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(response)
            .as(routes[i][0])
            .doesNotStartWith("HTTP/1.1 503")
            .doesNotContainIgnoringCase("request_timeout")
            .matches("(?s)HTTP/1\\.1 4\\d\\d .*");
      }
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  /** Sends the head and the first part of a JSON body, leaving the socket open. */
  private static Socket startHeld(String method, String path, int length, String part)
      throws Exception {
    Socket socket = new Socket("127.0.0.1", server.http().getPort());
    socket.setSoTimeout(30_000);
    socket
        .getOutputStream()
        .write(
            (method
                    + " "
                    + path
                    + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
                    + "Connection: close\r\nAuthorization: Bearer "
                    + CourseportServerExtension.KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + length
                    + "\r\n\r\n"
                    + part)
                .getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
    return socket;
  }

  @Test
  void scormCloudRequestOutlivingTheTimeout_answers503WithRetryAfterAndTheLimit() throws Exception {
    String response =
        unfinished("PUT", "/api/v2/courses/held/title", "application/json", "{\"title\": \"He");
    int split = response.indexOf("\r\n\r\n");
    String head = response.substring(0, split).toLowerCase(java.util.Locale.ROOT);
    String body = response.substring(split + 4);

    assertThat(head)
        .startsWith("http/1.1 503")
        .contains("\r\nretry-after: 5")
        .contains("\r\nx-courseport-reason: request_timeout")
        .contains("\r\nx-request-id: held-1")
        .contains("application/json");
    // Content-Length delimited: the body is exactly one JSON object.
    JsonNode json = JSON.readTree(body);
    assertThat(json.get("message").asText())
        .isEqualTo(
            "The request took longer than 1 s, the server's request timeout; try again later.");
    assertThat(body).doesNotContain("Cancelled");
  }
}
