package org.courseport.server.domain.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.domain.launch.LaunchFixture.COURSE;
import static org.courseport.server.domain.launch.LaunchFixture.TENANT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.courseport.server.config.LaunchConfig;
import org.courseport.server.content.ContentOrigin;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.player.LaunchPlan;
import org.courseport.server.player.PlanItem;
import org.courseport.server.storage.blob.FileSystemBlobStore;
import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.launch.MongoLaunchTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Commits through the real content origin into real sessions on the embedded MongoDB: a launch link
 * opened over HTTP, scorm-again's own CMI JSON posted as a {@code text/plain} beacon, a duplicate
 * beacon, a commit over the data model's limit, and the relaunched player page resuming.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LaunchCommitOverHttpTest {
  static final ObjectMapper JSON = new ObjectMapper();

  LaunchFixture fx;
  Path blobDir;
  ContentOrigin origin;
  DefaultLaunchSessions sessions;
  DefaultLaunchTokens tokens;
  final HttpClient http = HttpClient.newHttpClient(); // never follows redirects

  @BeforeAll
  void start() throws Exception {
    fx = new LaunchFixture();
    blobDir = Files.createTempDirectory("courseport-launch-http");
    sessions = fx.sessions(fx.sessionRepo);
    tokens =
        new DefaultLaunchTokens(
            new MongoLaunchTokens(fx.store.database()), Duration.ofHours(8), fx.clock);
    Instant t = fx.clock.instant();
    CourseVersion version =
        new CourseVersion(
            TENANT,
            COURSE,
            1,
            "Golf Explained",
            "blob-not-read",
            1,
            "golf.zip",
            new PackageDescription(
                LearningStandard.SCORM12,
                "scorm-1.2",
                "Golf Explained",
                "",
                "index.html",
                1,
                1,
                null,
                null,
                List.of(),
                "imsmanifest.xml"),
            null,
            t,
            t);
    List<PlanItem> items =
        LaunchFixture.LAYOUT.items().stream()
            .map(
                i ->
                    new PlanItem(
                        i.id(),
                        i.title(),
                        0,
                        i.id() + ".html",
                        i.sco(),
                        true,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null))
            .toList();
    LaunchPlan plan = new LaunchPlan("scorm12", "Golf Explained", items, null, true, true, null);
    origin =
        new ContentOrigin(
                new InetSocketAddress("127.0.0.1", 0),
                new LaunchConfig(null, Duration.ofHours(8), Duration.ofHours(1)),
                tokens,
                sessions,
                v -> plan,
                g -> g.courseId().equals(COURSE) ? Optional.of(version) : Optional.empty(),
                new FileSystemBlobStore(blobDir),
                ZipLimits.defaults(),
                m ->
                    "<!DOCTYPE html><html><body data-resume=\""
                        + m.resume().lastItemId()
                        + "\" data-entry=\""
                        + m.resume().entryByItem().get("intro")
                        + "\"></body></html>",
                fx.clock)
            .start();
  }

  @AfterAll
  void stop() throws Exception {
    origin.close();
    fx.close();
    EmbeddedTestMongo.deleteRecursively(blobDir);
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + origin.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> beacon(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + origin.port() + path))
            .header("content-type", "text/plain;charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  String deliveryBase(String sessionId) throws Exception {
    String link = tokens.issueLink(LaunchFixture.tracked(sessionId, "u-1"));
    HttpResponse<String> opened = get("/launch/" + link);
    assertThat(opened.statusCode()).isEqualTo(303);
    String location = opened.headers().firstValue("location").orElseThrow();
    assertThat(location).matches(".*/s/[A-Za-z0-9_-]{43}/$");
    return location.substring(location.indexOf("/s/"), location.length() - 1);
  }

  @Test
  void aBeaconCommitIsStoredOnce_anInvalidOneRefused_andARelaunchResumes() throws Exception {
    sessions.start(TENANT, COURSE, 1, "scorm12", "s-http", "u-1");
    String base = deliveryBase("s-http");
    ObjectNode cmi =
        (ObjectNode)
            JSON.readTree(ScormAgainCmiTest.resource("scorm-again-3.4.3-scorm12-cmi.json"))
                .get("cmi");
    ObjectNode commit = JSON.createObjectNode();
    commit.put("itemId", "intro").put("attemptKey", "k-1").put("seq", 1).put("final", true);
    commit.set("cmi", cmi);

    HttpResponse<String> stored = beacon(base + "/commit", commit.toString());
    assertThat(stored.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(stored.body())).isEqualTo(JSON.readTree("{\"ok\":true}"));
    LaunchSession s = fx.sessionRepo.find(TENANT, COURSE, "s-http").orElseThrow();
    assertThat(s.scos().get("intro").completionStatus()).isEqualTo("completed");
    assertThat(s.scos().get("intro").successStatus()).isEqualTo("passed");
    assertThat(s.scos().get("intro").suspendData()).isEqualTo("abc");
    assertThat(s.location()).isEqualTo("page-3");
    assertThat(s.totalTime()).isEqualTo(Duration.ofMillis(90_500));
    long statements = fx.statementCount();
    assertThat(statements).isEqualTo(5); // initialized, answered, completed, passed, terminated

    // The same beacon again (a retry): accepted, nothing changes.
    assertThat(beacon(base + "/commit", commit.toString()).statusCode()).isEqualTo(200);
    assertThat(fx.sessionRepo.find(TENANT, COURSE, "s-http").orElseThrow().revision())
        .isEqualTo(s.revision());
    assertThat(fx.statementCount()).isEqualTo(statements);

    // Over the SCORM 1.2 limit: 400 naming the element, nothing stored.
    cmi.put("suspend_data", "x".repeat(4097));
    commit.put("seq", 2);
    HttpResponse<String> refused = beacon(base + "/commit", commit.toString());
    assertThat(refused.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(refused.body());
    assertThat(error.path("error").asText()).isEqualTo("SUSPEND_DATA_TOO_LONG");
    assertThat(error.path("message").asText()).contains("cmi.suspend_data");
    assertThat(fx.sessionRepo.find(TENANT, COURSE, "s-http").orElseThrow().revision())
        .isEqualTo(s.revision());

    // A relaunch opens the player with the SCO to resume (exit was suspend).
    HttpResponse<String> page = get(deliveryBase("s-http") + "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("data-resume=\"intro\"").contains("data-entry=\"resume\"");
  }
}
