package org.courseport.server.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import org.courseport.server.testing.CourseportServerExtension;

/**
 * Plain HTTP to the real server's REST front (the JDK client over HTTP/1.1, one shared connection
 * pool), for the concurrency proofs: the SCORM Cloud dialect under {@code /api/v2} and the Allure
 * package API under {@code /api/v1}. Test helper.
 */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final URI base;
  private final String key;

  Http(CourseportServerExtension server, String key) {
    this.base = server.http();
    this.key = key;
  }

  /** An answer: status and body. */
  record Answer(int status, byte[] body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (status " + status + "): " + text(), e);
      }
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return status + " " + text();
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofMinutes(2))
        .header("Accept", "application/json")
        .header("Authorization", CourseportServerExtension.basic(key));
  }

  Answer get(String path) {
    return send(request(path).GET().build());
  }

  /** A request with a JSON body; {@code method} PUT, POST, PATCH or DELETE. */
  Answer json(String method, String path, Object body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .method(method, BodyPublishers.ofString(text(body)))
            .build());
  }

  /**
   * SCORM Cloud's {@code POST /api/v2/courses/importJobs/upload}, a multipart body with part {@code
   * file}, as the official Java client sends it.
   */
  Answer scormCloudUpload(String courseId, boolean mayCreateNewVersion, byte[] zip) {
    String boundary = "Boundary_" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Disposition: form-data; filename=\""
                + courseId
                + ".zip\"; name=\"file\"\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(zip);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(
        request(
                "/api/v2/courses/importJobs/upload?courseId="
                    + enc(courseId)
                    + "&mayCreateNewVersion="
                    + mayCreateNewVersion)
            .header("Content-Type", "multipart/form-data;boundary=" + boundary)
            .POST(BodyPublishers.ofByteArray(body.toByteArray()))
            .build());
  }

  /**
   * The Allure presigned flow: mint an upload URL, {@code PUT} the bytes to it with the headers the
   * ticket requires, then {@code POST /api/v1/packages/process}, which answers once the import has
   * ended. Returns the process answer.
   */
  Answer allureUpload(String tenantUuid, String fileName, byte[] zip) {
    Answer mint =
        json(
            "POST",
            "/api/v1/packages/upload-url",
            Map.of(
                "tenant_id",
                tenantUuid,
                "uploaded_by",
                "conc",
                "filename",
                fileName,
                "file_size",
                zip.length));
    assertThat(mint.status()).as("mint %s", mint).isEqualTo(200);
    JsonNode ticket = mint.json();
    HttpRequest.Builder put =
        HttpRequest.newBuilder(URI.create(ticket.get("presigned_url").asText()))
            .timeout(Duration.ofMinutes(2));
    Iterator<Map.Entry<String, JsonNode>> headers = ticket.get("required_put_headers").fields();
    while (headers.hasNext()) {
      Map.Entry<String, JsonNode> h = headers.next();
      put.header(h.getKey(), h.getValue().asText());
    }
    Answer stored = send(put.PUT(BodyPublishers.ofByteArray(zip)).build());
    assertThat(stored.status()).as("presigned PUT %s", stored).isEqualTo(200);
    return json(
        "POST",
        "/api/v1/packages/process",
        Map.of(
            "tenant_id",
            tenantUuid,
            "uploaded_by",
            "conc",
            "storage_path",
            ticket.get("storage_path").asText(),
            "original_filename",
            fileName));
  }

  Answer send(HttpRequest request) {
    try {
      var r = client.send(request, BodyHandlers.ofByteArray());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String text(Object body) {
    if (body instanceof String s) {
      return s;
    }
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
