package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.courseport.server.auth.Bootstrap;
import org.courseport.server.grpc.GrpcFixtures;
import org.courseport.server.testing.AdjustableClock;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every kind of signed URL and capability token, tampered and expired, through the real server on a
 * clock the test moves: the Allure presigned PUT and multipart part URLs, the lesson export's
 * signed file URLs, LearningStudio's downloadUrl, Canvas's attachment URLs, and on the content
 * origin the launch links and delivery tokens. Each gives its documented refusal and exposes
 * nothing of what it guards. (downloadUrl and Canvas attachment URLs do not expire: they are
 * permanent capabilities until revoked, so their second case is revocation, or none.)
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SignedUrlRefusalTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final AdjustableClock CLOCK =
      new AdjustableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension().withClock(CLOCK);

  static final String KEY = CourseportServerExtension.KEY;
  static final String MARKER = "Signed-Secret-Title";

  record Answer(int status, HttpResponse<byte[]> response) {
    String text() {
      return new String(response.body(), StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return JSON.readTree(response.body());
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + text(), e);
      }
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }
  }

  static Answer send(String method, String url, String type, byte[] body, boolean authorized) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : server.http() + url))
              .timeout(Duration.ofSeconds(90))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      if (type != null) {
        b.header("Content-Type", type);
      }
      if (authorized) {
        b.header("Authorization", "Bearer " + KEY);
      }
      HttpResponse<byte[]> r = HTTP.send(b.build(), BodyHandlers.ofByteArray());
      return new Answer(r.statusCode(), r);
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static JsonNode api(String method, String path, String json, int status) {
    Answer a =
        send(
            method,
            path,
            json == null ? null : "application/json",
            json == null ? null : json.getBytes(StandardCharsets.UTF_8),
            true);
    assertThat(a.status()).as("%s %s: %s", method, path, a.text()).isEqualTo(status);
    return a.json();
  }

  /** The URL with the last character of query parameter {@code name} changed. */
  static String flip(String url, String name) {
    int at = url.indexOf(name + "=");
    assertThat(at).as("%s in %s", name, url).isPositive();
    int end = url.indexOf('&', at);
    end = end < 0 ? url.length() : end;
    char c = url.charAt(end - 1);
    return url.substring(0, end - 1) + (c == 'a' ? 'b' : 'a') + url.substring(end);
  }

  /** The URL with the last character of the path segment after {@code marker} changed. */
  static String flipSegment(String url, String marker) {
    int start = url.indexOf(marker) + marker.length();
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    char c = url.charAt(end - 1);
    return url.substring(0, end - 1) + (c == 'A' ? 'B' : 'A') + url.substring(end);
  }

  static long expires(String url) {
    return Long.parseLong(url.replaceAll(".*[?&]expires=(\\d+).*", "$1"));
  }

  /** An Allure refusal: the status, its body, and nothing stored or echoed. */
  static void allureRefusal(Answer a, int status, String code) {
    assertThat(a.status()).as(a.text()).isEqualTo(status);
    assertThat(a.json().path("error").asText())
        .isEqualTo(status == 403 ? "Forbidden" : "Not Found");
    assertThat(a.json().path("code").asText()).isEqualTo(code);
    assertThat(a.json().size()).isEqualTo(3);
  }

  static void lessonRefusal(Answer a, String reason) {
    assertThat(a.status()).as(a.text()).isEqualTo(403);
    assertThat(a.header("x-courseport-reason")).isEqualTo(reason);
    assertThat(a.json().path("error").asText()).isEqualTo("Forbidden");
    assertThat(a.json().path("code").asText()).isEqualTo("FORBIDDEN");
    assertThat(a.text()).doesNotContain(MARKER);
  }

  record Expiry(Instant at, String kind, Runnable check) {}

  @Test
  void everyKind_tamperedAndExpired_isRefusedAndExposesNothing() throws Exception {
    String tenantUuid =
        server.server().services().tenantDirectory().uuidOf(Bootstrap.DEFAULT_TENANT);
    String courseId = "signed-course";
    GrpcFixtures.importCourse(server, KEY, courseId, TestPackages.scorm12(MARKER));
    byte[] zip = TestPackages.scorm12("Upload");

    // --- Allure presigned PUT
    JsonNode ticket =
        api(
            "POST",
            "/api/v1/packages/upload-url",
            JSON.writeValueAsString(
                Map.of(
                    "tenant_id",
                    tenantUuid,
                    "uploaded_by",
                    "u",
                    "filename",
                    "s.zip",
                    "file_size",
                    zip.length)),
            200);
    String putUrl = ticket.get("presigned_url").asText();
    allureRefusal(
        send("PUT", flip(putUrl, lastParam(putUrl)), "application/zip", zip, false),
        403,
        "UPLOAD_SIGNATURE_INVALID");
    allureRefusal(
        send(
            "PUT",
            putUrl.replaceAll("expires=(\\d+)", "expires=9999999999"),
            "application/zip",
            zip,
            false),
        403,
        "UPLOAD_SIGNATURE_INVALID");

    // --- Allure multipart part URL
    JsonNode init =
        api(
            "POST",
            "/api/v1/packages/multipart/init",
            JSON.writeValueAsString(
                Map.of("tenant_id", tenantUuid, "uploaded_by", "u", "filename", "m.zip")),
            200);
    String uploadId = init.get("upload_id").asText();
    String partUrl =
        api(
                "POST",
                "/api/v1/packages/multipart/part-url",
                JSON.writeValueAsString(Map.of("upload_id", uploadId, "part_number", 1)),
                200)
            .get("url")
            .asText();
    allureRefusal(
        send("PUT", flip(partUrl, lastParam(partUrl)), "application/zip", new byte[] {1}, false),
        403,
        "UPLOAD_SIGNATURE_INVALID");
    allureRefusal(
        send(
            "PUT",
            partUrl.replace("/parts/1?", "/parts/2?"),
            "application/zip",
            new byte[] {1},
            false),
        403,
        "UPLOAD_SIGNATURE_INVALID");

    // --- Lesson export signed file URL
    String content =
        "{\"blocks\":[{\"type\":\"heading\",\"text\":\""
            + MARKER
            + "\"},{\"type\":\"text\",\"html\":\"<p>x</p>\"}]}";
    String lessonId =
        api(
                "POST",
                "/api/lessons",
                "{\"title\":\"" + MARKER + "\",\"content\":" + content + "}",
                201)
            .get("id")
            .asText();
    String versionId =
        api("POST", "/api/lessons/" + lessonId + "/versions", null, 201).get("id").asText();
    JsonNode manifest =
        api(
            "GET",
            "/api/lessons/" + lessonId + "/versions/" + versionId + "/export-manifest",
            null,
            200);
    String fileUrl = manifest.get("files").get("lessonUrl").asText();
    assertThat(send("GET", fileUrl, null, null, false).status()).isEqualTo(200);
    lessonRefusal(send("GET", flip(fileUrl, "sig"), null, null, false), "SIGNED_URL_INVALID");
    lessonRefusal(
        send(
            "GET",
            fileUrl.replace("expires=" + expires(fileUrl), "expires=" + (expires(fileUrl) + 3600)),
            null,
            null,
            false),
        "SIGNED_URL_INVALID");

    // --- LearningStudio downloadUrl: a permanent capability until revoked
    JsonNode export = api("POST", "/api/v1/courses/" + courseId + "/export", "{}", 200);
    String downloadUrl = export.get("downloadUrl").asText();
    Answer ok = send("GET", downloadUrl, null, null, false);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.response().body()).startsWith('P', 'K');
    for (String bad :
        List.of(flipSegment(downloadUrl, "/downloads/"), server.http() + "/downloads/x")) {
      Answer a = send("GET", bad, null, null, false);
      assertThat(a.status()).as(a.text()).isEqualTo(404);
      assertThat(a.json().path("code").asText()).isEqualTo("NOT_FOUND");
      assertThat(a.json().size()).isEqualTo(2);
    }

    // --- Canvas attachment URL: a permanent capability
    JsonNode created =
        api(
            "POST",
            "/api/v1/courses/" + courseId + "/content_exports",
            "{\"export_type\":\"zip\"}",
            200);
    String exportPath =
        "/api/v1/courses/" + courseId + "/content_exports/" + created.get("id").asInt();
    JsonNode done = created;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180); // hang detection only
    while (!done.path("workflow_state").asText().equals("exported")) {
      assertThat(done.path("workflow_state").asText()).isNotEqualTo("failed");
      assertThat(System.nanoTime()).as("content export still %s", done).isLessThan(deadline);
      Thread.onSpinWait();
      done = api("GET", exportPath, null, 200);
    }
    String attachment = done.get("attachment").get("url").asText();
    assertThat(send("GET", attachment, null, null, false).status()).isEqualTo(200);
    for (String bad :
        List.of(flipSegment(attachment, "/files/"), server.http() + "/files/x/download")) {
      Answer a = send("GET", bad, null, null, false);
      assertThat(a.status()).as(a.text()).isEqualTo(404);
      assertThat(a.json().path("errors").path(0).path("message").asText()).isNotBlank();
      assertThat(a.text()).doesNotContain("PK");
    }

    // --- Content origin: a launch link, and the delivery token opening it mints
    String link =
        api("POST", "/api/v2/courses/" + courseId + "/preview", "{}", 200)
            .get("launchLink")
            .asText();
    Answer opened = send("GET", link, null, null, false);
    assertThat(opened.status()).as(opened.text()).isEqualTo(303);
    String player = URI.create(link).resolve(opened.header("location")).toString();
    assertThat(player).contains("/s/");
    assertThat(send("GET", player, null, null, false).status()).isEqualTo(200);
    Answer badLink = send("GET", flipSegment(link, "/launch/"), null, null, false);
    assertThat(badLink.status()).isEqualTo(404);
    assertThat(badLink.text()).doesNotContain(MARKER);
    Answer badDelivery = send("GET", flipSegment(player, "/s/"), null, null, false);
    assertThat(badDelivery.status()).isEqualTo(404);
    assertThat(badDelivery.text()).doesNotContain(MARKER);

    // --- Expiry: the clock moves past each kind's expiry in turn; each is refused as expired.
    Instant start = CLOCK.instant();
    List<Expiry> expiries = new ArrayList<>();
    expiries.add(
        new Expiry(
            Instant.ofEpochSecond(expires(putUrl) + 1),
            "presigned PUT",
            () ->
                allureRefusal(
                    send("PUT", putUrl, "application/zip", zip, false),
                    403,
                    "UPLOAD_URL_EXPIRED")));
    expiries.add(
        new Expiry(
            Instant.ofEpochSecond(expires(partUrl) + 1),
            "part URL",
            () ->
                allureRefusal(
                    send("PUT", partUrl, "application/zip", new byte[] {1}, false),
                    403,
                    "UPLOAD_URL_EXPIRED")));
    expiries.add(
        new Expiry(
            Instant.ofEpochSecond(expires(fileUrl) + 1),
            "lesson file URL",
            () -> lessonRefusal(send("GET", fileUrl, null, null, false), "SIGNED_URL_EXPIRED")));
    expiries.add(
        new Expiry(
            start.plusSeconds(121),
            "launch link",
            () -> {
              Answer a = send("GET", link, null, null, false);
              assertThat(a.status()).as(a.text()).isEqualTo(410);
              assertThat(a.text()).doesNotContain(MARKER);
            }));
    expiries.add(
        new Expiry(
            start.plus(Duration.ofHours(8)).plusSeconds(1),
            "delivery token",
            () -> {
              Answer a = send("GET", player, null, null, false);
              assertThat(a.status()).as(a.text()).isEqualTo(410);
              assertThat(a.text()).doesNotContain(MARKER);
            }));
    expiries.sort(Comparator.comparing(Expiry::at));
    for (Expiry e : expiries) {
      if (CLOCK.instant().isBefore(e.at())) {
        CLOCK.set(e.at());
      }
      e.check().run();
    }

    // Revocation is the end of a downloadUrl: 404 at once.
    api(
        "DELETE",
        "/api/v1/courses/" + courseId + "/exports/" + export.get("exportId").asText(),
        null,
        200);
    Answer revoked = send("GET", downloadUrl, null, null, false);
    assertThat(revoked.status()).as(revoked.text()).isEqualTo(404);
    assertThat(revoked.json().path("code").asText()).isEqualTo("NOT_FOUND");
  }

  /** The name of the URL's last query parameter (its signature). */
  static String lastParam(String url) {
    String query = url.substring(url.indexOf('?') + 1);
    String last = query.substring(query.lastIndexOf('&') + 1);
    return last.substring(0, last.indexOf('='));
  }
}
