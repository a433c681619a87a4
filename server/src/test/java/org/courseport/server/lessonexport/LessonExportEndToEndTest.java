package org.courseport.server.lessonexport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.courseport.server.media.MediaSamples;
import org.courseport.server.media.Multipart;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole authoring path on the real server, every step over REST as a client would do it: media
 * and a widget uploaded, a lesson created and published, the version exported as a zip and through
 * its signed manifest, and the referenced media kept from deletion.
 */
class LessonExportEndToEndTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String BEARER = "Bearer " + CourseportServerExtension.KEY;

  @Test
  void uploadedMediaAndWidget_publishedLesson_exportsAsTheDocumentedZip() throws Exception {
    byte[] png = MediaSamples.png(3000, 7);
    JsonNode media =
        json(
            send(
                "POST",
                "/api/v1/media",
                Multipart.contentType(),
                new Multipart()
                    .file("file", "cell.png", "image/png", png)
                    .field(
                        "attribution",
                        "{\"text\":\"Photo by Ann\",\"url\":\"https://example.org/p/1\"}")
                    .build(),
                201));
    String mediaId = media.get("id").asText();
    assertThat(media.get("mimeType").asText()).isEqualTo("image/png");
    byte[] script = "window.quiz = function () { return 1; };".getBytes(StandardCharsets.UTF_8);
    JsonNode widget =
        json(
            send(
                "POST",
                "/api/v1/widgets",
                Multipart.contentType(),
                new Multipart()
                    .field("widgetType", "multiple-choice")
                    .file("script", "quiz.js", "text/javascript", script)
                    .build(),
                201));
    String widgetId = widget.get("id").asText();

    String content =
        "{\"blocks\":[{\"type\":\"heading\",\"text\":\"Cells\"},"
            + "{\"type\":\"text\",\"html\":\"<p>Cells<script>alert(1)</script></p>\"},"
            + "{\"type\":\"image\",\"media\":\"media:"
            + mediaId
            + "\",\"alt\":\"A cell\"},"
            + "{\"type\":\"widget\",\"widget\":\""
            + widgetId
            + "\",\"config\":{\"q\":1}}]}";
    JsonNode lesson =
        json(
            send(
                "POST",
                "/api/lessons",
                "application/json",
                ("{\"title\":\"Cell Biology\",\"content\":" + content + "}")
                    .getBytes(StandardCharsets.UTF_8),
                201));
    String lessonId = lesson.get("id").asText();
    JsonNode version =
        json(send("POST", "/api/lessons/" + lessonId + "/versions", null, null, 201));
    String versionId = version.get("id").asText();

    String base = "/api/lessons/" + lessonId + "/versions/" + versionId;
    HttpResponse<byte[]> zip = sendRaw("GET", base + "/export-zip", null, null, BEARER);
    assertThat(zip.statusCode()).isEqualTo(200);
    assertThat(zip.headers().firstValue("content-type")).hasValue("application/zip");
    assertThat(zip.headers().firstValue("content-disposition"))
        .hasValue("attachment; filename=\"cell-biology-v1.zip\"");
    assertThat(zip.headers().firstValueAsLong("content-length")).hasValue(zip.body().length);

    Map<String, byte[]> entries = entries(zip.body());
    String top = "cell-biology-v1/";
    assertThat(entries)
        .containsKeys(
            top + "lesson.json",
            top + "manifest.json",
            top + "media/" + mediaId + ".png",
            top + "widgets/" + widgetId + ".js");
    assertThat(entries.get(top + "media/" + mediaId + ".png")).isEqualTo(png);
    assertThat(entries.get(top + "widgets/" + widgetId + ".js")).isEqualTo(script);
    String lessonJson = new String(entries.get(top + "lesson.json"), StandardCharsets.UTF_8);
    assertThat(lessonJson)
        .doesNotContain("media:")
        .doesNotContain("<script")
        .contains("./media/" + mediaId + ".png");
    JsonNode manifest = JSON.readTree(entries.get(top + "manifest.json"));
    assertThat(manifest.get("lessonId").asText()).isEqualTo(lessonId);
    assertThat(manifest.get("versionId").asText()).isEqualTo(versionId);
    assertThat(manifest.get("versionNumber").asInt()).isEqualTo(1);
    assertThat(manifest.get("formatVersion").asText()).isEqualTo("1.0.0");
    assertThat(manifest.at("/files/media/0/localPath").asText())
        .isEqualTo("./media/" + mediaId + ".png");
    assertThat(manifest.at("/files/widgets/0/widgetType").asText()).isEqualTo("multiple-choice");
    assertThat(manifest.at("/attributions/0/text").asText()).isEqualTo("Photo by Ann");

    // The signed manifest: each file's URL works without credentials and serves the same bytes.
    JsonNode signed = json(send("GET", base + "/export-manifest", null, null, 200));
    String mediaUrl = signedUrlOf(signed, "./media/" + mediaId + ".png");
    HttpResponse<byte[]> file =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(mediaUrl)).GET().build(), BodyHandlers.ofByteArray());
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.body()).isEqualTo(png);

    // Published content keeps its media.
    HttpResponse<byte[]> delete = sendRaw("DELETE", "/api/v1/media/" + mediaId, null, null, BEARER);
    assertThat(delete.statusCode()).isEqualTo(409);
  }

  /** The signed URL the manifest gives for a local path, wherever the manifest lists it. */
  private static String signedUrlOf(JsonNode manifest, String localPath) {
    for (JsonNode m : manifest.at("/files/media")) {
      if (m.path("localPath").asText().equals(localPath)) {
        String url = m.path("url").asText();
        assertThat(url).as("signed url in %s", m).startsWith("http");
        return url;
      }
    }
    throw new AssertionError("no " + localPath + " in " + manifest);
  }

  private static Map<String, byte[]> entries(byte[] zip) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.put(e.getName(), in.readAllBytes());
      }
    }
    return out;
  }

  private static JsonNode json(HttpResponse<byte[]> r) throws IOException {
    return JSON.readTree(r.body());
  }

  private static HttpResponse<byte[]> send(
      String method, String path, String contentType, byte[] body, int expected) throws Exception {
    HttpResponse<byte[]> r = sendRaw(method, path, contentType, body, BEARER);
    assertThat(r.statusCode())
        .as("%s %s: %s", method, path, new String(r.body(), StandardCharsets.UTF_8))
        .isEqualTo(expected);
    return r;
  }

  private static HttpResponse<byte[]> sendRaw(
      String method, String path, String contentType, byte[] body, String auth) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.http() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return HTTP.send(b.build(), BodyHandlers.ofByteArray());
  }
}
