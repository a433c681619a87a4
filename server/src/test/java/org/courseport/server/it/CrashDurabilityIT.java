package org.courseport.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bson.Document;
import org.courseport.server.storage.mongo.EmbeddedMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every acknowledged write survives a SIGKILL of the server process on the embedded store: the
 * server jar is killed right after the last answer and restarted on the same data directory.
 * Launches too: a session's acknowledged commit (its progress, statements and resume data) and the
 * launch tokens issued before the kill (a preview link, a player session) outlive it.
 */
class CrashDurabilityIT {
  private static final String KEY = "crash-app:crash-secret-123";
  private static final String COURSE = "crash-course";
  private static final int SIGKILL_EXIT = 128 + 9;

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  @Test
  void acknowledgedWrites_surviveKill9_andLeaveNoOrphans() throws Exception {
    Path jar = Path.of(System.getProperty("courseport.serverJar", "target/courseport-server.jar"));
    assumeTrue(Files.exists(jar), "server jar not built at " + jar);

    String firstJob;
    String secondJob;
    String lessonId;
    String lessonVersionId;
    String courseJobId;
    String authoredCourseId;
    String downloadPath;
    String downloadSha256;
    String canvasExport;
    String canvasFilePath;
    Launched session;
    String previewPath;
    List<String> statementIds;
    try (ServerProcess server = ServerProcess.start(jar, dataDir, KEY)) {
      server.awaitPorts();
      RestClient api = new RestClient(server.httpPort(), KEY);
      api.awaitHealthy();

      firstJob = api.upload(COURSE, false, TestPackages.scorm12("Crash v0"));
      assertThat(api.awaitJob(firstJob)).contains("\"status\":\"COMPLETE\"");
      secondJob = api.upload(COURSE, true, TestPackages.scorm12("Crash v1"));
      assertThat(api.awaitJob(secondJob)).contains("\"status\":\"COMPLETE\"");
      assertThat(api.delete("/api/v2/courses/" + COURSE + "/versions/0").statusCode())
          .isEqualTo(204);
      assertThat(
              api.put("/api/v2/courses/" + COURSE + "/tags", "{\"tags\":[\"durable\",\"kill9\"]}")
                  .statusCode())
          .isEqualTo(204);
      assertThat(
              api.post(
                      "/api/v2/courses/" + COURSE + "/configuration",
                      "{\"settings\":[{\"settingId\":\"PlayerLaunchType\",\"value\":\"NEW_WINDOW\"}]}")
                  .statusCode())
          .isEqualTo(204);
      assertThat(
              api.put("/api/v2/courses/" + COURSE + "/title", "{\"title\":\"After crash\"}")
                  .statusCode())
          .isEqualTo(204);
      // Authored content: a lesson, its published version, and a course made of it by a job.
      HttpResponse<String> lesson =
          api.post(
              "/api/lessons",
              "{\"title\":\"Durable lesson\",\"content\":{\"blocks\":"
                  + "[{\"type\":\"heading\",\"text\":\"Kept\"}]}}");
      assertThat(lesson.statusCode()).as(lesson.body()).isEqualTo(201);
      lessonId = JSON.readTree(lesson.body()).get("id").asText();
      HttpResponse<String> published = api.post("/api/lessons/" + lessonId + "/versions", "{}");
      assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
      lessonVersionId = JSON.readTree(published.body()).get("id").asText();
      HttpResponse<String> created =
          api.post(
              "/api/v1/courses",
              "{\"subject\":\"Durable course\",\"modules\":[{\"title\":\"One\",\"lessons\":"
                  + "[{\"lessonId\":\""
                  + lessonId
                  + "\",\"versionId\":\""
                  + lessonVersionId
                  + "\"}]}]}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
      courseJobId = JSON.readTree(created.body()).get("jobId").asText();
      authoredCourseId = awaitCourseJob(api, courseJobId);
      // Its LearningStudio export (answered 200 with a download URL) and a Canvas content export
      // that reached `exported`.
      HttpResponse<String> exported =
          api.post("/api/v1/courses/" + authoredCourseId + "/export", "{\"format\":\"scorm2004\"}");
      assertThat(exported.statusCode()).as(exported.body()).isEqualTo(200);
      JsonNode export = JSON.readTree(exported.body());
      downloadPath = URI.create(export.get("downloadUrl").asText()).getPath();
      downloadSha256 = export.get("sha256").asText();
      HttpResponse<String> started =
          api.post(
              "/api/v1/courses/" + authoredCourseId + "/content_exports",
              "{\"export_type\":\"zip\"}");
      assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
      canvasExport =
          "/api/v1/courses/"
              + authoredCourseId
              + "/content_exports/"
              + JSON.readTree(started.body()).get("id").asText();
      canvasFilePath = URI.create(awaitExported(api, canvasExport)).getPath();

      // A launch session of the package, opened like a browser, with one acknowledged commit;
      // and a preview link issued before the kill (never opened yet).
      session = launch(api, UUID.randomUUID().toString());
      HttpResponse<String> committed = commit(session, COMMIT);
      assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
      assertThat(JSON.readTree(committed.body()).get("ok").asBoolean()).isTrue();
      statementIds = statementIds(api);
      assertThat(statementIds).as("statements of the commit").isNotEmpty();
      HttpResponse<String> preview =
          api.post("/api/v2/courses/" + COURSE + "/preview", "{\"expiry\":300}");
      assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
      previewPath = URI.create(JSON.readTree(preview.body()).get("launchLink").asText()).getPath();
      assertThat(previewPath).startsWith("/launch/");

      assertThat(server.kill()).as("exit code of a SIGKILLed JVM").isEqualTo(SIGKILL_EXIT);
    }

    try (ServerProcess again = ServerProcess.start(jar, dataDir, KEY)) {
      again.awaitPorts();
      RestClient api = new RestClient(again.httpPort(), KEY);
      api.awaitHealthy();

      assertThat(api.awaitJob(firstJob)).as(again.output()).contains("\"status\":\"COMPLETE\"");
      assertThat(api.awaitJob(secondJob)).contains("\"status\":\"COMPLETE\"");
      HttpResponse<String> course = api.get("/api/v2/courses/" + COURSE);
      assertThat(course.statusCode()).as(course.body()).isEqualTo(200);
      JsonNode json = JSON.readTree(course.body());
      assertThat(json.get("title").asText()).isEqualTo("After crash");
      assertThat(json.get("version").asInt()).isEqualTo(1);
      assertThat(api.get("/api/v2/courses/" + COURSE + "/versions/0").statusCode()).isEqualTo(404);
      assertThat(api.get("/api/v2/courses/" + COURSE + "/tags").body())
          .contains("\"durable\"", "\"kill9\"");
      JsonNode settings =
          JSON.readTree(api.get("/api/v2/courses/" + COURSE + "/configuration").body());
      assertThat(settings.get("settingItems").findValuesAsText("id")).contains("PlayerLaunchType");
      for (JsonNode item : settings.get("settingItems")) {
        if (item.get("id").asText().equals("PlayerLaunchType")) {
          assertThat(item.get("effectiveValue").asText()).isEqualTo("NEW_WINDOW");
        }
      }
      HttpResponse<String> lesson = api.get("/api/lessons/" + lessonId);
      assertThat(lesson.statusCode()).as(lesson.body()).isEqualTo(200);
      assertThat(JSON.readTree(lesson.body()).get("title").asText()).isEqualTo("Durable lesson");
      HttpResponse<String> version =
          api.get("/api/lessons/" + lessonId + "/versions/" + lessonVersionId);
      assertThat(version.statusCode()).as(version.body()).isEqualTo(200);
      assertThat(JSON.readTree(version.body()).get("versionNumber").asInt()).isEqualTo(1);
      assertThat(awaitCourseJob(api, courseJobId)).isEqualTo(authoredCourseId);
      assertThat(api.get("/api/v2/courses/" + authoredCourseId).statusCode()).isEqualTo(200);
      assertThat(sha256(download(again.httpPort(), downloadPath))).isEqualTo(downloadSha256);
      assertThat(URI.create(awaitExported(api, canvasExport)).getPath()).isEqualTo(canvasFilePath);
      assertThat(download(again.httpPort(), canvasFilePath)).isNotEmpty();

      // The acknowledged commit survived: progress, statements, and the resume data of a relaunch.
      HttpResponse<String> progress =
          api.allure(
              "GET", "/api/v1/packages/" + COURSE + "/sessions/" + session.sessionId(), null);
      assertThat(progress.statusCode()).as(progress.body()).isEqualTo(200);
      JsonNode p = JSON.readTree(progress.body());
      assertThat(p.get("location").asText()).isEqualTo("crash-bookmark");
      assertThat(p.get("completion_status").asText()).isEqualTo("completed");
      assertThat(p.get("success_status").asText()).isEqualTo("passed");
      assertThat(p.get("score").asDouble()).isEqualTo(90.0);
      assertThat(statementIds(api)).containsExactlyElementsOf(statementIds);
      Launched relaunch = launch(api, session.sessionId());
      assertThat(relaunch.resumed()).isTrue();
      JsonNode resume = relaunch.data().get("resume");
      assertThat(resume.get("lastItemId").asText()).isEqualTo(session.itemId());
      assertThat(resume.get("entry").get(session.itemId()).asText()).isEqualTo("resume");
      JsonNode cmi = resume.get("cmi").get(session.itemId());
      assertThat(cmi.get("core").get("lesson_location").asText()).isEqualTo("crash-bookmark");
      assertThat(cmi.get("suspend_data").asText()).isEqualTo(SUSPEND_DATA);
      // The content origin has a new port: the preview link and the old player session, issued
      // before the kill, open on it.
      URI content = relaunch.player().resolve("/");
      HttpResponse<String> previewOpened = get(content.resolve(previewPath));
      assertThat(previewOpened.statusCode()).as(previewOpened.body()).isEqualTo(303);
      assertThat(previewOpened.headers().firstValue("Location").orElseThrow()).contains("/s/");
      HttpResponse<String> oldPlayer = get(content.resolve(session.player().getPath()));
      assertThat(oldPlayer.statusCode()).as(oldPlayer.body()).isEqualTo(200);
      assertThat(oldPlayer.body()).contains("crash-bookmark");
      assertThat(again.stop()).as(again.output()).isIn(0, 143);
    }

    assertNoOrphans();
  }

  /**
   * Administration acknowledged right before a SIGKILL survives it: a created key works, a revoked
   * key is refused, a rotated key's new secret works and its old one only within the grace it was
   * given, a quota override and a plan change are in force. A bytes-quota reservation held when the
   * process died (a minted URL never used) counts until its lease has run out, and then no longer
   * (the restart runs with a one-second lease).
   */
  @Test
  void acknowledgedAdministration_survivesKill9_andADeadProcesssReservationEnds() throws Exception {
    Path jar = Path.of(System.getProperty("courseport.serverJar", "target/courseport-server.jar"));
    assumeTrue(Files.exists(jar), "server jar not built at " + jar);
    String tenant = "crash-admin";
    long maxBytes = 4000;

    String revoked;
    String graced;
    String gracedNew;
    String ended;
    String endedNew;
    String created;
    String allureTenant;
    try (ServerProcess server = ServerProcess.start(jar, dataDir, KEY)) {
      server.awaitPorts();
      RestClient admin = new RestClient(server.httpPort(), KEY);
      admin.awaitHealthy();

      ok(
          admin.post(
              "/api/admin/tenants",
              "{\"tenantId\":\"" + tenant + "\",\"name\":\"Crash admin\",\"plan\":\"free\"}"));
      revoked = newKey(admin, tenant);
      String rotatedWithGrace = newKey(admin, tenant);
      String rotatedWithoutGrace = newKey(admin, tenant);
      created = newKey(admin, tenant);
      graced = rotatedWithGrace;
      ended = rotatedWithoutGrace;
      RestClient api = new RestClient(server.httpPort(), created);
      // The free plan refuses an export before it looks for the course.
      assertThat(api.post("/api/v1/courses/no-such-course/export", "{}").statusCode())
          .isEqualTo(403);

      ok(admin.post("/api/admin/keys/" + keyId(revoked) + ":revoke", "{}"));
      gracedNew =
          credentials(
              ok(
                  admin.post(
                      "/api/admin/keys/" + keyId(graced) + ":rotate", "{\"graceSeconds\":3600}")));
      endedNew =
          credentials(
              ok(
                  admin.post(
                      "/api/admin/keys/" + keyId(ended) + ":rotate", "{\"graceSeconds\":0}")));
      ok(
          admin.put(
              "/api/admin/tenants/" + tenant + "/quota",
              "{\"maxPackages\":7,\"maxStoredBytes\":" + maxBytes + "}"));
      ok(admin.put("/api/admin/tenants/" + tenant + "/plan", "{\"plan\":\"paid\"}"));

      // A minted URL holds its declared size: the tenant's whole quota.
      allureTenant =
          JSON.readTree(ok(api.allure("GET", "/api/v1/tenant", null))).get("tenant_id").asText();
      ok(api.allure("POST", "/api/v1/packages/upload-url", mint(allureTenant, maxBytes)));
      HttpResponse<String> full =
          api.allure("POST", "/api/v1/packages/upload-url", mint(allureTenant, 1));
      assertThat(full.statusCode()).as(full.body()).isEqualTo(403);
      assertThat(full.body()).contains("QUOTA_EXCEEDED", maxBytes + " are reserved");

      assertThat(server.kill()).as("exit code of a SIGKILLed JVM").isEqualTo(SIGKILL_EXIT);
    }

    try (ServerProcess again =
        ServerProcess.start(
            jar,
            dataDir,
            KEY,
            java.util.Map.of("COURSEPORT_QUOTA_RESERVATION_LEASE_SECONDS", "1"))) {
      again.awaitPorts();
      RestClient admin = new RestClient(again.httpPort(), KEY);
      admin.awaitHealthy();

      assertThat(status(again, revoked)).as("revoked key").isEqualTo(401);
      assertThat(status(again, graced)).as("old secret within its grace").isEqualTo(200);
      assertThat(status(again, gracedNew)).as("new secret").isEqualTo(200);
      assertThat(status(again, ended)).as("old secret without grace").isEqualTo(401);
      assertThat(status(again, endedNew)).as("new secret").isEqualTo(200);
      assertThat(status(again, created)).as("created key").isEqualTo(200);

      JsonNode quota =
          JSON.readTree(ok(admin.get("/api/admin/tenants/" + tenant + "/quota"))).get("quota");
      assertThat(quota.get("maxPackages").asLong()).isEqualTo(7);
      assertThat(quota.get("maxStoredBytes").asLong()).isEqualTo(maxBytes);
      assertThat(JSON.readTree(ok(admin.get("/api/admin/tenants/" + tenant))).toString())
          .contains("\"plan\":\"paid\"");
      RestClient api = new RestClient(again.httpPort(), created);
      // The paid plan lets the export through to the course lookup.
      assertThat(api.post("/api/v1/courses/no-such-course/export", "{}").statusCode())
          .isEqualTo(404);
      // The override is in force: one byte over it is refused, whatever is reserved.
      HttpResponse<String> over =
          api.allure("POST", "/api/v1/packages/upload-url", mint(allureTenant, maxBytes + 1));
      assertThat(over.statusCode()).as(over.body()).isEqualTo(403);
      assertThat(over.body()).contains("QUOTA_EXCEEDED", "of " + maxBytes + " bytes");

      // The dead process's reservation ends with its (now one-second) lease: the whole quota can
      // be minted again. Polled, bounded: the lease runs on the server's clock.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      HttpResponse<String> minted;
      while (true) {
        minted = api.allure("POST", "/api/v1/packages/upload-url", mint(allureTenant, maxBytes));
        if (minted.statusCode() != 403 || System.nanoTime() > deadline) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
      assertThat(again.stop()).as(again.output()).isIn(0, 143);
    }
  }

  private static String mint(String allureTenant, long size) {
    return "{\"tenant_id\":\""
        + allureTenant
        + "\",\"filename\":\"held.zip\",\"file_size\":"
        + size
        + "}";
  }

  /** The body of a 200 answer (asserted). */
  private static String ok(HttpResponse<String> res) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    return res.body();
  }

  /** Creates a key of the tenant with the default scopes; answers its credentials. */
  private static String newKey(RestClient admin, String tenant) throws Exception {
    return credentials(ok(admin.post("/api/admin/tenants/" + tenant + "/keys", "{}")));
  }

  private static String credentials(String body) throws IOException {
    return JSON.readTree(body).get("credentials").asText();
  }

  private static String keyId(String credentials) {
    return credentials.substring(0, credentials.indexOf(':'));
  }

  /** The status of an authenticated read (the course list) made with {@code credentials}. */
  private static int status(ServerProcess server, String credentials) throws Exception {
    return new RestClient(server.httpPort(), credentials).get("/api/v2/courses").statusCode();
  }

  /** A SCORM 1.2 commit body: passed with 90, a bookmark and suspend data, final. */
  private static final String SUSPEND_DATA = "crash|" + "q1=b;q2=c;".repeat(40);

  private static final String COMMIT =
      "{\"attemptKey\":\"crash-attempt\",\"seq\":1,\"final\":true,\"cmi\":{\"suspend_data\":\""
          + SUSPEND_DATA
          + "\",\"launch_data\":\"\",\"comments\":\"\",\"comments_from_lms\":\"\","
          + "\"core\":{\"student_id\":\"crash-learner\",\"student_name\":\"crash-learner\","
          + "\"lesson_location\":\"crash-bookmark\",\"credit\":\"credit\","
          + "\"lesson_status\":\"passed\",\"entry\":\"ab-initio\",\"lesson_mode\":\"normal\","
          + "\"exit\":\"suspend\",\"session_time\":\"00:01:30\","
          + "\"score\":{\"raw\":\"90\",\"min\":\"0\",\"max\":\"100\"}},"
          + "\"objectives\":{},\"student_data\":{\"mastery_score\":\"80\","
          + "\"max_time_allowed\":\"\",\"time_limit_action\":\"\"},"
          + "\"student_preference\":{\"audio\":\"\",\"language\":\"\",\"speed\":\"\","
          + "\"text\":\"\"},\"interactions\":{}}}";

  private static final Pattern LAUNCH_DATA =
      Pattern.compile("<script[^>]*id=\"cp-launch\"[^>]*>(.*?)</script>", Pattern.DOTALL);

  /**
   * A launch opened like a browser: {@code launch_url} (303) and the player page.
   *
   * @param sessionId the session id
   * @param player the player page URL ({@code /s/{deliveryToken}/} on the content origin)
   * @param data the page's {@code cp-launch} data
   * @param itemId the SCO
   * @param resumed whether LaunchPackage answered an existing session
   */
  private record Launched(
      String sessionId, URI player, JsonNode data, String itemId, boolean resumed) {}

  /** LaunchPackage for the crash course, then opens the launch URL and reads the player page. */
  private static Launched launch(RestClient api, String sessionId) throws Exception {
    HttpResponse<String> launched =
        api.allure(
            "POST",
            "/api/v1/packages/" + COURSE + "/launch",
            "{\"user_id\":\"crash-learner\",\"session_id\":\"" + sessionId + "\"}");
    assertThat(launched.statusCode()).as(launched.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(launched.body());
    URI launchUrl = URI.create(body.get("launch_url").asText());
    HttpResponse<String> opened = get(launchUrl);
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(303);
    URI player = launchUrl.resolve(opened.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> page = get(player);
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    Matcher m = LAUNCH_DATA.matcher(page.body());
    assertThat(m.find()).as("cp-launch data in the player page").isTrue();
    JsonNode data = JSON.readTree(m.group(1));
    assertThat(data.get("mode").asText()).isEqualTo("tracked");
    String itemId = null;
    for (JsonNode item : data.get("items")) {
      if (item.get("sco").asBoolean()) {
        itemId = item.get("id").asText();
      }
    }
    assertThat(itemId).as("a SCO in %s", data).isNotNull();
    return new Launched(sessionId, player, data, itemId, body.path("resumed").asBoolean(false));
  }

  /** POSTs a commit body (with the session's SCO as itemId) to the player page's commit URL. */
  private static HttpResponse<String> commit(Launched session, String body) throws Exception {
    URI commitUrl = session.player().resolve(session.data().get("commitUrl").asText());
    String withItem = "{\"itemId\":\"" + session.itemId() + "\"," + body.substring(1);
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(commitUrl)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(withItem))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** The ids of the crash course's xAPI statements, in the order the route answers them. */
  private static List<String> statementIds(RestClient api) throws Exception {
    HttpResponse<String> res = api.get("/api/v2/courses/" + COURSE + "/xAPIStatements");
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    for (JsonNode s : JSON.readTree(res.body()).path("statements")) {
      ids.add(s.get("id").asText());
    }
    return ids;
  }

  /** A plain GET without credentials, redirects not followed. */
  private static HttpResponse<String> get(URI uri) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Polls the course job until it has completed (bounded); returns the course id. */
  private static String awaitCourseJob(RestClient api, String jobId) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
    while (true) {
      HttpResponse<String> job = api.get("/api/v1/courses/jobs/" + jobId);
      assertThat(job.statusCode()).as(job.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(job.body());
      assertThat(body.get("status").asText()).as(job.body()).isNotEqualTo("failed");
      if (body.get("status").asText().equals("completed")) {
        return body.get("course").get("id").asText();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("course job " + jobId + " not completed: " + job.body());
      }
      Thread.sleep(50);
    }
  }

  /** Polls a Canvas content export until it is exported (bounded); returns its attachment URL. */
  private static String awaitExported(RestClient api, String path) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
    while (true) {
      HttpResponse<String> res = api.get(path);
      assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(res.body());
      assertThat(body.get("workflow_state").asText()).as(res.body()).isNotEqualTo("failed");
      if (body.get("workflow_state").asText().equals("exported")) {
        return body.get("attachment").get("url").asText();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("content export " + path + " not exported: " + res.body());
      }
      Thread.sleep(50);
    }
  }

  /** GETs a credential-free download route of the server; answers the body (200 asserted). */
  private static byte[] download(int port, String path) throws Exception {
    HttpResponse<byte[]> res =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(res.statusCode()).as(path).isEqualTo(200);
    return res.body();
  }

  private static String sha256(byte[] bytes) {
    return org.courseport.server.domain.Sha256.hex(bytes);
  }

  /** Every blob file is referenced by a document, every version's blob exists, no job runs. */
  private void assertNoOrphans() throws IOException {
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dataDir);
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoDatabase db = client.getDatabase(MongoStore.DATABASE);
      Set<String> versionBlobs = blobIds(db.getCollection(MongoStore.COURSE_VERSIONS).find());
      Set<String> jobBlobs = blobIds(db.getCollection(MongoStore.IMPORT_JOBS).find());
      Set<String> files = blobFiles();

      assertThat(files).as("blob files").containsAll(versionBlobs);
      Set<String> referenced = new HashSet<>(versionBlobs);
      referenced.addAll(jobBlobs);
      for (String exports :
          List.of("courseExportBuilds", "courseExportDownloads", "contentExports")) {
        Set<String> exportBlobs = blobIds(db.getCollection(exports).find());
        assertThat(exportBlobs).as(exports).isNotEmpty();
        assertThat(files).as("blob files of " + exports).containsAll(exportBlobs);
        referenced.addAll(exportBlobs);
      }
      assertThat(referenced).as("blobs referenced by versions, jobs or exports").containsAll(files);
      List<String> statuses =
          db.getCollection(MongoStore.IMPORT_JOBS)
              .find()
              .map(d -> d.getString("status"))
              .into(new ArrayList<>());
      assertThat(statuses).containsExactly("COMPLETE", "COMPLETE");
      assertThat(
              db.getCollection(MongoStore.COURSE_VERSIONS)
                  .countDocuments(com.mongodb.client.model.Filters.eq("courseId", COURSE)))
          .isEqualTo(1);
    }
  }

  private static Set<String> blobIds(Iterable<Document> docs) {
    Set<String> ids = new HashSet<>();
    for (Document d : docs) {
      if (d.getString("blobId") != null) {
        ids.add(d.getString("blobId"));
      }
    }
    return ids;
  }

  private Set<String> blobFiles() throws IOException {
    Path root = dataDir.resolve("blobs");
    Set<String> names = new HashSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(Files::isRegularFile)
          .filter(p -> !p.startsWith(root.resolve("tmp")))
          .forEach(p -> names.add(p.getFileName().toString()));
    }
    return names;
  }
}
