package org.courseport.server.lessonimport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
import java.util.zip.ZipOutputStream;
import org.bson.Document;
import org.courseport.server.grpc.GrpcFixtures;
import org.courseport.server.media.MediaSamples;
import org.courseport.server.media.Multipart;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lesson bundle import on the real server over REST: an authored, published and exported lesson is
 * imported back, published and exported again with the same content under new ids; broken bundles
 * are refused with a 400 naming the problem and leave nothing stored.
 */
class LessonBundleImportTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String BEARER = "Bearer " + CourseportServerExtension.KEY;
  private static final String TOP = "cell-biology-v1/";

  private static byte[] png;
  private static byte[] script;
  private static byte[] style;
  private static String mediaId;
  private static String widgetId;
  private static byte[] exported;

  @BeforeAll
  static void authorAndExport() throws Exception {
    png = MediaSamples.png(3000, 7);
    mediaId =
        json(send(
                "POST",
                "/api/v1/media",
                Multipart.contentType(),
                new Multipart()
                    .file("file", "cell.png", "image/png", png)
                    .field(
                        "attribution",
                        "{\"text\":\"Photo by Ann\",\"url\":\"https://example.org/p/1\"}")
                    .build(),
                201))
            .get("id")
            .asText();
    script = "window.quiz = function () { return 1; };".getBytes(StandardCharsets.UTF_8);
    style = ".quiz { color: red; }".getBytes(StandardCharsets.UTF_8);
    widgetId =
        json(send(
                "POST",
                "/api/v1/widgets",
                Multipart.contentType(),
                new Multipart()
                    .field("widgetType", "multiple-choice")
                    .file("script", "quiz.js", "text/javascript", script)
                    .file("style", "quiz.css", "text/css", style)
                    .build(),
                201))
            .get("id")
            .asText();
    String content =
        "{\"blocks\":[{\"type\":\"heading\",\"text\":\"Cells\"},"
            + "{\"type\":\"text\",\"html\":\"<p>See media:"
            + mediaId
            + " and ./media/x.png</p>\"},"
            + "{\"type\":\"image\",\"media\":\"media:"
            + mediaId
            + "\",\"alt\":\"A cell\"},"
            + "{\"type\":\"quiz\",\"questions\":[{\"type\":\"numeric\",\"prompt\":\"pi?\","
            + "\"points\":2,\"answer\":3.14159265358979323846,\"tolerance\":0.01}]},"
            + "{\"type\":\"widget\",\"widget\":\""
            + widgetId
            + "\",\"config\":{\"q\":1}}]}";
    String lessonId =
        json(send(
                "POST",
                "/api/lessons",
                "application/json",
                utf8("{\"title\":\"Cell Biology\",\"content\":" + content + "}"),
                201))
            .get("id")
            .asText();
    String versionId =
        json(send("POST", "/api/lessons/" + lessonId + "/versions", null, null, 201))
            .get("id")
            .asText();
    exported = export(lessonId, versionId);
  }

  @Test
  void roundTrip_importPublishExport_sameContentUnderNewIds() throws Exception {
    JsonNode imported =
        json(send("POST", "/api/lessons/import?publish=true", "application/zip", exported, 201));
    String newMedia = imported.at("/mediaIds/" + mediaId).asText();
    String newWidget = imported.at("/widgetIds/" + widgetId).asText();
    assertThat(newMedia).matches("[0-9a-f-]{36}").isNotEqualTo(mediaId);
    assertThat(newWidget).matches("[0-9a-f-]{36}").isNotEqualTo(widgetId);
    JsonNode lesson = imported.get("lesson");
    assertThat(lesson.get("title").asText()).isEqualTo("Cell Biology");
    // The bundle's slug is taken by the original lesson: the import gets the next free one.
    assertThat(lesson.get("slug").asText()).startsWith("cell-biology-");
    assertThat(lesson.at("/content/blocks/2/media").asText()).isEqualTo("media:" + newMedia);
    assertThat(lesson.at("/content/blocks/4/widget").asText()).isEqualTo(newWidget);
    JsonNode version = imported.get("version");
    assertThat(version.get("versionNumber").asInt()).isEqualTo(1);
    assertThat(imported.path("warnings")).isEmpty();

    // The imported media keeps its type, bytes and attribution; the widget its type, JS and CSS.
    JsonNode media = json(send("GET", "/api/v1/media/" + newMedia, null, null, 200));
    assertThat(media.get("mimeType").asText()).isEqualTo("image/png");

    byte[] again = export(lesson.get("id").asText(), version.get("id").asText());
    String top = lesson.get("slug").asText() + "-v1/";
    Map<String, byte[]> first = entries(exported);
    Map<String, byte[]> second = entries(again);
    JsonNode firstLesson = JSON.readTree(first.get(TOP + "lesson.json"));
    JsonNode secondLesson = JSON.readTree(second.get(top + "lesson.json"));
    JsonNode mapped =
        JSON.readTree(
            new String(first.get(TOP + "lesson.json"), StandardCharsets.UTF_8)
                .replace("./media/" + mediaId + ".png", "./media/" + newMedia + ".png")
                .replace("\"" + widgetId + "\"", "\"" + newWidget + "\""));
    assertThat(secondLesson).isEqualTo(mapped);
    assertThat(secondLesson).isNotEqualTo(firstLesson);
    // Text that merely mentions a media reference is kept as written.
    assertThat(secondLesson.at("/blocks/1/html").asText()).contains("media:" + mediaId);
    assertThat(second.get(top + "media/" + newMedia + ".png")).isEqualTo(png);
    assertThat(second.get(top + "widgets/" + newWidget + ".js")).isEqualTo(script);
    assertThat(second.get(top + "widgets/" + newWidget + ".css")).isEqualTo(style);
    JsonNode manifest = JSON.readTree(second.get(top + "manifest.json"));
    assertThat(manifest.at("/attributions/0/mediaId").asText()).isEqualTo(newMedia);
    assertThat(manifest.at("/attributions/0/text").asText()).isEqualTo("Photo by Ann");
    assertThat(manifest.at("/attributions/0/url").asText()).isEqualTo("https://example.org/p/1");
    assertThat(manifest.at("/files/widgets/0/widgetType").asText()).isEqualTo("multiple-choice");
  }

  @Test
  void import_withOverrides_keepsDraftUnpublished_andWarnsAboutUnlistedEntries() throws Exception {
    // A bundle larger than the HTTP server's default request size, streamed through.
    byte[] zip =
        withEntry(
            withEntry(exported, TOP + "notes/readme.txt", utf8("hello")),
            TOP + "notes/big.bin",
            GrpcFixtures.noise(12 * 1024 * 1024, 5));
    assertThat(zip.length).isGreaterThan(12 * 1024 * 1024);
    JsonNode imported =
        json(
            send(
                "POST",
                "/api/lessons/import?title=Copied%20cells&slug=copied-cells",
                "application/zip",
                zip,
                201));
    assertThat(imported.at("/lesson/title").asText()).isEqualTo("Copied cells");
    assertThat(imported.at("/lesson/slug").asText()).isEqualTo("copied-cells");
    assertThat(imported.at("/lesson/latestVersionNumber").asInt()).isZero();
    assertThat(imported.has("version")).isFalse();
    assertThat(imported.get("warnings").toString())
        .contains("Ignored " + TOP + "notes/readme.txt: manifest.json does not list it")
        .contains("Ignored " + TOP + "notes/big.bin: manifest.json does not list it");
    // A given slug that is taken is a conflict, not renamed.
    HttpResponse<byte[]> taken =
        sendRaw("POST", "/api/lessons/import?slug=copied-cells", "application/zip", zip, BEARER);
    assertThat(taken.statusCode()).isEqualTo(409);
  }

  @Test
  void refusals_name_theProblem_andStoreNothing() throws Exception {
    long lessons = count("lessons");
    long media = count("media");
    long widgets = count("widgets");

    refused(utf8("this is not a zip"), "ZIP_INVALID", "");
    refused(withEntry(exported, "../evil.txt", utf8("x")), "ZIP_UNSAFE_PATH", "");
    refused(
        without(exported, TOP + "widgets/" + widgetId + ".js"),
        "BUNDLE_FILE_MISSING",
        "manifest.json lists " + TOP + "widgets/" + widgetId + ".js (files.widgets[0])");
    refused(
        replaced(exported, TOP + "manifest.json", utf8("{\"title\": oops")),
        "BUNDLE_MANIFEST_INVALID",
        "manifest.json is not valid JSON");
    refused(
        replaced(exported, TOP + "manifest.json", utf8("{\"title\":\"x\",\"files\":[]}")),
        "BUNDLE_MANIFEST_INVALID",
        "Invalid manifest.json: \"files\" must be an object");
    String manifest =
        new String(entries(exported).get(TOP + "manifest.json"), StandardCharsets.UTF_8);
    refused(
        replaced(
            exported,
            TOP + "manifest.json",
            utf8(manifest.replace("\"./lesson.json\"", "\"./../../etc/passwd\""))),
        "BUNDLE_MANIFEST_INVALID",
        "files.lesson is not a safe relative path: ./../../etc/passwd");
    refused(
        replaced(
            exported,
            TOP + "manifest.json",
            utf8(manifest.replace("\"./media/" + mediaId + ".png\"", "\"./media/other.png\""))),
        "BUNDLE_MANIFEST_INVALID",
        "files.media[0] must have an \"id\" (a UUID) and a \"localPath\" ./media/{id}.{ext}");
    refused(
        without(exported, TOP + "manifest.json"),
        "BUNDLE_MANIFEST_MISSING",
        "it has no manifest.json");
    refused(
        replaced(exported, TOP + "lesson.json", utf8("[1,2]")),
        "BUNDLE_LESSON_INVALID",
        "lesson.json must be a JSON object with a \"blocks\" array");
    // Fails the schema only after the media and widget are stored: they are removed again.
    refused(
        replaced(
            exported,
            TOP + "lesson.json",
            utf8("{\"blocks\":[{\"type\":\"image\",\"media\":\"./media/" + mediaId + ".png\"}]}")),
        "INVALID_LESSON_CONTENT",
        "Invalid lesson content");
    // A media file whose bytes are not what the manifest says.
    refused(
        replaced(exported, TOP + "media/" + mediaId + ".png", MediaSamples.pdf(2000, 3)),
        "MEDIA_TYPE_MISMATCH",
        "The bundle file " + TOP + "media/" + mediaId + ".png is refused");

    HttpResponse<byte[]> json =
        sendRaw("POST", "/api/lessons/import", "application/json", exported, BEARER);
    assertThat(json.statusCode()).isEqualTo(415);
    assertThat(JSON.readTree(json.body()).get("message").asText())
        .contains("Content-Type: application/zip");
    HttpResponse<byte[]> anonymous =
        sendRaw("POST", "/api/lessons/import", "application/zip", exported, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);

    assertThat(count("lessons")).isEqualTo(lessons);
    assertThat(count("media")).isEqualTo(media);
    assertThat(count("widgets")).isEqualTo(widgets);
  }

  @Test
  void grpc_importStreamsChunks_andRefusesAMissingMetadataMessage() throws Exception {
    var stub =
        org.courseport.api.v1.LessonServiceGrpc.newStub(server.inProcessChannel())
            .withInterceptors(
                io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(authorization()));
    java.util.concurrent.CompletableFuture<org.courseport.api.v1.ImportLessonBundleResponse> done =
        new java.util.concurrent.CompletableFuture<>();
    var call = stub.importLessonBundle(observer(done));
    call.onNext(
        org.courseport.api.v1.ImportLessonBundleRequest.newBuilder()
            .setMetadata(
                org.courseport.api.v1.ImportLessonBundleMetadata.newBuilder()
                    .setSlug("grpc-cells")
                    .setPublish(true))
            .build());
    for (int off = 0; off < exported.length; off += 1000) {
      call.onNext(
          org.courseport.api.v1.ImportLessonBundleRequest.newBuilder()
              .setChunk(
                  com.google.protobuf.ByteString.copyFrom(
                      exported, off, Math.min(1000, exported.length - off)))
              .build());
    }
    call.onCompleted();
    var result = done.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(result.getLesson().getSlug()).isEqualTo("grpc-cells");
    assertThat(result.getVersion().getVersionNumber()).isEqualTo(1);
    assertThat(result.getMediaIdsMap()).containsKey(mediaId);

    java.util.concurrent.CompletableFuture<org.courseport.api.v1.ImportLessonBundleResponse> bad =
        new java.util.concurrent.CompletableFuture<>();
    var second = stub.importLessonBundle(observer(bad));
    second.onNext(
        org.courseport.api.v1.ImportLessonBundleRequest.newBuilder()
            .setChunk(com.google.protobuf.ByteString.copyFrom(exported, 0, 10))
            .build());
    second.onCompleted();
    Throwable failure =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> bad.get(30, java.util.concurrent.TimeUnit.SECONDS));
    io.grpc.StatusRuntimeException status = (io.grpc.StatusRuntimeException) failure.getCause();
    assertThat(status.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
    assertThat(status.getStatus().getDescription()).contains("must carry metadata");
    assertThat(GrpcFixtures.errorInfo(status).getReason()).isEqualTo("UPLOAD_INVALID");
  }

  private static io.grpc.Metadata authorization() {
    io.grpc.Metadata m = new io.grpc.Metadata();
    m.put(
        io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + CourseportServerExtension.KEY.replace(':', '.'));
    return m;
  }

  private static <T> io.grpc.stub.StreamObserver<T> observer(
      java.util.concurrent.CompletableFuture<T> done) {
    return new io.grpc.stub.StreamObserver<>() {
      @Override
      public void onNext(T value) {
        done.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    };
  }

  private static void refused(byte[] zip, String reason, String message) throws Exception {
    HttpResponse<byte[]> r = sendRaw("POST", "/api/lessons/import", "application/zip", zip, BEARER);
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(r.statusCode()).as(body).isEqualTo(reason.equals("MEDIA_TYPE_MISMATCH") ? 415 : 400);
    assertThat(r.headers().firstValue("x-courseport-reason")).as(body).hasValue(reason);
    assertThat(JSON.readTree(body).get("message").asText()).contains(message);
  }

  private static long count(String collection) {
    return server
        .server()
        .services()
        .store()
        .database()
        .getCollection(collection)
        .countDocuments(new Document());
  }

  private static byte[] export(String lessonId, String versionId) throws Exception {
    return send(
            "GET",
            "/api/lessons/" + lessonId + "/versions/" + versionId + "/export-zip",
            null,
            null,
            200)
        .body();
  }

  static Map<String, byte[]> entries(byte[] zip) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.put(e.getName(), in.readAllBytes());
      }
    }
    return out;
  }

  static byte[] zip(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        out.putNextEntry(new ZipEntry(f.getKey()));
        out.write(f.getValue());
        out.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] withEntry(byte[] zip, String name, byte[] content) throws IOException {
    Map<String, byte[]> files = entries(zip);
    files.put(name, content);
    return zip(files);
  }

  private static byte[] without(byte[] zip, String name) throws IOException {
    Map<String, byte[]> files = entries(zip);
    assertThat(files.remove(name)).isNotNull();
    return zip(files);
  }

  private static byte[] replaced(byte[] zip, String name, byte[] content) throws IOException {
    Map<String, byte[]> files = entries(zip);
    assertThat(files.put(name, content)).isNotNull();
    return zip(files);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
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
