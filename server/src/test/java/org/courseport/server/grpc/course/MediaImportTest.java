package org.courseport.server.grpc.course;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A PDF uploaded with uploadedContentType and contentMetadata becomes a one-file course. */
class MediaImportTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void pdfUpload_withContentMetadata_becomesAMediaCourse() throws Exception {
    byte[] pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    String boundary = "Boundary_media";
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"contentMetadata\""
            + "\r\n\r\n{\"title\":\"Handbook\",\"description\":\"All rules\",\"contentLanguage\":\"fr\","
            + "\"estimatedDuration\":60}\r\n--"
            + boundary
            + "\r\nContent-Type: application/octet-stream"
            + "\r\nContent-Disposition: form-data; filename=\"handbook.pdf\"; size="
            + pdf.length
            + "; name=\"file\"\r\n\r\n";
    byte[] body =
        concat(
            head.getBytes(StandardCharsets.UTF_8),
            pdf,
            ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> upload =
        http.send(
            HttpRequest.newBuilder(
                    server.http().resolve("/api/v2/courses/importJobs/upload?courseId=handbook"))
                .header(
                    "Authorization", CourseportServerExtension.basic(CourseportServerExtension.KEY))
                .header("uploadedContentType", "application/pdf")
                .header("Content-Type", "multipart/form-data;boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
    String jobId = upload.body().replaceAll(".*\"result\":\"([^\"]+)\".*", "$1");

    String job = awaitJob(jobId);
    assertThat(job)
        .contains(
            "\"status\":\"COMPLETE\"",
            "\"title\":\"Handbook\"",
            "\"courseLanguages\":[\"fr\"]",
            "\"launchUrl\":\"handbook.pdf\"");

    HttpResponse<byte[]> asset =
        http.send(
            get("/api/v2/courses/handbook/asset?relativePath=handbook.pdf"),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(asset.statusCode()).isEqualTo(200);
    assertThat(asset.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/pdf"));
    assertThat(asset.body()).isEqualTo(pdf);

    HttpResponse<String> list =
        http.send(get("/api/v2/courses/handbook/asset/list"), HttpResponse.BodyHandlers.ofString());
    assertThat(list.body())
        .contains("\"path\":\"handbook.pdf\"")
        .containsPattern("\"size\":\"?" + pdf.length);
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(server.http().resolve(path))
        .header("Authorization", CourseportServerExtension.basic(CourseportServerExtension.KEY))
        .GET()
        .build();
  }

  private String awaitJob(String jobId) throws Exception {
    String body = "";
    // Hang detection only: up to ~5 minutes of polling, far above an import on a loaded machine.
    for (int i = 0; i < 3000; i++) {
      body =
          http.send(
                  get("/api/v2/courses/importJobs/" + jobId), HttpResponse.BodyHandlers.ofString())
              .body();
      if (!body.contains("\"RUNNING\"")) {
        return body;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(body);
  }

  private static byte[] concat(byte[]... parts) {
    byte[] out = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
