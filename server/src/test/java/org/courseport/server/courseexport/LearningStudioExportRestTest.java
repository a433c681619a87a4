package org.courseport.server.courseexport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipInputStream;
import org.bson.Document;
import org.courseport.server.domain.authoring.AuthoredCourseRecords;
import org.courseport.server.domain.tenant.Plan;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.storage.mongo.authoring.MongoAuthoredCourseRecords;
import org.courseport.server.webhooks.Signatures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/courses/{id}/export} and its public routes through the real REST front: every
 * documented status in LearningStudio's {@code {"message","code"}} shape, the permanent download
 * capability, revocation, the share page and the signed {@code course.exported} callback.
 */
class LearningStudioExportRestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXPORTED_AT = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
  private static CourseExportHarness h;
  private static String paidKey;
  private static String otherKey;

  @BeforeAll
  static void start() throws Exception {
    h = new CourseExportHarness();
    paidKey = h.addTenant("tenant-paid", Plan.PAID);
    otherKey = h.addTenant("tenant-other", Plan.PAID);
    h.addCourse("tenant-paid", "cou_intro", "Intro to <Safety> & \"Care\"");
    h.addCourse("tenant-other", "cou_theirs", "Theirs");
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @BeforeEach
  void freshWindow() {
    // Each test starts in a new rate-limit minute of its own.
    h.clock.advance(Duration.ofMinutes(2));
  }

  private static JsonNode json(CourseExportHarness.Response r) throws Exception {
    return JSON.readTree(r.body());
  }

  private static void assertLsError(CourseExportHarness.Response r, int status, String code)
      throws Exception {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    JsonNode body = json(r);
    assertThat(body.size()).as(r.text()).isEqualTo(2);
    assertThat(body.get("code").asText()).isEqualTo(code);
    assertThat(body.get("message").asText()).isNotBlank();
  }

  @Test
  void exportAnswersTheSeedShapeAndAPermanentDownloadWithoutCredentials() throws Exception {
    var r = h.export(paidKey, "cou_intro", "{\"format\":\"scorm12\"}");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.get("courseId").asText()).isEqualTo("cou_intro");
    assertThat(body.get("format").asText()).isEqualTo("scorm12");
    assertThat(body.get("shareUrl").asText()).isEqualTo(h.base() + "/go/cou_intro");
    assertThat(body.get("exportedAt").asText())
        .matches(EXPORTED_AT)
        .isEqualTo(
            org.courseport.server.domain.courseexport.CourseExportDesk.timestamp(
                h.clock.instant()));
    String url = body.get("downloadUrl").asText();
    assertThat(url).startsWith(h.base() + "/downloads/");
    String token = url.substring((h.base() + "/downloads/").length());
    assertThat(token).matches("[A-Za-z0-9_-]{43}"); // 256 random bits
    String exportId = body.get("exportId").asText();

    // Stored: the token's SHA-256 only, and the blob it keeps alive.
    Document stored =
        h.store
            .database()
            .getCollection("courseExportDownloads")
            .find(new Document("_id", exportId))
            .first();
    assertThat(stored).isNotNull();
    assertThat(stored.getString("tokenHash"))
        .isEqualTo(sha256(token.getBytes(StandardCharsets.US_ASCII)));
    assertThat(stored.toJson()).doesNotContain(token);
    assertThat(stored.getString("tenant")).isEqualTo("tenant-paid");
    assertThat(h.downloads.isBlobReferenced(stored.getString("blobId"))).isTrue();

    var download = h.send("GET", url, null, null, null);
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.header("content-length")).isEqualTo(Long.toString(download.body().length));
    assertThat(download.body().length).isEqualTo(body.get("size").asLong());
    assertThat(download.header("content-disposition"))
        .startsWith("attachment")
        .contains("cou_intro-scorm12.zip");
    assertThat(download.header("etag")).contains(sha256(download.body()));
    assertThat(sha256(download.body())).isEqualTo(body.get("sha256").asText());
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(download.body()))) {
      assertThat(zip.getNextEntry().getName()).isEqualTo("imsmanifest.xml");
      assertThat(new String(zip.readAllBytes(), StandardCharsets.UTF_8)).contains("scorm12");
    }

    // An empty body exports the default format.
    var defaults = h.export(paidKey, "cou_intro", "{}");
    assertThat(defaults.status()).isEqualTo(200);
    assertThat(json(defaults).get("format").asText()).isEqualTo("scorm12");
    assertThat(json(defaults).get("downloadUrl").asText()).isNotEqualTo(url);
  }

  @Test
  void eachDocumentedFormatExportsItsEdition() throws Exception {
    h.exports.calls.clear();
    for (String format : List.of("scorm2004", "scorm2004_4")) {
      var r = h.export(paidKey, "cou_intro", "{\"format\":\"" + format + "\"}");
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      assertThat(json(r).get("format").asText()).isEqualTo(format);
    }
    assertThat(h.exports.calls)
        .extracting(o -> o.format())
        .containsExactly(ExportFormat.SCORM2004_3RD, ExportFormat.SCORM2004_4TH);
  }

  @Test
  void unknownFormatIs400NamingTheAllowedValues() throws Exception {
    for (String format : List.of("scorm3", "SCORM12", "common_cartridge", "zip")) {
      var r = h.export(paidKey, "cou_intro", "{\"format\":\"" + format + "\"}");
      assertLsError(r, 400, "VALIDATION_ERROR");
      assertThat(json(r).get("message").asText())
          .contains("scorm12", "scorm2004", "scorm2004_4", format);
    }
  }

  @Test
  void callbackUrlMustBeAnAbsoluteHttpsPublicUrl() throws Exception {
    for (String url :
        List.of(
            "not a url",
            "/relative/hook",
            "ftp://example.com/hook",
            "http://example.com/hook",
            "https://10.0.0.1/hook",
            "https://user:pw@example.com/hook")) {
      var r =
          h.export(
              paidKey, "cou_intro", JSON.createObjectNode().put("callbackUrl", url).toString());
      assertLsError(r, 400, "VALIDATION_ERROR");
      assertThat(json(r).get("message").asText()).as(url).contains("callbackUrl");
    }
  }

  @Test
  void missingOrWrongKeyIs401() throws Exception {
    assertLsError(h.export(null, "cou_intro", "{}"), 401, "INVALID_API_KEY");
    assertLsError(h.export("nokey:nosecret", "cou_intro", "{}"), 401, "INVALID_API_KEY");
    assertLsError(
        h.send("POST", "/api/v1/courses/cou_intro/export", "Token abc", "application/json", "{}"),
        401,
        "INVALID_API_KEY");
  }

  @Test
  void freePlanIs403UntilTheAdminSetsPaidThenTheNextRequestSucceeds() throws Exception {
    String key = h.addTenant("tenant-free", null); // no stored plan: the default (free)
    h.addCourse("tenant-free", "cou_free", "Free course");
    var refused = h.export(key, "cou_free", "{}");
    assertLsError(refused, 403, "PAID_PLAN_REQUIRED");
    assertThat(json(refused).get("message").asText()).isEqualTo("API access requires a paid plan");

    String uuid = h.directory.uuidOf("tenant-free");
    String path = "/api/v1/admin/tenants/" + uuid + "/plan";
    var wrongAdmin =
        h.send("PUT", path, "Bearer " + key, "application/json", "{\"plan\":\"paid\"}");
    assertThat(wrongAdmin.status()).isEqualTo(401);
    var badPlan =
        h.send(
            "PUT",
            path,
            "Bearer " + CourseExportHarness.ADMIN,
            "application/json",
            "{\"plan\":\"gold\"}");
    assertThat(badPlan.status()).isEqualTo(400);
    assertThat(badPlan.text()).contains("gold");
    assertThat(h.plans.planOf("tenant-free")).isEqualTo(Plan.FREE);

    var set =
        h.send(
            "PUT",
            path,
            "Bearer " + CourseExportHarness.ADMIN,
            "application/json",
            "{\"plan\":\"paid\"}");
    assertThat(set.status()).as(set.text()).isEqualTo(200);
    assertThat(json(set).get("tenant_id").asText()).isEqualTo(uuid);
    assertThat(json(set).get("plan").asText()).isEqualTo("paid");
    assertThat(
            h.store
                .database()
                .getCollection("tenants")
                .find(new Document("tenantId", "tenant-free"))
                .first()
                .getString("plan"))
        .isEqualTo("paid");

    assertThat(h.export(key, "cou_free", "{}").status()).isEqualTo(200);

    // And back: the check runs on every request.
    h.send(
        "PUT",
        path,
        "Bearer " + CourseExportHarness.ADMIN,
        "application/json",
        "{\"plan\":\"free\"}");
    assertLsError(h.export(key, "cou_free", "{}"), 403, "PAID_PLAN_REQUIRED");
  }

  @Test
  void bootstrapTenantWithoutStoredPlanIsPaid() throws Exception {
    String key = h.addTenant("default", null);
    h.addCourse("default", "cou_boot", "Bootstrap course");
    assertThat(h.export(key, "cou_boot", "{}").status()).isEqualTo(200);
  }

  @Test
  void unknownOrOtherTenantsCourseIs404() throws Exception {
    assertLsError(h.export(paidKey, "cou_theirs", "{}"), 404, "NOT_FOUND");
    assertLsError(h.export(paidKey, "cou_missing", "{}"), 404, "NOT_FOUND");
    assertThat(h.export(otherKey, "cou_theirs", "{}").status()).isEqualTo(200);
  }

  @Test
  void thirtyFirstRequestInAMinuteIs429WithRetryAfterPerKey() throws Exception {
    // Put the clock 15 s into a minute: the window ends in 45 s.
    Instant now = h.clock.instant();
    Instant minute = Instant.ofEpochSecond(now.getEpochSecond() / 60 * 60 + 60);
    h.clock.set(minute.plusSeconds(15));
    String key = h.addKey("tenant-paid");
    for (int i = 0; i < 30; i++) {
      // Valid and invalid requests count alike.
      var r =
          i % 3 == 0
              ? h.export(key, "cou_intro", "{}")
              : h.export(key, "cou_missing", "{\"format\":\"scorm12\"}");
      assertThat(r.status()).as("request " + (i + 1)).isIn(200, 404);
    }
    var limited = h.export(key, "cou_intro", "{}");
    assertLsError(limited, 429, "RATE_LIMIT_EXCEEDED");
    assertThat(limited.header("retry-after")).isEqualTo("45");

    // Another key of the same tenant has its own count.
    assertThat(h.export(paidKey, "cou_intro", "{}").status()).isEqualTo(200);

    // The next minute starts a new window.
    h.clock.set(minute.plusSeconds(60));
    assertThat(h.export(key, "cou_intro", "{}").status()).isEqualTo(200);
  }

  @Test
  void internalFailureIs500WithoutInternals() throws Exception {
    h.exports.failNext = true;
    var r = h.export(paidKey, "cou_intro", "{}");
    assertLsError(r, 500, "INTERNAL_ERROR");
    assertThat(r.text()).doesNotContain("secret-detail").doesNotContain("mongodb");
  }

  @Test
  void malformedBodiesAreLearningStudioErrors() throws Exception {
    assertLsError(
        h.send(
            "POST",
            "/api/v1/courses/cou_intro/export",
            "Bearer " + paidKey,
            "application/json",
            "{\"format\":"),
        400,
        "VALIDATION_ERROR");
    var wrongType =
        h.send(
            "POST",
            "/api/v1/courses/cou_intro/export",
            "Bearer " + paidKey,
            "text/plain",
            "format=scorm12");
    assertThat(wrongType.status()).isBetween(400, 499);
    assertThat(json(wrongType).size()).isEqualTo(2);
    assertThat(json(wrongType).has("code")).isTrue();
  }

  @Test
  void revokedDownloadIs404AndOnlyTheOwnerRevokes() throws Exception {
    JsonNode body = json(h.export(paidKey, "cou_intro", "{\"format\":\"scorm2004_4\"}"));
    String url = body.get("downloadUrl").asText();
    String exportId = body.get("exportId").asText();
    String blobId =
        h.store
            .database()
            .getCollection("courseExportDownloads")
            .find(new Document("_id", exportId))
            .first()
            .getString("blobId");
    String revokePath = "/api/v1/courses/cou_intro/exports/" + exportId;

    assertLsError(h.send("DELETE", revokePath, "Bearer " + otherKey, null, null), 404, "NOT_FOUND");
    assertThat(h.send("GET", url, null, null, null).status()).isEqualTo(200);

    var revoked = h.send("DELETE", revokePath, "Bearer " + paidKey, null, null);
    assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
    assertThat(json(revoked).get("exportId").asText()).isEqualTo(exportId);
    assertThat(json(revoked).get("revokedAt").asText()).matches(EXPORTED_AT);

    assertLsError(h.send("GET", url, null, null, null), 404, "NOT_FOUND");
    // Other downloads of the same bytes may still hold the blob; this one no longer does.
    assertThat(
            h.store
                .database()
                .getCollection("courseExportDownloads")
                .countDocuments(new Document("blobId", blobId).append("revokedAt", null)))
        .isEqualTo(h.downloads.isBlobReferenced(blobId) ? 1L : 0L);
    assertLsError(
        h.send("GET", "/downloads/" + "A".repeat(43), null, null, null), 404, "NOT_FOUND");
    assertLsError(h.send("GET", "/downloads/short", null, null, null), 404, "NOT_FOUND");
    assertLsError(
        h.send("DELETE", "/api/v1/courses/cou_intro/exports/nope", "Bearer " + paidKey, null, null),
        404,
        "NOT_FOUND");
  }

  @Test
  void sharePageShowsTheEscapedTitleOfAuthoredOrExportedCourses() throws Exception {
    // Exported (not authored): the title recorded at export.
    h.export(paidKey, "cou_intro", "{}");
    var page = h.send("GET", "/go/cou_intro", null, null, null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("content-type")).startsWith("text/html");
    assertThat(page.text())
        .contains("Intro to &lt;Safety&gt; &amp; &quot;Care&quot;")
        .doesNotContain("<Safety>")
        .contains("preview of this course is not enabled yet");

    // Authored, never exported.
    h.addCourse("tenant-other", "cou_authored", "Authored <b>course</b>");
    new MongoAuthoredCourseRecords(h.store.database())
        .markAuthored(
            "tenant-other",
            "cou_authored",
            new AuthoredCourseRecords.Authored(
                "job-1", "", "onepage", "en-US", Instant.EPOCH, List.of()));
    var authored = h.send("GET", "/go/cou_authored", null, null, null);
    assertThat(authored.status()).isEqualTo(200);
    assertThat(authored.text()).contains("Authored &lt;b&gt;course&lt;/b&gt;");

    // Imported only (neither authored nor exported), or unknown: a 404 page.
    var missing = h.send("GET", "/go/cou_theirs", null, null, null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.header("content-type")).startsWith("text/html");
    assertThat(missing.text()).contains("Course not found");
    assertThat(h.send("GET", "/go/%3Cscript%3E", null, null, null).status()).isEqualTo(404);
  }

  @Test
  void callbackReceivesTheSignedCourseExportedEvent() throws Exception {
    h.received.clear();
    var r =
        h.export(
            paidKey,
            "cou_intro",
            JSON.createObjectNode()
                .put("format", "scorm2004")
                .put("callbackUrl", h.receiverUrl())
                .toString());
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode answer = json(r);
    CourseExportHarness.Received got = h.received.poll(30, TimeUnit.SECONDS);
    assertThat(got).as("callback delivered").isNotNull();
    JsonNode event = JSON.readTree(got.body());
    assertThat(event.get("event").asText()).isEqualTo("course.exported");
    for (String field : List.of("courseId", "format", "downloadUrl", "shareUrl", "exportedAt")) {
      assertThat(event.get(field).asText()).as(field).isEqualTo(answer.get(field).asText());
    }
    assertThat(event.size()).isEqualTo(6);
    assertThat(
            Signatures.verify(
                CourseExportHarness.RECEIVER_SECRET,
                got.headers().get(Signatures.ID.toLowerCase()),
                Long.parseLong(got.headers().get(Signatures.TIMESTAMP.toLowerCase())),
                got.body(),
                got.headers().get(Signatures.SIGNATURE.toLowerCase())))
        .isTrue();
    assertThat(got.headers().get(Signatures.EVENT.toLowerCase())).isEqualTo("course.exported");
    // Stored first: the delivery is in the delivery log.
    assertThat(
            h.store
                .database()
                .getCollection("deliveries")
                .countDocuments(new Document("eventType", "course.exported")))
        .isPositive();
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
