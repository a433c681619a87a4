package org.courseport.server.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.content.ContentOriginFixture.Entry.deflated;
import static org.courseport.server.content.ContentOriginFixture.Entry.folder;
import static org.courseport.server.content.ContentOriginFixture.Entry.stored;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.courseport.server.domain.launch.LaunchOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Package files on the content origin, through the real server on a free port. */
class ContentOriginFilesTest {
  @TempDir static Path dir;

  static ContentOriginFixture f;
  static String base;
  static byte[] video = ContentOriginFixture.noise(700_000, 1);
  static byte[] bigScript =
      ("var lesson = 'text that compresses well';\n".repeat(20_000))
          .getBytes(StandardCharsets.UTF_8);

  @BeforeAll
  static void start() throws Exception {
    f = new ContentOriginFixture(dir);
    f.store(
        "golf",
        ContentOriginFixture.zip(
            deflated("imsmanifest.xml", "<manifest/>"),
            deflated("index.html", "<html><body>Golf</body></html>"),
            folder("shared/"),
            deflated("shared/Style.CSS", "body{color:green}"),
            deflated("shared/launch page.html", "<p>space</p>"),
            deflated("shared/app.js", "console.log(1)"),
            deflated("shared/pic.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>"),
            deflated("shared/data.json", "{}"),
            deflated("shared/font.woff2", "w2"),
            deflated("shared/sound.mp3", "id3"),
            deflated("shared/big.js", new String(bigScript, StandardCharsets.UTF_8)),
            stored("media/movie.mp4", video)));
    base =
        "/s/" + f.deliver(f.preview("golf", LaunchOptions.DEFAULTS, Duration.ofHours(8))) + "/c/";
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void file_hasTypeSecurityAndCacheHeaders_andNoCors() {
    HttpResponse<byte[]> r = f.get(base + "index.html", "Origin", "https://evil.example");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new String(r.body(), StandardCharsets.UTF_8))
        .isEqualTo("<html><body>Golf</body></html>");
    assertThat(r.headers().firstValue("content-type")).hasValue("text/html");
    assertThat(r.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    assertThat(r.headers().firstValue("content-security-policy").orElseThrow())
        .contains("default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:")
        .contains("connect-src 'self'")
        .contains("frame-ancestors 'self'")
        .contains("form-action 'self'");
    assertThat(r.headers().firstValue("cache-control")).hasValue("private, max-age=3600");
    assertThat(r.headers().firstValue("accept-ranges")).hasValue("bytes");
    assertThat(r.headers().firstValue("etag").orElseThrow())
        .matches("\"[0-9a-f]{24}-[0-9a-f]{16}\"");
    assertThat(r.headers().map().keySet())
        .noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
  }

  @Test
  void contentTypes_byExtension() {
    assertThat(type("shared/app.js")).isEqualTo("text/javascript");
    assertThat(type("shared/pic.svg")).isEqualTo("image/svg+xml");
    assertThat(type("shared/data.json")).isEqualTo("application/json");
    assertThat(type("shared/font.woff2")).isEqualTo("font/woff2");
    assertThat(type("shared/sound.mp3")).isEqualTo("audio/mpeg");
    assertThat(type("media/movie.mp4")).isEqualTo("video/mp4");
    assertThat(type("imsmanifest.xml")).isEqualTo("application/xml");
    assertThat(type("shared/Style.CSS")).isEqualTo("text/css");
  }

  private static String type(String path) {
    HttpResponse<byte[]> r = f.get(base + path);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r.headers().firstValue("content-type").orElseThrow();
  }

  @Test
  void etag_ifNoneMatch_is304() {
    String etag = f.get(base + "index.html").headers().firstValue("etag").orElseThrow();
    HttpResponse<byte[]> r = f.get(base + "index.html", "If-None-Match", "\"other\", " + etag);
    assertThat(r.statusCode()).isEqualTo(304);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValue("etag")).hasValue(etag);
    // Another file of the same package has another tag.
    assertThat(f.get(base + "shared/app.js").headers().firstValue("etag"))
        .isNotEqualTo(java.util.Optional.of(etag));
    assertThat(f.get(base + "index.html", "If-None-Match", "\"nope\"").statusCode()).isEqualTo(200);
  }

  @Test
  void head_answersHeadersOnly() {
    HttpResponse<byte[]> r = f.send("HEAD", base + "media/movie.mp4", BodyPublishers.noBody());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-length")).hasValue(String.valueOf(video.length));
    assertThat(r.headers().firstValue("content-type")).hasValue("video/mp4");
    assertThat(r.body()).isEmpty();
  }

  @Test
  void range_ofStoredVideo_is206_withTheBytes() {
    HttpResponse<byte[]> r = f.get(base + "media/movie.mp4", "Range", "bytes=300000-400999");
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.headers().firstValue("content-range"))
        .hasValue("bytes 300000-400999/" + video.length);
    assertThat(r.headers().firstValue("content-length")).hasValue("101000");
    assertThat(r.body()).isEqualTo(Arrays.copyOfRange(video, 300_000, 401_000));

    HttpResponse<byte[]> tail = f.get(base + "media/movie.mp4", "Range", "bytes=-10");
    assertThat(tail.statusCode()).isEqualTo(206);
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(video, video.length - 10, video.length));

    HttpResponse<byte[]> open = f.get(base + "media/movie.mp4", "Range", "bytes=100-");
    assertThat(open.statusCode()).isEqualTo(206);
    assertThat(open.body()).isEqualTo(Arrays.copyOfRange(video, 100, video.length));
  }

  @Test
  void range_ofDeflatedFile_skipsThroughTheInflatedBytes() {
    HttpResponse<byte[]> r = f.get(base + "shared/big.js", "Range", "bytes=500000-799999");
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.body()).isEqualTo(Arrays.copyOfRange(bigScript, 500_000, 800_000));
    HttpResponse<byte[]> small = f.get(base + "shared/big.js", "Range", "bytes=5-9");
    assertThat(small.body()).isEqualTo(Arrays.copyOfRange(bigScript, 5, 10));
  }

  @Test
  void range_beyondTheEnd_is416() {
    HttpResponse<byte[]> r =
        f.get(base + "media/movie.mp4", "Range", "bytes=" + video.length + "-");
    assertThat(r.statusCode()).isEqualTo(416);
    assertThat(r.headers().firstValue("content-range")).hasValue("bytes */" + video.length);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains(video.length + " bytes");
  }

  @Test
  void ifRange_withAnotherTag_sendsTheWholeFile() {
    HttpResponse<byte[]> r =
        f.get(base + "media/movie.mp4", "Range", "bytes=0-9", "If-Range", "\"stale\"");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(video);
  }

  @Test
  void largeFiles_streamWhole() {
    HttpResponse<byte[]> v = f.get(base + "media/movie.mp4");
    assertThat(v.statusCode()).isEqualTo(200);
    assertThat(v.body()).isEqualTo(video);
    HttpResponse<byte[]> js = f.get(base + "shared/big.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("content-length"))
        .hasValue(String.valueOf(bigScript.length));
    assertThat(js.body()).isEqualTo(bigScript);
  }

  @Test
  void repairs_caseBackslashAndPercentEncoding() {
    assertThat(text(base + "shared/style.css")).isEqualTo("body{color:green}");
    assertThat(text(base + "SHARED/STYLE.CSS")).isEqualTo("body{color:green}");
    assertThat(text(base + "shared%5CStyle.CSS")).isEqualTo("body{color:green}");
    assertThat(text(base + "shared/launch%20page.html")).isEqualTo("<p>space</p>");
    assertThat(text(base + "shared/./app.js")).isEqualTo("console.log(1)");
  }

  private static String text(String path) {
    HttpResponse<byte[]> r = f.get(path);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void folders_andMissingFiles_are404() {
    assertThat(f.get(base + "shared/").statusCode()).isEqualTo(404);
    assertThat(f.get(base + "shared").statusCode()).isEqualTo(404);
    assertThat(f.get(base).statusCode()).isEqualTo(404);
    HttpResponse<byte[]> missing = f.get(base + "nope.html");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(new String(missing.body(), StandardCharsets.UTF_8)).contains("no file 'nope.html'");
  }

  @Test
  void pathEscapes_neverLeaveThePackage() {
    for (String attempt :
        new String[] {
          "../index.html",
          "..%2Findex.html",
          "%2e%2e/%2e%2e/etc/passwd",
          "shared/../../c/index.html",
          "..%5C..%5Cetc%5Cpasswd",
          "%2Fetc%2Fpasswd",
          "index.html%00.png",
          "%ff%fe.html"
        }) {
      HttpResponse<byte[]> r = f.get(base + attempt);
      assertThat(r.statusCode()).as(attempt).isIn(400, 404);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(attempt).doesNotContain("Golf");
    }
    // An absolute path inside the package is just the package path.
    assertThat(f.get(base + "%2Findex.html").statusCode()).isIn(200, 400, 404);
  }

  @Test
  void tokens_expiredIs410_unknownIs404() {
    String shortLived = f.deliver(f.preview("golf", LaunchOptions.DEFAULTS, Duration.ofMinutes(1)));
    assertThat(f.get("/s/" + shortLived + "/c/index.html").statusCode()).isEqualTo(200);
    f.clock.advance(Duration.ofMinutes(2));
    try {
      HttpResponse<byte[]> r = f.get("/s/" + shortLived + "/c/index.html");
      assertThat(r.statusCode()).isEqualTo(410);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("expired");
    } finally {
      f.clock.advance(Duration.ofMinutes(-2));
    }
    String tampered = "A" + shortLived.substring(1);
    assertThat(f.get("/s/" + tampered + "/c/index.html").statusCode()).isEqualTo(404);
    assertThat(f.get("/s/short/c/index.html").statusCode()).isEqualTo(404);
  }

  @Test
  void zipWithARootFolder_servesPathsWithAndWithoutIt() {
    f.store(
        "wrapped",
        ContentOriginFixture.zip(
            deflated("course/imsmanifest.xml", "<manifest/>"),
            deflated("course/index.html", "wrapped")));
    String b =
        "/s/"
            + f.deliver(f.preview("wrapped", LaunchOptions.DEFAULTS, Duration.ofHours(1)))
            + "/c/";
    assertThat(text(b + "index.html")).isEqualTo("wrapped");
    assertThat(text(b + "course/index.html")).isEqualTo("wrapped");
  }

  @Test
  void otherRoutes_are404_andNoApiIsServed() {
    for (String path :
        new String[] {"/", "/api/v2/courses", "/api/v1/packages", "/healthz", "/s/", "/launch/"}) {
      HttpResponse<byte[]> r = f.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.headers().firstValue("content-type").orElseThrow())
          .as(path)
          .startsWith("text/plain");
    }
    HttpResponse<byte[]> preflight =
        f.send(
            "OPTIONS",
            base + "index.html",
            BodyPublishers.noBody(),
            "Origin",
            "https://evil.example",
            "Access-Control-Request-Method",
            "GET");
    assertThat(preflight.statusCode()).isGreaterThanOrEqualTo(400);
    assertThat(preflight.headers().map().keySet())
        .noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
    assertThat(f.send("POST", base + "index.html", BodyPublishers.ofString("x")).statusCode())
        .isEqualTo(405);
  }

  @Test
  void playerAssets_fromTheClasspath_withPublicCaching() {
    HttpResponse<byte[]> r = f.get("/player/assets/cp-test/asset.js");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("window.cpTestAsset = 1;\n");
    assertThat(r.headers().firstValue("content-type")).hasValue("text/javascript");
    assertThat(r.headers().firstValue("cache-control")).hasValue("public, max-age=86400");
    String etag = r.headers().firstValue("etag").orElseThrow();
    assertThat(f.get("/player/assets/cp-test/asset.js", "If-None-Match", etag).statusCode())
        .isEqualTo(304);
    HttpResponse<byte[]> head =
        f.send("HEAD", "/player/assets/cp-test/asset.js", BodyPublishers.noBody());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(f.get("/player/assets/cp-test").statusCode()).isEqualTo(404);
    assertThat(f.get("/player/assets/cp-test/").statusCode()).isEqualTo(404);
  }

  @Test
  void playerAssets_unknownIs404() {
    assertThat(f.get("/player/assets/nope.js").statusCode()).isEqualTo(404);
    assertThat(f.get("/player/assets/../../etc/passwd").statusCode()).isIn(400, 404);
    assertThat(f.get("/player/assets/scorm-again").statusCode()).isEqualTo(404);
  }
}
