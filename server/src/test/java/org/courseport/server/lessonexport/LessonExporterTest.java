package org.courseport.server.lessonexport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.courseport.server.lessonexport.LessonExportHarness.OTHER;
import static org.courseport.server.lessonexport.LessonExportHarness.TENANT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.lessonexport.ExportFile;
import org.courseport.server.domain.lessonexport.ExportSources.Attribution;
import org.courseport.server.domain.lessonexport.ExportSources.PublishedLesson;
import org.courseport.server.domain.lessonexport.LessonExporter;
import org.courseport.server.domain.lessonexport.PreparedExport;
import org.courseport.server.lessonexport.ExportFixtures.Zip;
import org.courseport.server.storage.mongo.lessonexport.MongoExportCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lesson export itself: layout, manifest.json, rewriting, failures, cache, determinism. */
class LessonExporterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static LessonExportHarness h;

  @BeforeAll
  static void start() throws IOException {
    h = new LessonExportHarness();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  /** A lesson with a JPEG (with attribution), an MP4, a PNG poster and a widget with CSS. */
  private record Lesson(
      PublishedLesson lesson,
      UUID image,
      UUID video,
      UUID poster,
      UUID widget,
      byte[] imageBytes,
      byte[] videoBytes,
      byte[] posterBytes,
      byte[] js,
      byte[] css) {}

  private static Lesson lesson(String slug) {
    byte[] jpg = ExportFixtures.jpeg(50_000, 1);
    byte[] mp4 = ExportFixtures.mp4(80_000, 2);
    byte[] png = ExportFixtures.png(20_000, 3);
    byte[] js =
        "export default function render(el) { el.textContent = 'quiz'; }\n"
            .repeat(20)
            .getBytes(StandardCharsets.UTF_8);
    byte[] css = ".quiz { color: red; }\n".getBytes(StandardCharsets.UTF_8);
    UUID image =
        h.sources.addMedia(
            TENANT,
            "image/jpeg",
            "jpg",
            jpg,
            new Attribution(
                "Photo by John Doe",
                "https://unsplash.com/photos/abc123",
                "https://unsplash.com/@johndoe"));
    UUID video = h.sources.addMedia(TENANT, "video/mp4", "mp4", mp4, null);
    UUID poster = h.sources.addMedia(TENANT, "image/png", "png", png, null);
    UUID widget = h.sources.addWidget(TENANT, "multiple-choice", js, css);
    PublishedLesson l =
        h.sources.publish(
            TENANT,
            "Introduction to Biology",
            slug,
            1,
            ExportFixtures.content(image, video, poster, widget));
    return new Lesson(l, image, video, poster, widget, jpg, mp4, png, js, css);
  }

  private static byte[] bytes(PreparedExport export) throws IOException {
    try (InputStream in = h.exporter.open(export)) {
      return in.readAllBytes();
    }
  }

  private static PreparedExport export(PublishedLesson l) {
    return h.exporter.export(TENANT, l.lessonId().toString(), l.versionId().toString());
  }

  @Test
  void zip_hasTheDocumentedLayoutInAFixedOrder() throws IOException {
    Lesson l = lesson("cells-layout");
    PreparedExport export = export(l.lesson());
    byte[] zip = bytes(export);

    assertThat(export.fileName()).isEqualTo("cells-layout-v1.zip");
    assertThat(export.size()).isEqualTo(zip.length);
    assertThat(export.sha256()).isEqualTo(MemorySources.sha256(zip));
    Zip read = ExportFixtures.read(zip);
    String root = "cells-layout-v1/";
    assertThat(read.files().keySet())
        .containsExactly(
            root,
            root + "lesson.json",
            root + "media/",
            root + "media/" + l.image() + ".jpg",
            root + "media/" + l.video() + ".mp4",
            root + "media/" + l.poster() + ".png",
            root + "widgets/",
            root + "widgets/" + l.widget() + ".js",
            root + "widgets/" + l.widget() + ".css",
            root + "manifest.json");
    assertThat(read.files().get(root + "media/" + l.image() + ".jpg")).isEqualTo(l.imageBytes());
    assertThat(read.files().get(root + "media/" + l.video() + ".mp4")).isEqualTo(l.videoBytes());
    assertThat(read.files().get(root + "media/" + l.poster() + ".png")).isEqualTo(l.posterBytes());
    assertThat(read.files().get(root + "widgets/" + l.widget() + ".js")).isEqualTo(l.js());
    assertThat(read.files().get(root + "widgets/" + l.widget() + ".css")).isEqualTo(l.css());
    // Already-compressed media is stored, text is deflated.
    assertThat(read.methods().get(root + "media/" + l.video() + ".mp4")).isEqualTo(ZipEntry.STORED);
    assertThat(read.methods().get(root + "lesson.json")).isEqualTo(ZipEntry.DEFLATED);
    // Local headers agree with the central directory: a streaming unzip sees the same files.
    Map<String, byte[]> streamed = ExportFixtures.readStreaming(zip);
    assertThat(streamed.keySet()).containsExactlyElementsOf(read.files().keySet());
    streamed.forEach((name, data) -> assertThat(data).isEqualTo(read.files().get(name)));
  }

  @Test
  void manifest_isExactlyTheDocumentedJson() throws IOException {
    Lesson l = lesson("cells-manifest");
    byte[] zip = bytes(export(l.lesson()));
    String manifest =
        new String(
            ExportFixtures.read(zip).files().get("cells-manifest-v1/manifest.json"),
            StandardCharsets.UTF_8);
    String expected =
        """
        {
          "lessonId": "%s",
          "title": "Introduction to Biology",
          "versionNumber": 1,
          "versionId": "%s",
          "publishedAt": "2025-01-15T10:30:00Z",
          "exportedAt": "%s",
          "formatVersion": "1.0.0",
          "files": {
            "lesson": "./lesson.json",
            "media": [
              {
                "id": "%s",
                "localPath": "./media/%s.jpg",
                "mimeType": "image/jpeg"
              },
              {
                "id": "%s",
                "localPath": "./media/%s.mp4",
                "mimeType": "video/mp4"
              },
              {
                "id": "%s",
                "localPath": "./media/%s.png",
                "mimeType": "image/png"
              }
            ],
            "widgets": [
              {
                "widgetType": "multiple-choice",
                "localPath": "./widgets/%s.js",
                "cssLocalPath": "./widgets/%s.css"
              }
            ]
          },
          "failedMedia": [],
          "failedWidgets": [],
          "attributions": [
            {
              "mediaId": "%s",
              "text": "Photo by John Doe",
              "url": "https://unsplash.com/photos/abc123",
              "portfolioUrl": "https://unsplash.com/@johndoe"
            }
          ]
        }"""
            .formatted(
                l.lesson().lessonId(),
                l.lesson().versionId(),
                h.clock.instant().toString(),
                l.image(),
                l.image(),
                l.video(),
                l.video(),
                l.poster(),
                l.poster(),
                l.widget(),
                l.widget(),
                l.image());
    assertThat(manifest).isEqualTo(expected);
  }

  @Test
  void lessonJson_hasEveryMediaReferenceRewrittenAndTheRestUnchanged() throws IOException {
    Lesson l = lesson("cells-rewrite");
    byte[] zip = bytes(export(l.lesson()));
    String lessonJson =
        new String(
            ExportFixtures.read(zip).files().get("cells-rewrite-v1/lesson.json"),
            StandardCharsets.UTF_8);

    assertThat(lessonJson).doesNotContain("media:" + l.image()).doesNotContain("\"media:");
    JsonNode blocks = JSON.readTree(lessonJson).get("blocks");
    assertThat(blocks.get(2).get("media").asText()).isEqualTo("./media/" + l.image() + ".jpg");
    assertThat(blocks.get(3).get("media").asText()).isEqualTo("./media/" + l.video() + ".mp4");
    assertThat(blocks.get(3).get("poster").asText()).isEqualTo("./media/" + l.poster() + ".png");
    assertThat(blocks.get(4).get("media").asText()).isEqualTo("./media/" + l.image() + ".jpg");
    // Text that merely mentions "media:" and everything else is as authored.
    assertThat(blocks.get(1).get("html").asText()).contains("Social media: not a reference.");
    assertThat(blocks.get(5).get("config").get("ratio").decimalValue().toPlainString())
        .isEqualTo("0.1");
    JsonNode original = JSON.readTree(l.lesson().content());
    assertThat(blocks.get(6)).isEqualTo(original.get("blocks").get(6));
    assertThat(blocks.get(0)).isEqualTo(original.get("blocks").get(0));
  }

  @Test
  void issueExample_exportsWithItsImage() throws IOException {
    byte[] jpg = ExportFixtures.jpeg(1000, 9);
    UUID image = h.sources.addMedia(TENANT, "image/jpeg", "jpg", jpg, null);
    PublishedLesson lesson =
        h.sources.publish(TENANT, "Cells", "cells", 3, ExportFixtures.issueExample(image));
    PreparedExport export = export(lesson);
    Zip read = ExportFixtures.read(bytes(export));
    assertThat(export.fileName()).isEqualTo("cells-v3.zip");
    assertThat(read.files().get("cells-v3/media/" + image + ".jpg")).isEqualTo(jpg);
    assertThat(new String(read.files().get("cells-v3/lesson.json"), StandardCharsets.UTF_8))
        .contains("\"media\":\"./media/" + image + ".jpg\"")
        .doesNotContain("media:");
  }

  @Test
  void textMedia_isDeflated_unlessTooLargeToHoldThenStored() throws IOException {
    byte[] small =
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".repeat(100).getBytes(StandardCharsets.UTF_8);
    byte[] huge = new byte[17 * 1024 * 1024];
    new java.util.Random(5).nextBytes(huge);
    UUID smallId = h.sources.addMedia(TENANT, "image/svg+xml", "svg", small, null);
    UUID hugeId = h.sources.addMedia(TENANT, "image/svg+xml", "svg", huge, null);
    PublishedLesson l =
        h.sources.publish(
            TENANT,
            "Svg",
            "svg",
            1,
            "{\"blocks\": [{\"type\": \"image\", \"media\": \"media:%s\"}, {\"type\": \"image\", \"media\": \"media:%s\"}]}"
                .formatted(smallId, hugeId));
    Zip read = ExportFixtures.read(bytes(export(l)));
    assertThat(read.methods().get("svg-v1/media/" + smallId + ".svg")).isEqualTo(ZipEntry.DEFLATED);
    assertThat(read.methods().get("svg-v1/media/" + hugeId + ".svg")).isEqualTo(ZipEntry.STORED);
    assertThat(read.files().get("svg-v1/media/" + smallId + ".svg")).isEqualTo(small);
    assertThat(read.files().get("svg-v1/media/" + hugeId + ".svg")).isEqualTo(huge);
  }

  @Test
  void secondExport_isServedFromTheCache_identicalButForExportedAt() throws IOException {
    Lesson l = lesson("cells-determinism");
    long builds = h.exporter.builds();
    PreparedExport first = export(l.lesson());
    byte[] a = bytes(first);
    int reads = h.sources.mediaReads.get();
    h.clock.advance(Duration.ofMinutes(5));
    PreparedExport second = export(l.lesson());
    byte[] b = bytes(second);

    assertThat(h.exporter.builds())
        .as("built once, then served from the cache")
        .isEqualTo(builds + 1);
    assertThat(h.sources.mediaReads.get()).as("no media read by the warm export").isEqualTo(reads);
    assertThat(second.bodyBlobId()).isEqualTo(first.bodyBlobId());
    assertThat(second.sha256()).isNotEqualTo(first.sha256()).isEqualTo(MemorySources.sha256(b));
    Zip za = ExportFixtures.read(a);
    Zip zb = ExportFixtures.read(b);
    assertThat(zb.files().keySet()).containsExactlyElementsOf(za.files().keySet());
    List<String> differing = new ArrayList<>();
    for (String name : za.files().keySet()) {
      if (!MemorySources.sha256(za.files().get(name))
          .equals(MemorySources.sha256(zb.files().get(name)))) {
        differing.add(name);
      }
    }
    assertThat(differing).containsExactly("cells-determinism-v1/manifest.json");
    JsonNode ma = JSON.readTree(za.files().get("cells-determinism-v1/manifest.json"));
    JsonNode mb = JSON.readTree(zb.files().get("cells-determinism-v1/manifest.json"));
    assertThat(mb.get("exportedAt").asText()).isEqualTo(h.clock.instant().toString());
    ((com.fasterxml.jackson.databind.node.ObjectNode) ma).remove("exportedAt");
    ((com.fasterxml.jackson.databind.node.ObjectNode) mb).remove("exportedAt");
    assertThat(mb).isEqualTo(ma);
    // The cached part (everything before manifest.json) is byte-identical.
    long body = h.blobs.size(first.bodyBlobId());
    assertThat(java.util.Arrays.copyOf(b, (int) body))
        .isEqualTo(java.util.Arrays.copyOf(a, (int) body));
  }

  @Test
  void anotherExporterOnTheSameStore_reusesTheBodyAndHashesItRight() throws IOException {
    Lesson l = lesson("cells-restart");
    PreparedExport first = export(l.lesson());
    LessonExporter restarted =
        new LessonExporter(
            h.sources,
            url -> {
              throw new AssertionError("no download expected");
            },
            h.blobs,
            new MongoExportCache(h.store.database()),
            h.clock);
    PreparedExport again =
        restarted.export(
            TENANT, l.lesson().lessonId().toString(), l.lesson().versionId().toString());
    byte[] zip;
    try (InputStream in = restarted.open(again)) {
      zip = in.readAllBytes();
    }
    assertThat(restarted.builds()).isZero();
    assertThat(again.bodyBlobId()).isEqualTo(first.bodyBlobId());
    assertThat(again.sha256()).isEqualTo(MemorySources.sha256(zip));
    assertThat(again.size()).isEqualTo(zip.length);
  }

  @Test
  void missingMediaAndWidgets_areListedAndTheExportSucceeds() throws IOException {
    UUID ghost = UUID.randomUUID();
    UUID ghostWidget = UUID.randomUUID();
    UUID foreign = h.sources.addMedia(OTHER, "image/png", "png", ExportFixtures.png(100, 4), null);
    UUID broken = h.sources.addMedia(TENANT, "image/png", "png", ExportFixtures.png(100, 5), null);
    h.sources.failingReads.put(broken, 1);
    PublishedLesson lesson =
        h.sources.publish(
            TENANT,
            "Gaps",
            "gaps",
            1,
            """
            {"blocks": [{"type": "image", "media": "media:%s"}, {"type": "image", "media": "media:%s"},
             {"type": "image", "media": "media:%s"},
             {"type": "widget", "widget": "%s"}, {"type": "widget", "widget": "not-a-uuid"}]}"""
                .formatted(ghost, foreign, broken, ghostWidget));
    Zip read = ExportFixtures.read(bytes(export(lesson)));
    JsonNode manifest = JSON.readTree(read.files().get("gaps-v1/manifest.json"));

    assertThat(manifest.get("files").get("media")).isEmpty();
    assertThat(manifest.get("failedMedia").toString())
        .isEqualTo(
            "[{\"id\":\"%s\",\"url\":null,\"reason\":\"Media not found\"},".formatted(ghost)
                + "{\"id\":\"%s\",\"url\":null,\"reason\":\"Media not found\"},".formatted(foreign)
                + "{\"id\":\"%s\",\"url\":null,\"reason\":\"The stored media could not be read\"}]"
                    .formatted(broken));
    assertThat(manifest.get("failedWidgets").toString())
        .isEqualTo(
            "[{\"id\":\"%s\",\"reason\":\"Widget not found\"},".formatted(ghostWidget)
                + "{\"id\":\"not-a-uuid\",\"reason\":\"Widget not found\"}]");
    assertThat(read.files().keySet())
        .noneMatch(n -> n.startsWith("gaps-v1/media/") && n.length() > 14);
    assertThat(new String(read.files().get("gaps-v1/lesson.json"), StandardCharsets.UTF_8))
        .doesNotContain("media:")
        .contains("./media/" + ghost + "\"")
        .contains("./media/" + broken + ".png");
  }

  @Test
  void externalMedia_isDownloadedThroughTheGuard_failuresListed_andRetriedNextTime()
      throws IOException {
    byte[] photo = ExportFixtures.jpeg(3000, 6);
    h.originFiles.put("/photo.jpg", photo);
    UUID ok =
        h.sources.addExternal(
            TENANT,
            h.originUrl("/photo.jpg"),
            "image/jpeg",
            "jpg",
            new Attribution("Photo by Jane Roe", "https://unsplash.com/photos/x", null));
    String lateUrl = h.originUrl("/late.jpg");
    UUID late = h.sources.addExternal(TENANT, lateUrl, "image/jpeg", "jpg", null);
    UUID privateAddress =
        h.sources.addExternal(TENANT, "http://10.1.2.3/secret.jpg", "image/jpeg", "jpg", null);
    PublishedLesson lesson =
        h.sources.publish(
            TENANT,
            "External",
            "external",
            1,
            """
            {"blocks": [{"type": "image", "media": "media:%s"}, {"type": "image", "media": "media:%s"},
             {"type": "image", "media": "media:%s"}]}"""
                .formatted(ok, late, privateAddress));

    Zip read = ExportFixtures.read(bytes(export(lesson)));
    JsonNode manifest = JSON.readTree(read.files().get("external-v1/manifest.json"));
    assertThat(read.files().get("external-v1/media/" + ok + ".jpg")).isEqualTo(photo);
    assertThat(manifest.get("attributions").toString())
        .isEqualTo(
            "[{\"mediaId\":\"%s\",\"text\":\"Photo by Jane Roe\",\"url\":\"https://unsplash.com/photos/x\",\"portfolioUrl\":null}]"
                .formatted(ok));
    JsonNode failed = manifest.get("failedMedia");
    assertThat(failed).hasSize(2);
    assertThat(failed.get(0).get("id").asText()).isEqualTo(late.toString());
    assertThat(failed.get(0).get("url").asText()).isEqualTo(lateUrl);
    assertThat(failed.get(0).get("reason").asText()).contains("404");
    assertThat(failed.get(1).get("id").asText()).isEqualTo(privateAddress.toString());
    assertThat(failed.get(1).get("url").asText()).isEqualTo("http://10.1.2.3/secret.jpg");
    assertThat(failed.get(1).get("reason").asText()).containsIgnoringCase("10.1.2.3");

    // An export with failures is not reused: the next one fetches again.
    long builds = h.exporter.builds();
    byte[] latePhoto = ExportFixtures.jpeg(2000, 7);
    h.originFiles.put("/late.jpg", latePhoto);
    Zip again = ExportFixtures.read(bytes(export(lesson)));
    assertThat(h.exporter.builds()).isEqualTo(builds + 1);
    assertThat(again.files().get("external-v1/media/" + late + ".jpg")).isEqualTo(latePhoto);
    assertThat(JSON.readTree(again.files().get("external-v1/manifest.json")).get("failedMedia"))
        .hasSize(1);
  }

  @Test
  void errors_carryTheSeedReasons() {
    PublishedLesson ok = h.sources.publish(TENANT, "Fine", "fine", 1, "{\"blocks\": []}");
    assertReason(
        () -> h.exporter.export(TENANT, "nope", ok.versionId().toString()),
        "BAD_REQUEST",
        "Invalid lesson ID");
    assertReason(
        () -> h.exporter.export(TENANT, ok.lessonId().toString(), "42"),
        "BAD_REQUEST",
        "Invalid version ID");
    assertReason(
        () -> h.exporter.export(TENANT, ok.lessonId().toString(), UUID.randomUUID().toString()),
        "NOT_FOUND",
        "Published version not found");
    assertReason(
        () -> h.exporter.export(OTHER, ok.lessonId().toString(), ok.versionId().toString()),
        "NOT_FOUND",
        "Published version not found");
    for (String bad :
        new String[] {
          "",
          "   ",
          "[1,2]",
          "{\"blocks\": 3}",
          "not json",
          "{\"blocks\": [{\"type\": \"marquee\"}]}"
        }) {
      PublishedLesson l = h.sources.publish(TENANT, "Bad", "bad", 1, bad);
      DomainException e =
          assertReason(
              () -> h.exporter.export(TENANT, l.lessonId().toString(), l.versionId().toString()),
              "INVALID_CONTENT",
              "Published version content is invalid or empty");
      assertThat(e.metadata()).containsEntry("http_status", "422");
    }
  }

  @Test
  void mediaFailingWhileCopied_failsTheExportWithoutInternals() {
    UUID flaky =
        h.sources.addMedia(TENANT, "image/jpeg", "jpg", ExportFixtures.jpeg(5000, 8), null);
    h.sources.failingReads.put(flaky, 2); // measured fine, fails while copied
    PublishedLesson l =
        h.sources.publish(
            TENANT,
            "Flaky",
            "flaky",
            1,
            "{\"blocks\": [{\"type\": \"image\", \"media\": \"media:" + flaky + "\"}]}");
    DomainException e =
        assertReason(
            () -> h.exporter.export(TENANT, l.lessonId().toString(), l.versionId().toString()),
            "INTERNAL_ERROR",
            "An unexpected error occurred while generating export ZIP");
    assertThat(e.getMessage()).doesNotContain("secret");
  }

  @Test
  void openFile_readsEachFileOutOfTheCachedBody() throws IOException {
    Lesson l = lesson("cells-files");
    PreparedExport export = export(l.lesson());
    Zip read = ExportFixtures.read(bytes(export));
    for (String path :
        List.of(
            "lesson.json",
            "media/" + l.image() + ".jpg",
            "media/" + l.video() + ".mp4",
            "widgets/" + l.widget() + ".js",
            "widgets/" + l.widget() + ".css")) {
      // With the export's key (as signed into the URL) and without (looked up again).
      for (String key : new String[] {export.cacheKey(), null}) {
        ExportFile file =
            h.exporter.openFile(
                TENANT,
                l.lesson().lessonId().toString(),
                l.lesson().versionId().toString(),
                key,
                path);
        byte[] bytes;
        try (InputStream in = file.content()) {
          bytes = in.readAllBytes();
        }
        assertThat(bytes).as(path).isEqualTo(read.files().get("cells-files-v1/" + path));
        assertThat(file.size()).isEqualTo(bytes.length);
        assertThat(file.sha256()).isEqualTo(MemorySources.sha256(bytes));
      }
    }
    assertReason(
        () ->
            h.exporter.openFile(
                TENANT,
                l.lesson().lessonId().toString(),
                l.lesson().versionId().toString(),
                export.cacheKey(),
                "manifest.json"),
        "EXPORT_FILE_NOT_FOUND",
        "The lesson export has no file 'manifest.json'.");
  }

  private static DomainException assertReason(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String reason, String message) {
    DomainException e = catchThrowableOfType(DomainException.class, call);
    assertThat(e).as("fails with a DomainException").isNotNull();
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.getMessage()).isEqualTo(message);
    return e;
  }
}
