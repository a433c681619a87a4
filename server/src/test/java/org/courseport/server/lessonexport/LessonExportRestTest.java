package org.courseport.server.lessonexport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.lessonexport.LessonExportHarness.OTHER;
import static org.courseport.server.lessonexport.LessonExportHarness.TENANT;
import static org.courseport.server.lessonexport.LessonExportHarness.exportPath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.courseport.server.domain.lessonexport.ExportSources.Attribution;
import org.courseport.server.domain.lessonexport.ExportSources.PublishedLesson;
import org.courseport.server.lessonexport.ExportFixtures.Zip;
import org.courseport.server.lessonexport.LessonExportHarness.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed 001 routes through a real Armeria server and the ExportService behind the real
 * AuthInterceptor: export-zip, export-manifest with signed URLs, the signed file route, errors.
 */
class LessonExportRestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static LessonExportHarness h;
  private static PublishedLesson lesson;
  private static UUID image;
  private static UUID widget;
  private static UUID external;

  @BeforeAll
  static void start() throws IOException {
    h = new LessonExportHarness();
    image =
        h.sources.addMedia(
            TENANT,
            "image/jpeg",
            "jpg",
            ExportFixtures.jpeg(40_000, 11),
            new Attribution("Photo by John Doe", "https://unsplash.com/photos/abc123", null));
    UUID video =
        h.sources.addMedia(TENANT, "video/mp4", "mp4", ExportFixtures.mp4(60_000, 12), null);
    UUID poster =
        h.sources.addMedia(TENANT, "image/png", "png", ExportFixtures.png(9_000, 13), null);
    widget =
        h.sources.addWidget(
            TENANT,
            "multiple-choice",
            "console.log('quiz');".getBytes(StandardCharsets.UTF_8),
            ".q{}".getBytes(StandardCharsets.UTF_8));
    h.originFiles.put("/remote.png", ExportFixtures.png(7_000, 14));
    external = h.sources.addExternal(TENANT, h.originUrl("/remote.png"), "image/png", "png", null);
    String content =
        ExportFixtures.content(image, video, poster, widget)
            .replace(
                "{\"type\": \"heading\"",
                "{\"type\": \"image\", \"media\": \"media:"
                    + external
                    + "\"}, {\"type\": \"heading\"");
    lesson = h.sources.publish(TENANT, "Introduction to Biology", "intro-biology", 2, content);
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static String path(String what) {
    return exportPath(lesson.lessonId(), lesson.versionId(), what);
  }

  @Test
  void exportZip_streamsTheZipWithItsHeaders() {
    Response r = h.get(path("export-zip"), h.key);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/zip");
    assertThat(r.header("Content-Disposition"))
        .isEqualTo("attachment; filename=\"intro-biology-v2.zip\"");
    assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(r.body().length));
    assertThat(r.header("ETag")).isEqualTo("\"" + MemorySources.sha256(r.body()) + "\"");
    Zip zip = ExportFixtures.read(r.body());
    assertThat(zip.files())
        .containsKeys(
            "intro-biology-v2/lesson.json",
            "intro-biology-v2/manifest.json",
            "intro-biology-v2/media/" + image + ".jpg",
            "intro-biology-v2/media/" + external + ".png",
            "intro-biology-v2/widgets/" + widget + ".js",
            "intro-biology-v2/widgets/" + widget + ".css");
    assertThat(new String(zip.files().get("intro-biology-v2/lesson.json"), StandardCharsets.UTF_8))
        .doesNotContainPattern("media:[0-9a-f]{8}-")
        .contains("Social media: not a reference.");
  }

  @Test
  void exportManifest_signsAUrlPerFile_whichServesTheZipsBytesWithoutAKey() throws IOException {
    Zip zip = ExportFixtures.read(h.get(path("export-zip"), h.key).body());
    Response r = h.get(path("export-manifest"), h.key);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonNode m = JSON.readTree(r.body());
    assertThat(m.get("lessonId").asText()).isEqualTo(lesson.lessonId().toString());
    assertThat(m.get("versionId").asText()).isEqualTo(lesson.versionId().toString());
    assertThat(m.get("versionNumber").asInt()).isEqualTo(2);
    assertThat(m.get("title").asText()).isEqualTo("Introduction to Biology");
    assertThat(m.get("formatVersion").asText()).isEqualTo("1.0.0");
    assertThat(m.get("publishedAt").asText()).isEqualTo("2025-01-15T10:30:00Z");
    assertThat(m.get("exportedAt").asText()).isEqualTo(h.clock.instant().toString());
    assertThat(m.get("urlsExpireAt").asText())
        .isEqualTo(h.clock.instant().plus(Duration.ofHours(4)).toString());
    assertThat(m.get("failedMedia")).isEmpty();
    assertThat(m.get("failedWidgets")).isEmpty();
    assertThat(m.get("attributions").get(0).get("mediaId").asText()).isEqualTo(image.toString());
    assertThat(m.get("attributions").get(0).has("portfolioUrl")).isFalse();
    JsonNode files = m.get("files");
    assertThat(files.get("lesson").asText()).isEqualTo("./lesson.json");
    assertThat(files.get("widgets").get(0).get("cssLocalPath").asText())
        .isEqualTo("./widgets/" + widget + ".css");

    List<String[]> urls = new ArrayList<>();
    urls.add(new String[] {files.get("lessonUrl").asText(), "lesson.json"});
    for (JsonNode media : files.get("media")) {
      urls.add(
          new String[] {media.get("url").asText(), media.get("localPath").asText().substring(2)});
    }
    JsonNode w = files.get("widgets").get(0);
    urls.add(new String[] {w.get("url").asText(), w.get("localPath").asText().substring(2)});
    urls.add(new String[] {w.get("cssUrl").asText(), w.get("cssLocalPath").asText().substring(2)});
    assertThat(urls).hasSize(7); // lesson.json, four media, script and CSS
    int lookups = h.sources.mediaLookups.get();
    for (String[] u : urls) {
      assertThat(u[0]).startsWith("http://127.0.0.1:" + h.http.activeLocalPort() + "/api/lessons/");
      Response file = h.get(u[0], null);
      assertThat(file.status()).as(u[1] + ": " + file.text()).isEqualTo(200);
      assertThat(file.body()).as(u[1]).isEqualTo(zip.files().get("intro-biology-v2/" + u[1]));
      assertThat(file.header("Content-Length")).isEqualTo(Integer.toString(file.body().length));
    }
    assertThat(h.sources.mediaLookups.get())
        .as("files are read from the signed export's body, without looking the lesson up again")
        .isEqualTo(lookups);
    assertThat(h.get(files.get("media").get(0).get("url").asText(), null).header("Content-Type"))
        .isEqualTo(files.get("media").get(0).get("mimeType").asText());
  }

  @Test
  void signedUrls_areRefusedWhenTamperedOrExpired() throws IOException {
    JsonNode files = JSON.readTree(h.get(path("export-manifest"), h.key).body()).get("files");
    String url = files.get("media").get(0).get("url").asText();
    String otherFile = files.get("media").get(1).get("localPath").asText().substring(2);
    String sig = url.substring(url.indexOf("&sig=") + 5);
    String flipped = (sig.charAt(0) == 'a' ? "b" : "a") + sig.substring(1);

    assertRefused(h.get(url.replace(sig, flipped), null), "SIGNED_URL_INVALID");
    assertRefused(h.get(url.replaceFirst("media/[^?]+", otherFile), null), "SIGNED_URL_INVALID");
    assertRefused(
        h.get(url.replace("tenant=" + TENANT, "tenant=" + OTHER), null), "SIGNED_URL_INVALID");
    String export = url.replaceAll(".*export=([0-9a-f]+).*", "$1");
    assertRefused(
        h.get(url.replace("export=" + export, "export=" + "0".repeat(64)), null),
        "SIGNED_URL_INVALID");
    long expires = Long.parseLong(url.replaceAll(".*expires=(\\d+).*", "$1"));
    assertRefused(
        h.get(url.replace("expires=" + expires, "expires=" + (expires + 3600)), null),
        "SIGNED_URL_INVALID");
    assertRefused(h.get(url.replace("&sig=" + sig, ""), null), "SIGNED_URL_INVALID");

    // Valid until its expiry, refused one second after.
    h.clock.advance(Duration.ofHours(4));
    assertThat(h.get(url, null).status()).isEqualTo(200);
    h.clock.advance(Duration.ofSeconds(1));
    Response expired = assertRefused(h.get(url, null), "SIGNED_URL_EXPIRED");
    assertThat(JSON.readTree(expired.body()).get("message").asText())
        .isEqualTo(
            "This file URL expired at "
                + Instant.ofEpochSecond(expires)
                + "; request a new manifest for fresh URLs.");
    h.clock.advance(Duration.ofSeconds(-(4 * 3600 + 1)));
  }

  @Test
  void signedUrls_surviveAKeyRotation() throws IOException {
    String before =
        JSON.readTree(h.get(path("export-manifest"), h.key).body())
            .get("files")
            .get("lessonUrl")
            .asText();
    h.clock.advance(Duration.ofSeconds(1)); // the new key is the newest one
    h.signatures.rotate();
    String after =
        JSON.readTree(h.get(path("export-manifest"), h.key).body())
            .get("files")
            .get("lessonUrl")
            .asText();
    String kid = "&kid=([^&]+)&";
    assertThat(after.replaceAll(".*" + kid + ".*", "$1"))
        .isNotEqualTo(before.replaceAll(".*" + kid + ".*", "$1"));
    Response old = h.get(before, null);
    assertThat(old.status()).as(old.text()).isEqualTo(200);
    assertThat(h.get(after, null).body()).isEqualTo(old.body());
  }

  private static Response assertRefused(Response r, String code) throws IOException {
    assertThat(r.status()).as(r.text()).isEqualTo(403);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("code").asText()).isEqualTo(code);
    assertThat(body.get("error").asText()).isEqualTo("Forbidden");
    assertThat(body.get("message").asText()).isNotBlank();
    assertThat(body.has("timestamp")).isTrue();
    return r;
  }

  @Test
  void errors_areTheDocumentedOnes() throws IOException {
    String version = lesson.versionId().toString();
    assertError(
        h.get("/api/lessons/not-a-uuid/versions/" + version + "/export-zip", h.key),
        400,
        "Bad Request",
        "Invalid lesson ID",
        "BAD_REQUEST");
    assertError(
        h.get("/api/lessons/not-a-uuid/versions/" + version + "/export-manifest", h.key),
        400,
        "Bad Request",
        "Invalid lesson ID",
        "BAD_REQUEST");
    assertError(
        h.get(path("export-zip"), null),
        401,
        "Authentication Error",
        "User authentication is required",
        "UNAUTHORIZED");
    assertError(
        h.get(path("export-zip"), "kx:wrong-secret"),
        401,
        "Authentication Error",
        "User authentication is required",
        "UNAUTHORIZED");
    assertError(
        h.get(path("export-manifest"), null),
        401,
        "Authentication Error",
        "User authentication is required",
        "UNAUTHORIZED");
    assertError(
        h.get(exportPath(lesson.lessonId(), UUID.randomUUID(), "export-zip"), h.key),
        404,
        "Not Found",
        "Published version not found",
        "NOT_FOUND");
    assertError(
        h.get(path("export-zip"), h.otherKey),
        404,
        "Not Found",
        "Published version not found",
        "NOT_FOUND");
    assertError(
        h.get(path("export-manifest"), h.otherKey),
        404,
        "Not Found",
        "Published version not found",
        "NOT_FOUND");

    PublishedLesson empty = h.sources.publish(TENANT, "Empty", "empty", 1, "");
    assertError(
        h.get(exportPath(empty.lessonId(), empty.versionId(), "export-zip"), h.key),
        422,
        "Invalid Content",
        "Published version content is invalid or empty",
        "INVALID_CONTENT");
    PublishedLesson invalid =
        h.sources.publish(TENANT, "Old", "old", 1, "{\"blocks\": [{\"type\": \"marquee\"}]}");
    assertError(
        h.get(exportPath(invalid.lessonId(), invalid.versionId(), "export-manifest"), h.key),
        422,
        "Invalid Content",
        "Published version content is invalid or empty",
        "INVALID_CONTENT");

    PublishedLesson exploding = h.sources.publish(TENANT, "Boom", "boom", 1, "{\"blocks\": []}");
    h.sources.explodingLessons.add(exploding.lessonId().toString());
    Response boom =
        h.get(exportPath(exploding.lessonId(), exploding.versionId(), "export-zip"), h.key);
    assertError(
        boom,
        500,
        "Internal Server Error",
        "An unexpected error occurred while generating export ZIP",
        "INTERNAL_ERROR");
    assertThat(boom.text()).doesNotContain("secret").doesNotContain("exploded");
    UUID flaky =
        h.sources.addMedia(TENANT, "image/jpeg", "jpg", ExportFixtures.jpeg(5000, 15), null);
    h.sources.failingReads.put(flaky, 2);
    PublishedLesson broken =
        h.sources.publish(
            TENANT,
            "Flaky",
            "flaky",
            1,
            "{\"blocks\": [{\"type\": \"image\", \"media\": \"media:" + flaky + "\"}]}");
    Response failed = h.get(exportPath(broken.lessonId(), broken.versionId(), "export-zip"), h.key);
    assertError(
        failed,
        500,
        "Internal Server Error",
        "An unexpected error occurred while generating export ZIP",
        "INTERNAL_ERROR");
    assertThat(failed.text()).doesNotContain("secret");
  }

  private static void assertError(Response r, int status, String error, String message, String code)
      throws IOException {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("error").asText()).isEqualTo(error);
    assertThat(body.get("message").asText()).isEqualTo(message);
    assertThat(body.get("code").asText()).isEqualTo(code);
    assertThat(body.get("timestamp").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    assertThat(body.size()).isEqualTo(4);
  }
}
