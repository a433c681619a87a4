package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.rest.ImportUploadRestTest.fieldNames;
import static org.courseport.server.rest.ScormCloudRest.enc;
import static org.courseport.server.rest.ScormCloudRest.message;
import static org.courseport.server.rest.ScormCloudRest.obj;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.courseport.server.auth.Bootstrap;
import org.courseport.server.domain.delivery.Delivery;
import org.courseport.server.net.AddressPolicy;
import org.courseport.server.rest.FakeOrigin.Received;
import org.courseport.server.storage.mongo.delivery.MongoDeliveryRepository;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp.Response;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /courses/importJobs} (fetch by URL) through the whole server: imports from an
 * allow-listed local web server, refuses every other loopback target (also behind a redirect), and
 * posts the ended job to {@code postbackUrl}.
 */
class ImportFetchRestTest {
  /** The one web server the server may reach: allow-listed with its port. */
  static final FakeOrigin origin = FakeOrigin.start("127.0.0.1");

  /** Loopback servers that must never receive a request; they would serve a valid package. */
  static final FakeOrigin forbidden = FakeOrigin.start("127.0.0.1");

  static final FakeOrigin forbidden6 = FakeOrigin.start("::1");

  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension().with("COURSEPORT_FETCH_ALLOW", "127.0.0.1:" + origin.port());

  private static final byte[] PACKAGE = TestPackages.scorm12("Fetched");

  static {
    forbidden.serve("/c.zip", "application/zip", PACKAGE);
    forbidden6.serve("/c.zip", "application/zip", PACKAGE);
  }

  private final ScormCloudRest api = ScormCloudRest.basic(server, CourseportServerExtension.KEY);

  @AfterAll
  static void stopOrigins() {
    origin.close();
    forbidden.close();
    forbidden6.close();
  }

  @Test
  void fetchFromAllowListedServer_importsTheCourse() {
    origin.serve("/ok.zip", "application/zip", PACKAGE);

    Response r = fetch("f-ok", "", origin.url("/ok.zip"));

    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(fieldNames(r.json())).containsExactly("result");
    JsonNode job = api.awaitJob(r.json().get("result").asText());
    assertThat(job.get("status").asText()).as("%s", job).isEqualTo("COMPLETE");
    assertThat(job.get("importResult").get("course").get("id").asText()).isEqualTo("f-ok");
    assertThat(job.get("importResult").get("course").get("title").asText()).isEqualTo("Fetched");
    assertThat(origin.received("/ok.zip")).extracting(Received::method).containsExactly("GET");
  }

  @Test
  void fetchOfAPdfWithContentTypeAndMediaFileMetadata_becomesAOneFileCourse() {
    byte[] pdf = "%PDF-1.4\n%%EOF\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    origin.serve("/guide.pdf", "application/pdf", pdf);

    Response r =
        api.post(
            "/courses/importJobs?courseId=f-pdf",
            obj(
                "url",
                origin.url("/guide.pdf"),
                "contentType",
                "application/pdf",
                "mediaFileMetadata",
                obj("title", "Guide", "contentLanguage", "de", "estimatedDuration", 120)));

    assertThat(r.status()).as("%s", r).isEqualTo(200);
    JsonNode job = api.awaitJob(r.json().get("result").asText());
    assertThat(job.get("status").asText()).as("%s", job).isEqualTo("COMPLETE");
    assertThat(job.get("importResult").get("course").get("title").asText()).isEqualTo("Guide");
    assertThat(api.get("/courses/f-pdf/asset?relativePath=guide.pdf").body()).isEqualTo(pdf);
  }

  @Test
  void fetchAnsweredWithAnHttpError_endsInErrorNamingTheStatus() {
    JsonNode job =
        api.awaitJob(fetch("f-404", "", origin.url("/missing.zip")).json().get("result").asText());

    assertThat(job.get("status").asText()).isEqualTo("ERROR");
    assertThat(job.get("message").asText()).contains("404");
    message(api.get("/courses/f-404"), 404);
  }

  @Test
  void redirectWithinTheAllowListedServer_isFollowed() {
    origin.serve("/target.zip", "application/zip", PACKAGE);
    origin.redirect("/hop.zip", origin.url("/target.zip"));

    JsonNode job =
        api.awaitJob(fetch("f-hop", "", origin.url("/hop.zip")).json().get("result").asText());

    assertThat(job.get("status").asText()).as("%s", job).isEqualTo("COMPLETE");
    assertThat(origin.received("/target.zip")).hasSize(1);
  }

  @Test
  void runningJob_hasOnlyJobIdAndStatus() {
    CountDownLatch release = new CountDownLatch(1);
    origin.hold("/slow.zip", release, PACKAGE);
    String jobId = fetch("f-slow", "", origin.url("/slow.zip")).json().get("result").asText();
    try {
      assertThat(origin.await("/slow.zip", 1, Duration.ofSeconds(60))).hasSize(1);

      JsonNode running = api.get("/courses/importJobs/" + jobId).json();

      assertThat(fieldNames(running)).containsExactlyInAnyOrder("jobId", "status");
      assertThat(running.get("jobId").asText()).isEqualTo(jobId);
      assertThat(running.get("status").asText()).isEqualTo("RUNNING");
    } finally {
      release.countDown();
    }
    assertThat(api.awaitJob(jobId).get("status").asText()).isEqualTo("COMPLETE");
  }

  @Test
  void fetchIntoExistingCourse_is409_unlessMayCreateNewVersion() {
    origin.serve("/v.zip", "application/zip", PACKAGE);
    api.awaitJob(fetch("f-versions", "", origin.url("/v.zip")).json().get("result").asText());

    message(fetch("f-versions", "", origin.url("/v.zip")), 409);
    message(fetch("f-versions", "&mayCreateNewVersion=false", origin.url("/v.zip")), 409);
    JsonNode job =
        api.awaitJob(
            fetch("f-versions", "&mayCreateNewVersion=true", origin.url("/v.zip"))
                .json()
                .get("result")
                .asText());
    assertThat(job.get("importResult").get("course").get("version").asInt()).isEqualTo(1);
  }

  @Test
  void fileAndFtpUrls_are400() {
    assertThat(message(fetch("f-file", "", "file:///etc/passwd"), 400)).contains("url");
    assertThat(message(fetch("f-ftp", "", "ftp://127.0.0.1/c.zip"), 400)).contains("url");
    assertThat(message(fetch("f-gopher", "", "gopher://127.0.0.1:70/_x"), 400)).contains("url");
  }

  @Test
  void missingUrlOrCourseId_is400() {
    message(
        api.post("/courses/importJobs?courseId=f-nourl", obj("contentType", "application/zip")),
        400);
    assertThat(message(api.post("/courses/importJobs", obj("url", origin.url("/ok.zip"))), 400))
        .contains("courseId");
    message(api.post("/courses/importJobs?courseId=f-badjson", "{\"url\": "), 400);
    assertThat(
            message(
                api.post(
                    "/courses/importJobs?courseId=" + enc("a/b"),
                    obj("url", origin.url("/ok.zip"))),
                400))
        .contains("courseId");
    assertThat(
            message(
                api.post(
                    "/courses/importJobs?courseId=" + "x".repeat(256),
                    obj("url", origin.url("/ok.zip"))),
                400))
        .contains("courseId");
    assertThat(
            message(
                api.post(
                    "/courses/importJobs?courseId=f-bad-flag&mayCreateNewVersion=no",
                    obj("url", origin.url("/ok.zip"))),
                400))
        .contains("mayCreateNewVersion");
  }

  @Test
  void loopbackAddressOnAnotherPort_isRefused_andNeverFetched() {
    assertRefused("f-loop", forbidden.url("/c.zip"), "127.0.0.1");

    assertThat(forbidden.received()).isEmpty();
  }

  @Test
  void ipv6Loopback_isRefused_andNeverFetched() {
    String url = "http://[::1]:" + forbidden6.port() + "/c.zip";

    String why = assertRefused("f-loop6", url, null);

    assertThat(why).containsAnyOf("::1", "0:0:0:0:0:0:0:1");
    assertThat(forbidden6.received()).isEmpty();
  }

  @Test
  void hostNameResolvingToLoopback_isRefused_andNeverFetched() {
    String why =
        assertRefused(
            "f-localhost", "http://localhost:" + forbidden.port() + "/c.zip", "localhost");

    assertThat(why).contains("127.0.0.1");
    assertThat(forbidden.received()).isEmpty();
  }

  @Test
  void redirectFromAllowListedServerToOtherLoopbackPort_isRefused_andNeverFetched() {
    origin.redirect("/escape.zip", forbidden.url("/c.zip"));

    assertRefused("f-redirect", origin.url("/escape.zip"), "127.0.0.1:" + forbidden.port());

    assertThat(origin.received("/escape.zip")).hasSize(1);
    assertThat(forbidden.received()).isEmpty();
  }

  @Test
  void postback_ofACompletedJob_receivesItsImportJobResultJson() throws Exception {
    origin.serve("/pb.zip", "application/zip", PACKAGE);
    origin.accept("/postback/complete");
    String postback = origin.url("/postback/complete");

    String jobId =
        fetch("f-postback", "&postbackUrl=" + enc(postback), origin.url("/pb.zip"))
            .json()
            .get("result")
            .asText();
    JsonNode job = api.awaitJob(jobId);

    List<Received> posts = origin.await("/postback/complete", 1, Duration.ofSeconds(30));
    assertThat(posts).hasSize(1);
    Received post = posts.get(0);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.header("Content-Type")).startsWith("application/json");
    JsonNode body = ScormCloudRest.JSON.readTree(post.body());
    assertThat(body.get("jobId").asText()).isEqualTo(jobId);
    assertThat(body.get("status").asText()).isEqualTo("COMPLETE");
    assertThat(body.get("importResult").get("course").get("id").asText()).isEqualTo("f-postback");
    assertThat(body).isEqualTo(job);
  }

  @Test
  void postback_ofAFailedJob_receivesItsErrorJson() throws Exception {
    origin.accept("/postback/error");
    String postback = origin.url("/postback/error");
    byte[] notAPackage = TestPackages.zip(Map.of("readme.txt", "no manifest here"));

    String jobId =
        api.startUpload("f-postback-error", "&postbackUrl=" + enc(postback), notAPackage);
    JsonNode job = api.awaitJob(jobId);

    List<Received> posts = origin.await("/postback/error", 1, Duration.ofSeconds(30));
    assertThat(posts).hasSize(1);
    JsonNode body = ScormCloudRest.JSON.readTree(posts.get(0).body());
    assertThat(fieldNames(body)).containsExactlyInAnyOrder("jobId", "status", "message");
    assertThat(body.get("jobId").asText()).isEqualTo(jobId);
    assertThat(body.get("status").asText()).isEqualTo("ERROR");
    assertThat(body.get("message").asText()).isNotBlank();
    assertThat(body).isEqualTo(job);
  }

  @Test
  void postbackToAForbiddenAddress_isNeverSent() {
    origin.serve("/pb-forbidden.zip", "application/zip", PACKAGE);
    String postback = forbidden.url("/steal");

    String jobId =
        fetch(
                "f-postback-forbidden",
                "&postbackUrl=" + enc(postback),
                origin.url("/pb-forbidden.zip"))
            .json()
            .get("result")
            .asText();

    assertThat(api.awaitJob(jobId).get("status").asText()).isEqualTo("COMPLETE");
    // The postback is stored and attempted once; its attempt ends it as FAILED at the SSRF guard,
    // before any connection, so once it is FAILED the forbidden server can no longer be reached.
    Delivery postbackDelivery = awaitEndedPostback(jobId);
    assertThat(postbackDelivery.status()).isEqualTo(Delivery.Status.FAILED);
    assertThat(postbackDelivery.attempts())
        .singleElement()
        .satisfies(a -> assertThat(a.error()).startsWith(AddressPolicy.FORBIDDEN));
    assertThat(forbidden.received()).isEmpty();
  }

  /** The postback delivery of a job of the default tenant, once it has ended (not PENDING). */
  private static Delivery awaitEndedPostback(String jobId) {
    MongoDeliveryRepository deliveries =
        new MongoDeliveryRepository(server.server().services().store().database());
    // Hang detection only: far above one delivery attempt on a loaded machine.
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      List<Delivery> found = deliveries.findBySubject(Bootstrap.DEFAULT_TENANT, jobId);
      assertThat(found).as("postback deliveries of job %s", jobId).hasSizeLessThanOrEqualTo(1);
      if (!found.isEmpty() && found.get(0).status() != Delivery.Status.PENDING) {
        return found.get(0);
      }
      ScormCloudRest.sleep(50);
    }
    throw new AssertionError("the postback of job " + jobId + " has not ended");
  }

  private Response fetch(String courseId, String query, String url) {
    return api.post(
        "/courses/importJobs?courseId=" + enc(courseId) + query,
        obj("url", url, "contentType", "application/zip"));
  }

  /**
   * Asserts the fetch is refused: 400 at once, or a job ending in ERROR whose message names {@code
   * named}; and that no course was created. Returns the message.
   */
  private String assertRefused(String courseId, String url, String named) {
    Response r = fetch(courseId, "", url);
    String why;
    if (r.status() == 400) {
      why = message(r, 400);
    } else {
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      JsonNode job = api.awaitJob(r.json().get("result").asText());
      assertThat(job.get("status").asText()).as("%s", job).isEqualTo("ERROR");
      why = job.get("message").asText();
    }
    if (named != null) {
      assertThat(why).contains(named);
    }
    message(api.get("/courses/" + courseId), 404);
    return why;
  }
}
