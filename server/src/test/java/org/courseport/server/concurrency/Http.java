package org.courseport.server.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp;
import org.courseport.server.testing.TestHttp.Response;

/**
 * Plain HTTP to the real server's REST front (the JDK client over HTTP/1.1, one shared connection
 * pool), for the concurrency proofs: the SCORM Cloud dialect under {@code /api/v2} and the Allure
 * package API under {@code /api/v1}. Test helper.
 */
final class Http {
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

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofMinutes(2))
        .header("Accept", "application/json")
        .header("Authorization", CourseportServerExtension.basic(key));
  }

  Response get(String path) {
    return send(request(path).GET().build());
  }

  /** A request with a JSON body; {@code method} PUT, POST, PATCH or DELETE. */
  Response json(String method, String path, Object body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .method(method, BodyPublishers.ofString(TestHttp.json(body)))
            .build());
  }

  /**
   * SCORM Cloud's {@code POST /api/v2/courses/importJobs/upload}, a multipart body with part {@code
   * file}, as the official Java client sends it.
   */
  Response scormCloudUpload(String courseId, boolean mayCreateNewVersion, byte[] zip) {
    String boundary = "Boundary_" + UUID.randomUUID();
    return send(
        request(
                "/api/v2/courses/importJobs/upload?courseId="
                    + TestHttp.enc(courseId)
                    + "&mayCreateNewVersion="
                    + mayCreateNewVersion)
            .header("Content-Type", "multipart/form-data;boundary=" + boundary)
            .POST(
                BodyPublishers.ofByteArray(
                    TestHttp.scormCloudUploadBody(boundary, courseId + ".zip", zip)))
            .build());
  }

  /**
   * The Allure presigned flow: mint an upload URL, {@code PUT} the bytes to it with the headers the
   * ticket requires, then {@code POST /api/v1/packages/process}, which answers once the import has
   * ended. Returns the process answer.
   */
  Response allureUpload(String tenantUuid, String fileName, byte[] zip) {
    Response mint =
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
    Response stored = send(put.PUT(BodyPublishers.ofByteArray(zip)).build());
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

  Response send(HttpRequest request) {
    return TestHttp.send(client, request);
  }
}
