package org.courseport.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.courseport.server.domain.media.MediaItem;
import org.courseport.server.domain.media.WidgetBundle;
import org.courseport.server.grpc.GrpcFixtures;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /api/v1/media} and {@code /api/v1/widgets} through the real server: the LearningStudio
 * dialect's 201 shapes and {@code {"message","code"}} errors, the stored documents and blobs.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MediaRestTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String BEARER = "Bearer " + CourseportServerExtension.KEY;
  static final int LIMIT = 64 * 1024;

  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension()
          .with("COURSEPORT_MEDIA_MAX_BYTES", Integer.toString(LIMIT))
          .with("COURSEPORT_WIDGET_SCRIPT_MAX_BYTES", "4096");

  record Answer(int status, String contentType, JsonNode json, String raw) {}

  static Answer send(String method, String path, String auth, String contentType, byte[] body) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(server.http() + path)).timeout(Duration.ofSeconds(60));
      if (auth != null) {
        b.header("Authorization", auth);
      }
      if (contentType != null) {
        b.header("Content-Type", contentType);
      }
      b.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      var r = HTTP.send(b.build(), BodyHandlers.ofString());
      JsonNode json = r.body().isEmpty() ? null : JSON.readTree(r.body());
      return new Answer(
          r.statusCode(), r.headers().firstValue("content-type").orElse(""), json, r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static Answer post(String path, String auth, Multipart form) {
    return send("POST", path, auth, Multipart.contentType(), form.build());
  }

  static Answer postJson(String path, String auth, String json) {
    return send("POST", path, auth, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  static Answer get(String path, String auth) {
    return send("GET", path, auth, null, null);
  }

  static void assertError(Answer a, int status, String code, String message) {
    assertThat(a.status()).as(a.raw()).isEqualTo(status);
    assertThat(a.contentType()).startsWith("application/json");
    assertThat(a.json().size()).as(a.raw()).isEqualTo(2);
    assertThat(a.json().path("code").asText()).as(a.raw()).isEqualTo(code);
    assertThat(a.json().path("message").asText()).as(a.raw()).isEqualTo(message);
  }

  static Document stored(String collection, String id) {
    return server
        .server()
        .services()
        .store()
        .database()
        .getCollection(collection)
        .find(new Document("_id", id))
        .first();
  }

  @Test
  void upload_png_withAttribution_answers201_storesTheDocumentAndTheBlob() throws Exception {
    byte[] png = MediaSamples.png(5000, 1);
    Answer a =
        post(
            "/api/v1/media",
            BEARER,
            new Multipart()
                .field(
                    "attribution",
                    "{\"text\":\"Photo by John Doe\",\"url\":\"https://unsplash.com/photos/abc\","
                        + "\"portfolioUrl\":\"https://unsplash.com/@johndoe\"}")
                .file("file", "cell.png", "image/png", png));

    assertThat(a.status()).as(a.raw()).isEqualTo(201);
    assertThat(a.contentType()).startsWith("application/json");
    JsonNode m = a.json();
    String id = m.path("id").asText();
    assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    assertThat(m.path("mimeType").asText()).isEqualTo("image/png");
    assertThat(m.path("ext").asText()).isEqualTo("png");
    assertThat(m.path("sizeBytes").isIntegralNumber()).as(a.raw()).isTrue();
    assertThat(m.path("sizeBytes").asLong()).isEqualTo(5000);
    assertThat(m.path("sha256").asText()).isEqualTo(GrpcFixtures.sha256(png));
    assertThat(m.path("filename").asText()).isEqualTo("cell.png");
    assertThat(m.path("external").asBoolean()).isFalse();
    assertThat(m.path("url").asText()).isEmpty();
    assertThat(m.path("attribution").path("text").asText()).isEqualTo("Photo by John Doe");
    assertThat(m.path("attribution").path("portfolioUrl").asText())
        .isEqualTo("https://unsplash.com/@johndoe");
    assertThat(m.path("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

    Document doc = stored("media", id);
    assertThat(doc.getString("tenantId")).isEqualTo("default");
    assertThat(doc.getString("mimeType")).isEqualTo("image/png");
    assertThat(doc.get("sizeBytes", Number.class).longValue()).isEqualTo(5000);
    assertThat(doc.getString("sha256")).isEqualTo(GrpcFixtures.sha256(png));
    assertThat(doc.getString("ext")).isEqualTo("png");
    assertThat(doc.getString("filename")).isEqualTo("cell.png");
    assertThat(doc.containsKey("external")).isFalse();
    assertThat(doc.get("attribution", Document.class).getString("url"))
        .isEqualTo("https://unsplash.com/photos/abc");
    assertThat(doc.get("createdAt")).isInstanceOf(java.util.Date.class);
    assertThat(Files.readAllBytes(GrpcFixtures.blobPath(server, png))).isEqualTo(png);

    MediaItem item =
        server.server().services().media().find("default", UUID.fromString(id)).orElseThrow();
    try (InputStream in = server.server().services().media().open(item)) {
      assertThat(in.readAllBytes()).isEqualTo(png);
    }

    var content =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.http() + "/api/v1/media/" + id + "/content"))
                .header("Authorization", BEARER)
                .build(),
            BodyHandlers.ofByteArray());
    assertThat(content.statusCode()).isEqualTo(200);
    assertThat(content.body()).isEqualTo(png);
    assertThat(content.headers().firstValue("content-type")).contains("image/png");
    assertThat(content.headers().firstValue("content-length")).contains("5000");
    assertThat(content.headers().firstValue("etag")).contains('"' + GrpcFixtures.sha256(png) + '"');
    assertError(
        get("/api/v1/media/" + id + "/content", "Bearer " + server.newTenant()),
        404,
        "NOT_FOUND",
        "Media '" + id + "' not found.");

    Answer again = get("/api/v1/media/" + id, BEARER);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(m);
  }

  @Test
  void upload_attributionAfterTheFile_isKept() {
    Answer a =
        post(
            "/api/v1/media",
            BEARER,
            new Multipart()
                .file("file", "a.gif", null, MediaSamples.gif(300, 2))
                .field("attribution", "{\"text\":\"Drawn by Ann\"}"));
    assertThat(a.status()).as(a.raw()).isEqualTo(201);
    assertThat(a.json().path("mimeType").asText()).isEqualTo("image/gif");
    assertThat(a.json().path("attribution").path("text").asText()).isEqualTo("Drawn by Ann");
    assertThat(stored("media", a.json().path("id").asText()).get("attribution", Document.class))
        .isEqualTo(new Document("text", "Drawn by Ann"));
  }

  @Test
  void upload_lyingExtensionWithoutDeclaredType_isStoredAsWhatTheBytesAre() {
    Answer a =
        post(
            "/api/v1/media",
            BEARER,
            new Multipart()
                .file("file", "cat.png", "application/octet-stream", MediaSamples.jpeg(800, 3)));
    assertThat(a.status()).as(a.raw()).isEqualTo(201);
    assertThat(a.json().path("mimeType").asText()).isEqualTo("image/jpeg");
    assertThat(a.json().path("ext").asText()).isEqualTo("jpg");
    assertThat(a.json().path("filename").asText()).isEqualTo("cat.png");
  }

  @Test
  void upload_declaredTypeDisagreeingWithTheBytes_is415NamingBoth() {
    Answer a =
        post(
            "/api/v1/media",
            BEARER,
            new Multipart().file("file", "cat.png", "image/png", MediaSamples.jpeg(800, 4)));
    assertError(
        a,
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "The declared type image/png does not match the file's content, which is image/jpeg.");
  }

  @Test
  void upload_htmlDisguisedAsAnImage_is415() {
    Answer a =
        post(
            "/api/v1/media",
            BEARER,
            new Multipart().file("file", "photo.jpg", null, MediaSamples.html()));
    assertError(
        a,
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "The file is not a supported media type (its content looks like text/html). Supported"
            + " types: image/jpeg, image/png, image/gif, image/webp, image/svg+xml, video/mp4,"
            + " video/webm, audio/mpeg, audio/mp4, audio/ogg, audio/wav, audio/webm,"
            + " application/pdf.");
  }

  @Test
  void upload_unsupportedDeclaredType_is415() {
    Answer a =
        post(
            "/api/v1/media",
            BEARER,
            new Multipart()
                .file("file", "x.exe", "application/x-msdownload", new byte[] {'M', 'Z'}));
    assertThat(a.status()).isEqualTo(415);
    assertThat(a.json().path("message").asText())
        .startsWith("The declared type application/x-msdownload is not a supported media type.");
  }

  @Test
  void upload_svgWithScript_is400_cleanSvg_is201() {
    Answer bad =
        post(
            "/api/v1/media",
            BEARER,
            new Multipart()
                .file(
                    "file",
                    "x.svg",
                    "image/svg+xml",
                    MediaSamples.ascii(
                        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")));
    assertError(
        bad, 400, "VALIDATION_ERROR", "The SVG file is refused: it contains a <script> element.");
    Answer good =
        post(
            "/api/v1/media",
            BEARER,
            new Multipart().file("file", "x.svg", "image/svg+xml", MediaSamples.svg()));
    assertThat(good.status()).as(good.raw()).isEqualTo(201);
    assertThat(good.json().path("ext").asText()).isEqualTo("svg");
  }

  @Test
  void upload_overTheLimit_is413() {
    Answer a =
        post(
            "/api/v1/media",
            BEARER,
            new Multipart().file("file", "big.png", "image/png", MediaSamples.png(LIMIT + 1, 5)));
    assertError(
        a,
        413,
        "PAYLOAD_TOO_LARGE",
        "The file exceeds the media size limit of " + LIMIT + " bytes.");
  }

  @Test
  void upload_withoutFilePart_is400() {
    Answer a = post("/api/v1/media", BEARER, new Multipart().field("attribution", "{}"));
    assertError(a, 400, "VALIDATION_ERROR", "Missing the required multipart part 'file'.");
  }

  @Test
  void upload_badAttributionJson_is400() {
    Answer a =
        post(
            "/api/v1/media",
            BEARER,
            new Multipart()
                .field("attribution", "{\"text\": ")
                .file("file", "a.png", "image/png", MediaSamples.png(100, 6)));
    assertThat(a.status()).as(a.raw()).isEqualTo(400);
    assertThat(a.json().path("code").asText()).isEqualTo("VALIDATION_ERROR");
    assertThat(a.json().path("message").asText())
        .startsWith("Invalid JSON in the part 'attribution': ")
        .doesNotContain("Exception");
  }

  @Test
  void upload_attributionWithAScriptLink_is400() {
    Answer a =
        post(
            "/api/v1/media",
            BEARER,
            new Multipart()
                .field("attribution", "{\"text\":\"x\",\"url\":\"javascript:alert(1)\"}")
                .file("file", "a.png", "image/png", MediaSamples.png(100, 6)));
    assertError(
        a,
        400,
        "VALIDATION_ERROR",
        "Invalid attribution: the attribution url 'javascript:alert(1)' is not an absolute http(s)"
            + " URL.");
    Answer external =
        postJson(
            "/api/v1/media",
            BEARER,
            "{\"url\":\"https://93.184.215.14/a.png\",\"attribution\":{\"portfolioUrl\":\"ftp://x\"}}");
    assertThat(external.status()).isEqualTo(400);
    assertThat(external.json().path("message").asText()).contains("portfolioUrl 'ftp://x'");
  }

  @Test
  void upload_emptyFile_is400() {
    Answer a =
        post("/api/v1/media", BEARER, new Multipart().file("file", "a.png", null, new byte[0]));
    assertError(a, 400, "VALIDATION_ERROR", "The file is empty.");
  }

  @Test
  void withoutCredentials_is401InvalidApiKey() {
    Answer a =
        post(
            "/api/v1/media",
            null,
            new Multipart().file("file", "a.png", null, MediaSamples.png(9, 1)));
    assertThat(a.status()).isEqualTo(401);
    assertThat(a.json().path("code").asText()).isEqualTo("INVALID_API_KEY");
    assertThat(a.json().size()).isEqualTo(2);
    Answer list = get("/api/v1/media", "Bearer nobody:wrong");
    assertThat(list.status()).isEqualTo(401);
    assertThat(list.json().path("code").asText()).isEqualTo("INVALID_API_KEY");
  }

  @Test
  void anotherTenantsMedia_is404_andNotListed() {
    Answer a =
        post(
            "/api/v1/media",
            BEARER,
            new Multipart().file("file", "a.webp", null, MediaSamples.webp(400, 7)));
    String id = a.json().path("id").asText();
    String other = "Bearer " + server.newTenant();

    assertError(
        get("/api/v1/media/" + id, other), 404, "NOT_FOUND", "Media '" + id + "' not found.");
    assertThat(send("DELETE", "/api/v1/media/" + id, other, null, null).status()).isEqualTo(404);
    assertThat(get("/api/v1/media", other).json().path("media").size()).isZero();
    assertThat(get("/api/v1/media/" + id, BEARER).status()).isEqualTo(200);
  }

  @Test
  void getMedia_nonUuidId_is400() {
    assertError(
        get("/api/v1/media/abc", BEARER),
        400,
        "VALIDATION_ERROR",
        "Invalid media id 'abc': expected a UUID.");
  }

  @Test
  void sameBytesTwice_oneBlob_deletedWithTheLastReference() throws Exception {
    byte[] mp4 = MediaSamples.mp4(3000, 8);
    String first = uploadId("a.mp4", mp4);
    String second = uploadId("b.mp4", mp4);
    assertThat(first).isNotEqualTo(second);
    assertThat(stored("media", first).getString("sha256"))
        .isEqualTo(stored("media", second).getString("sha256"));
    assertThat(
            server.filesUnder("blobs").stream().filter(p -> p.endsWith(GrpcFixtures.sha256(mp4))))
        .hasSize(1);

    Answer deleted = send("DELETE", "/api/v1/media/" + first, BEARER, null, null);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(stored("media", first)).isNull();
    assertThat(GrpcFixtures.blobPath(server, mp4)).exists();

    assertThat(send("DELETE", "/api/v1/media/" + second, BEARER, null, null).status())
        .isEqualTo(204);
    assertThat(GrpcFixtures.blobPath(server, mp4)).doesNotExist();
    assertThat(get("/api/v1/media/" + second, BEARER).status()).isEqualTo(404);
  }

  private static String uploadId(String name, byte[] bytes) {
    Answer a = post("/api/v1/media", BEARER, new Multipart().file("file", name, null, bytes));
    assertThat(a.status()).as(a.raw()).isEqualTo(201);
    return a.json().path("id").asText();
  }

  @Test
  void list_pagesOldestFirst() {
    String tenant = "Bearer " + server.newTenant();
    for (int i = 0; i < 3; i++) {
      Answer a =
          post(
              "/api/v1/media",
              tenant,
              new Multipart().file("file", "f" + i + ".ogg", null, MediaSamples.ogg(100, i)));
      assertThat(a.status()).isEqualTo(201);
    }
    Answer page = get("/api/v1/media?pageSize=2", tenant);
    assertThat(page.status()).as(page.raw()).isEqualTo(200);
    assertThat(page.json().path("media").size()).isEqualTo(2);
    assertThat(page.json().path("media").get(0).path("filename").asText()).isEqualTo("f0.ogg");
    String token = page.json().path("nextPageToken").asText();
    assertThat(token).isNotEmpty();
    Answer last = get("/api/v1/media?pageSize=2&pageToken=" + token, tenant);
    assertThat(last.json().path("media").size()).isEqualTo(1);
    assertThat(last.json().path("media").get(0).path("filename").asText()).isEqualTo("f2.ogg");
    assertThat(last.json().path("nextPageToken").asText()).isEmpty();
  }

  @Test
  void externalMedia_publicUrl_isRegisteredWithoutBytes() {
    Answer a =
        postJson(
            "/api/v1/media",
            BEARER,
            "{\"url\":\"https://93.184.215.14/photos/cell.JPG?w=800\",\"attribution\":"
                + "{\"text\":\"Photo by Jane\",\"url\":\"https://unsplash.com/photos/x\","
                + "\"portfolioUrl\":\"https://unsplash.com/@jane\"}}");
    assertThat(a.status()).as(a.raw()).isEqualTo(201);
    JsonNode m = a.json();
    assertThat(m.path("external").asBoolean()).isTrue();
    assertThat(m.path("url").asText()).isEqualTo("https://93.184.215.14/photos/cell.JPG?w=800");
    assertThat(m.path("mimeType").asText()).isEqualTo("image/jpeg");
    assertThat(m.path("ext").asText()).isEqualTo("jpg");
    assertThat(m.has("sizeBytes")).isFalse();
    assertThat(m.path("sha256").asText()).isEmpty();
    assertThat(m.path("filename").asText()).isEqualTo("cell.JPG");
    Document doc = stored("media", m.path("id").asText());
    assertThat(doc.get("external", Document.class))
        .isEqualTo(new Document("url", "https://93.184.215.14/photos/cell.JPG?w=800"));
    assertThat(doc.containsKey("sha256")).isFalse();
    assertThat(doc.containsKey("sizeBytes")).isFalse();
    assertThat(doc.get("attribution", Document.class).getString("portfolioUrl"))
        .isEqualTo("https://unsplash.com/@jane");
  }

  @Test
  void externalMedia_privateAddressOrOtherScheme_is400() {
    for (String url :
        new String[] {
          "http://127.0.0.1/x.png",
          "http://10.0.0.8/x.png",
          "http://[::1]/x.png",
          "http://169.254.169.254/latest/meta-data",
          "ftp://93.184.215.14/x.png",
          "file:///etc/passwd",
          "/relative/x.png",
          "https://user:pw@93.184.215.14/x.png"
        }) {
      Answer a = postJson("/api/v1/media", BEARER, "{\"url\":\"" + url + "\"}");
      assertThat(a.status()).as(url + " " + a.raw()).isEqualTo(400);
      assertThat(a.json().path("code").asText()).isEqualTo("VALIDATION_ERROR");
      assertThat(a.json().path("message").asText())
          .as(url)
          .startsWith("The external media URL is refused. ");
    }
    Answer missing = postJson("/api/v1/media", BEARER, "{\"attribution\":{\"text\":\"x\"}}");
    assertError(missing, 400, "VALIDATION_ERROR", "The media URL is required.");
  }

  @Test
  void externalMedia_malformedJson_is400() {
    Answer a = postJson("/api/v1/media", BEARER, "{\"url\": ");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().path("message").asText()).startsWith("Invalid JSON body: ");
    Answer text = send("POST", "/api/v1/media", BEARER, "text/plain", "x".getBytes());
    assertThat(text.status()).isEqualTo(415);
    assertThat(text.json().path("code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
  }

  @Test
  void widget_withCss_answers201_andStoresBothFiles() throws Exception {
    byte[] js = "export function mount(el, config) { el.textContent = config.q; }\n".getBytes();
    byte[] css = ".mc { color: #333; }\n".getBytes();
    Answer a =
        post(
            "/api/v1/widgets",
            BEARER,
            new Multipart()
                .field("widgetType", "multiple-choice")
                .file("script", "mc.js", "text/javascript", js)
                .file("style", "mc.css", "text/css", css));
    assertThat(a.status()).as(a.raw()).isEqualTo(201);
    JsonNode w = a.json();
    String id = w.path("id").asText();
    assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    assertThat(w.path("widgetType").asText()).isEqualTo("multiple-choice");
    assertThat(w.path("scriptSha256").asText()).isEqualTo(GrpcFixtures.sha256(js));
    assertThat(w.path("scriptSizeBytes").asLong()).isEqualTo(js.length);
    assertThat(w.path("styleSha256").asText()).isEqualTo(GrpcFixtures.sha256(css));
    assertThat(w.path("styleSizeBytes").asLong()).isEqualTo(css.length);

    Document doc = stored("widgets", id);
    assertThat(doc.keySet())
        .isEqualTo(
            Set.of("_id", "tenantId", "widgetType", "scriptSha256", "styleSha256", "createdAt"));
    var media = server.server().services().media();
    WidgetBundle bundle = media.findWidget("default", UUID.fromString(id)).orElseThrow();
    try (InputStream in = media.openScript(bundle)) {
      assertThat(in.readAllBytes()).isEqualTo(js);
    }
    try (InputStream in = media.openStyle(bundle).orElseThrow()) {
      assertThat(in.readAllBytes()).isEqualTo(css);
    }
    assertThat(get("/api/v1/widgets/" + id, BEARER).json()).isEqualTo(w);
  }

  @Test
  void widget_withoutCss_typeAfterScript_answers201() throws Exception {
    byte[] js = "console.log('hi');".getBytes();
    Answer a =
        post(
            "/api/v1/widgets",
            BEARER,
            new Multipart()
                .file("script", "w.js", "application/javascript", js)
                .field("widgetType", "flashcards"));
    assertThat(a.status()).as(a.raw()).isEqualTo(201);
    assertThat(a.json().path("widgetType").asText()).isEqualTo("flashcards");
    assertThat(a.json().path("styleSha256").asText()).isEmpty();
    assertThat(a.json().has("styleSizeBytes")).isFalse();
    Document doc = stored("widgets", a.json().path("id").asText());
    assertThat(doc.containsKey("styleSha256")).isFalse();
    var media = server.server().services().media();
    WidgetBundle bundle =
        media.findWidget("default", UUID.fromString(a.json().path("id").asText())).orElseThrow();
    assertThat(media.openStyle(bundle)).isEmpty();
    Answer list = get("/api/v1/widgets", BEARER);
    assertThat(list.json().path("widgets").findValuesAsText("id"))
        .contains(a.json().path("id").asText());
  }

  @Test
  void widget_refusals() {
    assertError(
        post(
            "/api/v1/widgets",
            BEARER,
            new Multipart()
                .field("widgetType", "x")
                .file("script", "a.js", null, MediaSamples.html())),
        400,
        "VALIDATION_ERROR",
        "The widget script starts with '<': it looks like HTML or XML.");
    assertError(
        post(
            "/api/v1/widgets",
            BEARER,
            new Multipart().file("script", "a.js", null, "x()".getBytes())),
        400,
        "VALIDATION_ERROR",
        "Missing the required multipart field 'widgetType'.");
    assertError(
        post("/api/v1/widgets", BEARER, new Multipart().field("widgetType", "x")),
        400,
        "VALIDATION_ERROR",
        "Missing the required multipart part 'script'.");
    assertError(
        post(
            "/api/v1/widgets",
            BEARER,
            new Multipart()
                .field("widgetType", "Bad Type!")
                .file("script", "a.js", null, "x()".getBytes())),
        400,
        "VALIDATION_ERROR",
        "Invalid widget type 'Bad Type!': use 1 to 64 lower-case letters, digits and '-', starting"
            + " with a letter or digit (e.g. multiple-choice).");
    assertError(
        post(
            "/api/v1/widgets",
            BEARER,
            new Multipart()
                .field("widgetType", "big")
                .file("script", "a.js", null, "x();".repeat(2000).getBytes())),
        413,
        "PAYLOAD_TOO_LARGE",
        "The widget script exceeds its size limit of 4096 bytes.");
    assertError(
        post(
            "/api/v1/widgets",
            BEARER,
            new Multipart()
                .field("widgetType", "bin")
                .file("script", "a.js", null, "ok()".getBytes())
                .file("style", "a.css", null, new byte[] {'a', 0, 'b'})),
        400,
        "VALIDATION_ERROR",
        "The widget style sheet contains a binary control character (U+0000), so it is not text.");
    String other = "Bearer " + server.newTenant();
    Answer mine =
        post(
            "/api/v1/widgets",
            BEARER,
            new Multipart()
                .field("widgetType", "mine")
                .file("script", "a.js", null, "m()".getBytes()));
    String id = mine.json().path("id").asText();
    assertError(
        get("/api/v1/widgets/" + id, other), 404, "NOT_FOUND", "Widget '" + id + "' not found.");
  }

  @Test
  void unknownPathUnderOwnedCollection_is404InThisDialect_andAllureStaysAllure() {
    Answer a = get("/api/v1/media/" + UUID.randomUUID() + "/nothing", BEARER);
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.json().path("code").asText()).isEqualTo("NOT_FOUND");
    assertThat(a.json().size()).isEqualTo(2);
    Answer allure = get("/api/v1/packages/nothing/here/at/all", BEARER);
    assertThat(allure.status()).isEqualTo(404);
    assertThat(allure.json().has("error")).as(allure.raw()).isTrue();
    Answer method = send("PATCH", "/api/v1/media", BEARER, null, null);
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.json().path("code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
  }
}
