package org.courseport.server.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.grpc.GrpcFixtures.assertFails;

import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.courseport.api.v1.BuildCoursePreviewLaunchLinkRequest;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.CourseSharing;
import org.courseport.api.v1.DeleteCourseRequest;
import org.courseport.api.v1.GetCourseRequest;
import org.courseport.api.v1.GetCourseStatementsRequest;
import org.courseport.api.v1.GetCourseVersionsRequest;
import org.courseport.api.v1.GetLaunchSessionRequest;
import org.courseport.api.v1.GetSharePageRequest;
import org.courseport.api.v1.LaunchPackageRequest;
import org.courseport.api.v1.LaunchSessionProgress;
import org.courseport.api.v1.PackageLaunchResponse;
import org.courseport.api.v1.SetCourseSharingRequest;
import org.courseport.api.v1.SharePage;
import org.courseport.api.v1.XapiStatement;
import org.courseport.api.v1.XapiStatementResult;
import org.courseport.server.domain.launch.DefaultLaunchTokens;
import org.courseport.server.domain.launch.LaunchGrant;
import org.courseport.server.domain.launch.LaunchMode;
import org.courseport.server.domain.launch.LaunchSession;
import org.courseport.server.domain.launch.TokenResolution;
import org.courseport.server.domain.settings.SettingIds;
import org.courseport.server.domain.settings.SettingScope;
import org.courseport.server.domain.xapi.StoredStatement;
import org.courseport.server.player.LaunchPlan;
import org.courseport.server.storage.mongo.launch.MongoLaunchTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The launch RPCs in process through the real AuthInterceptor: preview links (bounds, defaults from
 * settings, options, errors), tracked launch sessions, session progress, registration counts,
 * statements paging and course sharing with the share page.
 */
class LaunchGrpcTest {
  private static final String BLOB = "ab".repeat(32);
  private static LaunchHarness h;
  private static String key;
  private static String otherKey;

  @BeforeAll
  static void start() throws Exception {
    h = new LaunchHarness();
    key = h.addTenant("tenant-a");
    otherKey = h.addTenant("tenant-b");
    h.addCourse("tenant-a", "golf", "Golf <Explained>", 2, BLOB);
    h.addCourse("tenant-a", "settled", "Settled", 1, BLOB);
    h.addCourse("tenant-a", "authored", "Authored only", 1, null);
    h.addCourse("tenant-a", "cmi5", "A cmi5 course", 1, BLOB);
    h.plans.byCourse.put(
        "cmi5", LaunchPlan.unsupported("A cmi5 course", "cmi5 courses cannot be previewed"));
    h.addCourse("tenant-b", "theirs", "Theirs", 1, BLOB);
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static String token(String url) {
    assertThat(url).startsWith(LaunchHarness.CONTENT_BASE + "/launch/");
    String token = url.substring((LaunchHarness.CONTENT_BASE + "/launch/").length());
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    return token;
  }

  private static LaunchGrant open(String url) {
    TokenResolution r = h.tokens.open(token(url));
    assertThat(r).isInstanceOf(TokenResolution.Valid.class);
    return ((TokenResolution.Valid) r).grant();
  }

  private static BuildCoursePreviewLaunchLinkRequest.Builder preview(String courseId) {
    return BuildCoursePreviewLaunchLinkRequest.newBuilder().setCourseId(courseId);
  }

  @Test
  void previewDefaultsComeFromSettingsAndTheLinkOpensAReadOnlyGrant() {
    Instant now = h.clock.instant();
    String url =
        h.courses(key).buildCoursePreviewLaunchLink(preview("golf").build()).getLaunchLink();
    String token = token(url);

    // Stored hashed: the raw token is nowhere in the collection.
    List<Document> stored =
        h.store
            .database()
            .getCollection(MongoLaunchTokens.COLLECTION)
            .find()
            .into(new java.util.ArrayList<>());
    assertThat(stored).isNotEmpty();
    assertThat(stored).allSatisfy(d -> assertThat(d.toJson()).doesNotContain(token));
    assertThat(stored)
        .anySatisfy(
            d -> assertThat(d.getString("tokenHash")).isEqualTo(DefaultLaunchTokens.hash(token)));

    TokenResolution r = h.tokens.open(token);
    assertThat(r).isInstanceOf(TokenResolution.Valid.class);
    TokenResolution.Valid valid = (TokenResolution.Valid) r;
    LaunchGrant grant = valid.grant();
    assertThat(grant.tenantId()).isEqualTo("tenant-a");
    assertThat(grant.courseId()).isEqualTo("golf");
    assertThat(grant.version()).isEqualTo(1); // the latest
    assertThat(grant.mode()).isEqualTo(LaunchMode.PREVIEW);
    assertThat(grant.sessionId()).isNull();
    assertThat(grant.options().redirectOnExitUrl()).isEqualTo("message");
    assertThat(grant.options().launchType()).isEqualTo("FRAMESET");
    assertThat(grant.options().autoCommitSeconds()).isZero();
    // The delivery token minted at open lives for the player session (8 h), a different token.
    assertThat(valid.deliveryToken()).isNotEqualTo(token);
    assertThat(grant.expiresAt()).isEqualTo(now.plus(Duration.ofHours(8)));
    assertThat(h.tokens.delivery(valid.deliveryToken())).isInstanceOf(TokenResolution.Valid.class);
    // A link token is not a delivery token, nor the other way round.
    assertThat(h.tokens.delivery(token)).isInstanceOf(TokenResolution.Unknown.class);
    assertThat(h.tokens.open(valid.deliveryToken())).isInstanceOf(TokenResolution.Unknown.class);

    // Default expiry: PreviewExpirySeconds (120).
    assertThat(h.tokenStore.find(DefaultLaunchTokens.hash(token)).orElseThrow().grant().expiresAt())
        .isEqualTo(now.plusSeconds(120));
  }

  @Test
  void expiredLinkResolvesExpiredAndATamperedOneUnknown() {
    String url =
        h.courses(key)
            .buildCoursePreviewLaunchLink(preview("golf").setExpiry(10).build())
            .getLaunchLink();
    String token = token(url);
    h.clock.advance(Duration.ofSeconds(9));
    assertThat(h.tokens.open(token)).isInstanceOf(TokenResolution.Valid.class);
    h.clock.advance(Duration.ofSeconds(1));
    TokenResolution expired = h.tokens.open(token);
    assertThat(expired).isInstanceOf(TokenResolution.Expired.class);
    assertThat(((TokenResolution.Expired) expired).grant().courseId()).isEqualTo("golf");
    char last = token.charAt(42);
    String tampered = token.substring(0, 42) + (last == 'A' ? 'B' : 'A');
    assertThat(h.tokens.open(tampered)).isInstanceOf(TokenResolution.Unknown.class);
    assertThat(h.tokens.open(token + "x")).isInstanceOf(TokenResolution.Unknown.class);
    assertThat(h.tokens.open(null)).isInstanceOf(TokenResolution.Unknown.class);
  }

  @Test
  void previewSettingsAtCourseAndVersionLevelAreHonoured() {
    h.settings.set(
        SettingScope.course("tenant-a", "settled"),
        Map.of(
            SettingIds.PREVIEW_EXPIRY_SECONDS, "45",
            SettingIds.PREVIEW_REDIRECT_ON_EXIT_URL, "closer",
            SettingIds.PLAYER_LAUNCH_TYPE, "NEW_WINDOW"));
    h.settings.set(
        SettingScope.version("tenant-a", "settled", 0),
        Map.of(
            SettingIds.PLAYER_AUTO_COMMIT_SECONDS, "30",
            SettingIds.PLAYER_SCORM12_MASTERY_OVERRIDE, "true"));
    Instant now = h.clock.instant();
    String url =
        h.courses(key).buildCoursePreviewLaunchLink(preview("settled").build()).getLaunchLink();
    var record = h.tokenStore.find(DefaultLaunchTokens.hash(token(url))).orElseThrow();
    assertThat(record.grant().expiresAt()).isEqualTo(now.plusSeconds(45));
    assertThat(record.grant().options().redirectOnExitUrl()).isEqualTo("closer");
    assertThat(record.grant().options().launchType()).isEqualTo("NEW_WINDOW");
    assertThat(record.grant().options().autoCommitSeconds()).isEqualTo(30);
    assertThat(record.grant().options().scorm12MasteryOverride()).isTrue();

    // Explicit values win over the settings; 0 means the setting.
    String explicit =
        h.courses(key)
            .buildCoursePreviewLaunchLink(
                preview("settled").setExpiry(300).setRedirectOnExitUrl("blank").build())
            .getLaunchLink();
    var second = h.tokenStore.find(DefaultLaunchTokens.hash(token(explicit))).orElseThrow();
    assertThat(second.grant().expiresAt()).isEqualTo(now.plusSeconds(300));
    assertThat(second.grant().options().redirectOnExitUrl()).isEqualTo("blank");
    String zero =
        h.courses(key)
            .buildCoursePreviewLaunchLink(preview("settled").setExpiry(0).build())
            .getLaunchLink();
    assertThat(
            h.tokenStore
                .find(DefaultLaunchTokens.hash(token(zero)))
                .orElseThrow()
                .grant()
                .expiresAt())
        .isEqualTo(now.plusSeconds(45));
  }

  @Test
  void previewOptionsAreValidatedAndCarried() {
    String url =
        h.courses(key)
            .buildCoursePreviewLaunchLink(
                preview("golf")
                    .setVersionId(0)
                    .setRedirectOnExitUrl("https://lms.example.com/done?x=1")
                    .setStartSco("sco_2")
                    .setCulture("fr-CA")
                    .setCssUrl("https://cdn.example.com/brand.css")
                    .build())
            .getLaunchLink();
    LaunchGrant grant = open(url);
    assertThat(grant.version()).isZero();
    assertThat(grant.options().redirectOnExitUrl()).isEqualTo("https://lms.example.com/done?x=1");
    assertThat(grant.options().startSco()).isEqualTo("sco_2");
    assertThat(grant.options().culture()).isEqualTo("fr-CA");
    assertThat(grant.options().cssUrl()).isEqualTo("https://cdn.example.com/brand.css");

    var stub = h.courses(key);
    for (int bad : new int[] {9, 301, -5}) {
      var e =
          assertFails(
              () -> stub.buildCoursePreviewLaunchLink(preview("golf").setExpiry(bad).build()),
              Status.Code.INVALID_ARGUMENT,
              "EXPIRY_OUT_OF_RANGE");
      assertThat(e.getStatus().getDescription()).contains("between 10 and 300");
    }
    for (String bad : List.of("javascript:alert(1)", "/relative", "ftp://x.example/", "close")) {
      var e =
          assertFails(
              () ->
                  stub.buildCoursePreviewLaunchLink(
                      preview("golf").setRedirectOnExitUrl(bad).build()),
              Status.Code.INVALID_ARGUMENT,
              "REDIRECT_ON_EXIT_URL_INVALID");
      assertThat(e.getStatus().getDescription()).contains("redirectOnExitUrl");
    }
    for (String bad : List.of("agg", "nope")) {
      var e =
          assertFails(
              () -> stub.buildCoursePreviewLaunchLink(preview("golf").setStartSco(bad).build()),
              Status.Code.INVALID_ARGUMENT,
              "START_SCO_UNKNOWN");
      assertThat(e.getStatus().getDescription()).contains("'" + bad + "'");
    }
    assertFails(
        () ->
            stub.buildCoursePreviewLaunchLink(
                preview("golf").setCssUrl("http://cdn.example.com/x.css").build()),
        Status.Code.INVALID_ARGUMENT,
        "CSS_URL_INVALID");
    assertFails(
        () -> stub.buildCoursePreviewLaunchLink(preview("golf").setCulture("en_US<").build()),
        Status.Code.INVALID_ARGUMENT,
        "CULTURE_INVALID");
  }

  @Test
  void previewOfMissingCoursesVersionsAndPackagesFails() {
    var stub = h.courses(key);
    assertFails(
        () -> stub.buildCoursePreviewLaunchLink(preview("nope").build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
    assertFails(
        () -> stub.buildCoursePreviewLaunchLink(preview("theirs").build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
    var e =
        assertFails(
            () -> stub.buildCoursePreviewLaunchLink(preview("authored").build()),
            Status.Code.FAILED_PRECONDITION,
            "COURSE_HAS_NO_PACKAGE");
    assertThat(e.getStatus().getDescription()).contains("authored");
    // A course the player cannot launch still gets a link (the content origin explains).
    LaunchGrant cmi5 =
        open(h.courses(key).buildCoursePreviewLaunchLink(preview("cmi5").build()).getLaunchLink());
    assertThat(cmi5.courseId()).isEqualTo("cmi5");
  }

  @Test
  void launchPackageStartsAndResumesTrackedSessions() {
    Instant now = h.clock.instant();
    PackageLaunchResponse first =
        h.packages(key)
            .launchPackage(
                LaunchPackageRequest.newBuilder()
                    .setPackageId("golf")
                    .setUserId("learner-1")
                    .setSessionId("sess-1")
                    .setUserName("Ada Lovelace")
                    .setRedirectOnExitUrl("https://lms.example.com/back")
                    .build());
    assertThat(first.getResumed()).isFalse();
    assertThat(first.getRevision()).isEqualTo(2); // version 1 = revision 2
    assertThat(first.getSessionId()).isEqualTo("sess-1");
    assertThat(first.getPackageId()).isEqualTo("golf");
    assertThat(first.getExpiresAt().getSeconds()).isEqualTo(now.plusSeconds(3600).getEpochSecond());
    LaunchGrant grant = open(first.getLaunchUrl());
    assertThat(grant.mode()).isEqualTo(LaunchMode.TRACKED);
    assertThat(grant.sessionId()).isEqualTo("sess-1");
    assertThat(grant.userId()).isEqualTo("learner-1");
    assertThat(grant.version()).isEqualTo(1);
    assertThat(grant.options().learnerName()).isEqualTo("Ada Lovelace");
    assertThat(grant.options().redirectOnExitUrl()).isEqualTo("https://lms.example.com/back");

    PackageLaunchResponse again =
        h.packages(key)
            .launchPackage(
                LaunchPackageRequest.newBuilder()
                    .setPackageId("golf")
                    .setUserId("learner-1")
                    .setSessionId("sess-1")
                    .build());
    assertThat(again.getResumed()).isTrue();
    assertThat(again.getLaunchUrl()).isNotEqualTo(first.getLaunchUrl());

    // A session started on version 0 keeps launching version 0 (revision 1).
    h.sessions.start("tenant-a", "golf", 0, "scorm12", "old-session", "learner-2");
    PackageLaunchResponse old =
        h.packages(key)
            .launchPackage(
                LaunchPackageRequest.newBuilder()
                    .setPackageId("golf")
                    .setUserId("learner-2")
                    .setSessionId("old-session")
                    .setTenantId(
                        new org.courseport.server.storage.mongo.coursepackage.MongoTenantDirectory(
                                h.store.database())
                            .uuidOf("tenant-a"))
                    .build());
    assertThat(old.getResumed()).isTrue();
    assertThat(old.getRevision()).isEqualTo(1);
    assertThat(open(old.getLaunchUrl()).version()).isZero();
  }

  @Test
  void launchPackageRefusesBadRequests() {
    var stub = h.packages(key);
    LaunchPackageRequest ok =
        LaunchPackageRequest.newBuilder()
            .setPackageId("golf")
            .setUserId("u")
            .setSessionId("s-bad")
            .build();
    var e =
        assertFails(
            () -> stub.launchPackage(ok.toBuilder().clearUserId().build()),
            Status.Code.INVALID_ARGUMENT,
            "FIELD_REQUIRED");
    assertThat(e.getStatus().getDescription()).contains("user_id");
    e =
        assertFails(
            () -> stub.launchPackage(ok.toBuilder().setSessionId("s".repeat(256)).build()),
            Status.Code.INVALID_ARGUMENT,
            "FIELD_TOO_LONG");
    assertThat(e.getStatus().getDescription()).contains("session_id");
    // 255 characters are fine.
    assertThat(
            stub.launchPackage(ok.toBuilder().setSessionId("s".repeat(255)).build()).getResumed())
        .isFalse();
    assertFails(
        () -> stub.launchPackage(ok.toBuilder().setTenantId("not-my-tenant").build()),
        Status.Code.PERMISSION_DENIED,
        "TENANT_MISMATCH");
    assertFails(
        () -> stub.launchPackage(ok.toBuilder().setPackageId("theirs").build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
    assertFails(
        () -> stub.launchPackage(ok.toBuilder().setPackageId("cmi5").build()),
        Status.Code.FAILED_PRECONDITION,
        "PACKAGE_NOT_LAUNCHABLE");
    assertFails(
        () -> stub.launchPackage(ok.toBuilder().setPackageId("authored").build()),
        Status.Code.FAILED_PRECONDITION,
        "COURSE_HAS_NO_PACKAGE");
    assertFails(
        () -> stub.launchPackage(ok.toBuilder().setRedirectOnExitUrl("data:text/html,x").build()),
        Status.Code.INVALID_ARGUMENT,
        "REDIRECT_ON_EXIT_URL_INVALID");
    stub.launchPackage(ok.toBuilder().setSessionId("owned").build());
    assertFails(
        () -> stub.launchPackage(ok.toBuilder().setSessionId("owned").setUserId("other").build()),
        Status.Code.FAILED_PRECONDITION,
        "SESSION_CONFLICT");
  }

  @Test
  void launchSessionProgressAndRegistrationCounts() {
    Instant created = Instant.parse("2026-12-01T10:00:00Z");
    Instant updated = Instant.parse("2026-12-01T10:05:00.250Z");
    h.sessions.put(
        new LaunchSession(
            "tenant-a",
            "settled",
            0,
            "progress-1",
            "progress-1",
            "learner-9",
            "scorm12",
            "completed",
            "passed",
            0.9,
            85.0,
            "page-4",
            "sco_1",
            Duration.ofSeconds(90),
            Map.of(),
            3,
            7,
            created,
            updated));
    h.sessions.put(
        new LaunchSession(
            "tenant-a",
            "settled",
            0,
            "progress-2",
            "progress-2",
            "learner-8",
            "scorm2004",
            "incomplete",
            "unknown",
            0.5,
            null,
            null,
            null,
            Duration.ofHours(1).plusMinutes(2),
            Map.of(),
            1,
            1,
            created,
            updated));
    LaunchSessionProgress p =
        h.packages(key)
            .getLaunchSession(
                GetLaunchSessionRequest.newBuilder()
                    .setPackageId("settled")
                    .setSessionId("progress-1")
                    .build());
    assertThat(p.getCompletionStatus()).isEqualTo("completed");
    assertThat(p.getSuccessStatus()).isEqualTo("passed");
    assertThat(p.getScore()).isEqualTo(85.0);
    assertThat(p.getLocation()).isEqualTo("page-4");
    assertThat(p.getTotalTime()).isEqualTo("PT1M30S");
    assertThat(p.getUserId()).isEqualTo("learner-9");
    assertThat(p.getRevision()).isEqualTo(1);
    assertThat(p.getLaunchCount()).isEqualTo(3);
    assertThat(p.getUpdatedAt().getSeconds()).isEqualTo(updated.getEpochSecond());
    assertThat(p.getUpdatedAt().getNanos()).isEqualTo(250_000_000);
    LaunchSessionProgress scaled =
        h.packages(key)
            .getLaunchSession(
                GetLaunchSessionRequest.newBuilder()
                    .setPackageId("settled")
                    .setSessionId("progress-2")
                    .build());
    assertThat(scaled.getScore()).isEqualTo(50.0);
    assertThat(scaled.getTotalTime()).isEqualTo("PT1H2M");
    assertThat(scaled.getLocation()).isEmpty();

    assertFails(
        () ->
            h.packages(key)
                .getLaunchSession(
                    GetLaunchSessionRequest.newBuilder()
                        .setPackageId("settled")
                        .setSessionId("nope")
                        .build()),
        Status.Code.NOT_FOUND,
        "SESSION_NOT_FOUND");
    assertFails(
        () ->
            h.packages(otherKey)
                .getLaunchSession(
                    GetLaunchSessionRequest.newBuilder()
                        .setPackageId("settled")
                        .setSessionId("progress-1")
                        .build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");

    Course counted =
        h.courses(key)
            .getCourse(
                GetCourseRequest.newBuilder()
                    .setCourseId("settled")
                    .setIncludeRegistrationCount(true)
                    .build());
    assertThat(counted.getRegistrationCount()).isEqualTo(2);
    Course plain =
        h.courses(key).getCourse(GetCourseRequest.newBuilder().setCourseId("settled").build());
    assertThat(plain.hasRegistrationCount()).isFalse();
    var versions =
        h.courses(key)
            .getCourseVersions(
                GetCourseVersionsRequest.newBuilder()
                    .setCourseId("settled")
                    .setIncludeRegistrationCount(true)
                    .build());
    assertThat(versions.getCourses(0).getRegistrationCount()).isEqualTo(2);
  }

  private static StoredStatement statement(int i, String learner, int version) {
    String id = String.format("00000000-0000-4000-8000-%012d", i);
    Instant stored = Instant.parse("2026-12-02T00:00:00Z").plusSeconds(i);
    String json =
        "{\"id\":\""
            + id
            + "\",\"actor\":{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"https://courseport.example\",\"name\":\""
            + learner
            + "\"}},\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/passed\",\"display\":{\"en-US\":\"passed\"}},"
            + "\"object\":{\"objectType\":\"Activity\",\"id\":\"urn:courseport:course:stm/sco_1\","
            + "\"definition\":{\"name\":{\"en-US\":\"One\"},\"type\":\"http://adlnet.gov/expapi/activities/lesson\","
            + "\"extensions\":{\"http://x.example/e\":1}}},"
            + "\"result\":{\"score\":{\"scaled\":0.8,\"raw\":80,\"min\":0,\"max\":100},\"success\":true,\"duration\":\"PT5M\"},"
            + "\"context\":{\"registration\":\"11111111-1111-4111-8111-111111111111\",\"platform\":\"Courseport\","
            + "\"contextActivities\":{\"category\":[{\"id\":\"https://w3id.org/xapi/scorm\"}]}},"
            + "\"timestamp\":\"2026-12-02T00:00:0"
            + (i % 10)
            + "Z\",\"stored\":\""
            + stored
            + "\",\"version\":\"1.0.0\"}";
    return new StoredStatement(
        id,
        "tenant-a",
        "stm",
        version,
        learner,
        "11111111-1111-4111-8111-111111111111",
        stored,
        json);
  }

  @Test
  void statementsArePagedFilteredAndMappedToTheSchema() {
    h.addCourse("tenant-a", "stm", "Statements", 2, BLOB);
    h.statements.insertAll(
        List.of(
            statement(1, "amy", 0),
            statement(2, "bob", 1),
            statement(3, "amy", 1),
            statement(4, "amy", 1),
            statement(5, "amy", 1)));
    var stub = h.courses(key);
    XapiStatementResult first =
        stub.getCourseStatements(
            GetCourseStatementsRequest.newBuilder().setCourseId("stm").build());
    assertThat(first.getStatementsList()).hasSize(3);
    assertThat(first.hasMore()).isTrue();
    XapiStatement s = first.getStatements(0);
    assertThat(s.getId()).isEqualTo("00000000-0000-4000-8000-000000000001");
    assertThat(s.getActor().getAccount().getName()).isEqualTo("amy");
    assertThat(s.getVerb().getId()).isEqualTo("http://adlnet.gov/expapi/verbs/passed");
    assertThat(s.getVerb().getDisplayMap()).containsEntry("en-US", "passed");
    assertThat(s.getObjectActivity().getId()).isEqualTo("urn:courseport:course:stm/sco_1");
    assertThat(s.getObjectActivity().getDefinition().getNameMap()).containsEntry("en-US", "One");
    assertThat(s.getResult().getScore().getRaw()).isEqualTo(80.0);
    assertThat(s.getResult().getSuccess()).isTrue();
    assertThat(s.getContext().getRegistration()).isEqualTo("11111111-1111-4111-8111-111111111111");
    assertThat(s.getContext().getContextActivities().getCategory(0).getId())
        .isEqualTo("https://w3id.org/xapi/scorm");
    assertThat(s.getStored().getSeconds())
        .isEqualTo(Instant.parse("2026-12-02T00:00:01Z").getEpochSecond());

    XapiStatementResult second =
        stub.getCourseStatements(
            GetCourseStatementsRequest.newBuilder()
                .setCourseId("stm")
                .setMore(first.getMore())
                .build());
    assertThat(second.getStatementsList())
        .extracting(XapiStatement::getId)
        .containsExactly(
            "00000000-0000-4000-8000-000000000004", "00000000-0000-4000-8000-000000000005");
    assertThat(second.hasMore()).isFalse();

    XapiStatementResult filtered =
        stub.getCourseStatements(
            GetCourseStatementsRequest.newBuilder()
                .setCourseId("stm")
                .setVersionId(1)
                .setLearnerId("amy")
                .setSince("2026-12-02T00:00:04Z")
                .build());
    assertThat(filtered.getStatementsList())
        .extracting(XapiStatement::getId)
        .containsExactly(
            "00000000-0000-4000-8000-000000000004", "00000000-0000-4000-8000-000000000005");
    var q = h.statements.queries.get(h.statements.queries.size() - 1);
    assertThat(q.version()).isEqualTo(1);
    assertThat(q.learnerId()).isEqualTo("amy");
    assertThat(q.since()).isEqualTo(Instant.parse("2026-12-02T00:00:04Z"));

    assertFails(
        () ->
            stub.getCourseStatements(
                GetCourseStatementsRequest.newBuilder()
                    .setCourseId("stm")
                    .setMore("garbage")
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "MORE_INVALID");
    assertFails(
        () ->
            stub.getCourseStatements(
                GetCourseStatementsRequest.newBuilder().setCourseId("stm").setVersionId(7).build()),
        Status.Code.NOT_FOUND,
        "VERSION_NOT_FOUND");
    assertFails(
        () ->
            h.courses(otherKey)
                .getCourseStatements(
                    GetCourseStatementsRequest.newBuilder().setCourseId("stm").build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
  }

  @Test
  void sharingTurnsTheSharePageOnAndOffWithAFreshPreview() {
    h.addCourse("tenant-a", "shared", "Shared <course>", 1, BLOB);
    var anonymous = h.anonymousExports();
    GetSharePageRequest page = GetSharePageRequest.newBuilder().setCourseId("shared").build();
    assertFails(() -> anonymous.getSharePage(page), Status.Code.NOT_FOUND, "NOT_FOUND");

    CourseSharing on =
        h.exports(key)
            .setCourseSharing(
                SetCourseSharingRequest.newBuilder()
                    .setCourseId("shared")
                    .setEnabled(true)
                    .build());
    assertThat(on.getEnabled()).isTrue();
    assertThat(on.getShareUrl()).isEqualTo(h.base() + "/go/shared");
    // Idempotent.
    h.exports(key)
        .setCourseSharing(
            SetCourseSharingRequest.newBuilder().setCourseId("shared").setEnabled(true).build());

    Instant now = h.clock.instant();
    SharePage shown = anonymous.getSharePage(page);
    assertThat(shown.getTitle()).isEqualTo("Shared <course>");
    assertThat(shown.getDescription()).isEqualTo("About Shared <course>");
    assertThat(shown.getPreviewEnabled()).isTrue();
    assertThat(shown.getPreviewUnavailableReason()).isEmpty();
    LaunchGrant grant = open(shown.getPreviewUrl());
    assertThat(grant.mode()).isEqualTo(LaunchMode.PREVIEW);
    assertThat(grant.courseId()).isEqualTo("shared");
    assertThat(
            h.tokenStore
                .find(DefaultLaunchTokens.hash(token(shown.getPreviewUrl())))
                .orElseThrow()
                .grant()
                .expiresAt())
        .isEqualTo(now.plusSeconds(300));
    assertThat(anonymous.getSharePage(page).getPreviewUrl()).isNotEqualTo(shown.getPreviewUrl());

    // Another tenant cannot share a course with the same id.
    h.addCourse("tenant-b", "shared", "Theirs too", 1, BLOB);
    var e =
        assertFails(
            () ->
                h.exports(otherKey)
                    .setCourseSharing(
                        SetCourseSharingRequest.newBuilder()
                            .setCourseId("shared")
                            .setEnabled(true)
                            .build()),
            Status.Code.ALREADY_EXISTS,
            "SHARE_ID_TAKEN");
    assertThat(e.getStatus().getDescription()).contains("'shared'");
    // ...nor turn the first tenant's share off.
    h.exports(otherKey)
        .setCourseSharing(
            SetCourseSharingRequest.newBuilder().setCourseId("shared").setEnabled(false).build());
    assertThat(anonymous.getSharePage(page).getTitle()).isEqualTo("Shared <course>");

    CourseSharing off =
        h.exports(key)
            .setCourseSharing(
                SetCourseSharingRequest.newBuilder()
                    .setCourseId("shared")
                    .setEnabled(false)
                    .build());
    assertThat(off.getEnabled()).isFalse();
    assertFails(() -> anonymous.getSharePage(page), Status.Code.NOT_FOUND, "NOT_FOUND");
    // Now the id is free for the other tenant.
    assertThat(
            h.exports(otherKey)
                .setCourseSharing(
                    SetCourseSharingRequest.newBuilder()
                        .setCourseId("shared")
                        .setEnabled(true)
                        .build())
                .getEnabled())
        .isTrue();
    assertThat(anonymous.getSharePage(page).getTitle()).isEqualTo("Theirs too");

    assertFails(
        () ->
            h.exports(key)
                .setCourseSharing(
                    SetCourseSharingRequest.newBuilder()
                        .setCourseId("nope")
                        .setEnabled(true)
                        .build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
  }

  @Test
  void sharePageExplainsWhyNoPreviewAndCourseDeletionTurnsSharingOff() {
    h.addCourse("tenant-a", "gone", "Going away", 1, BLOB);
    var stub = h.exports(key);
    stub.setCourseSharing(
        SetCourseSharingRequest.newBuilder().setCourseId("gone").setEnabled(true).build());
    stub.setCourseSharing(
        SetCourseSharingRequest.newBuilder().setCourseId("cmi5").setEnabled(true).build());
    stub.setCourseSharing(
        SetCourseSharingRequest.newBuilder().setCourseId("authored").setEnabled(true).build());

    SharePage cmi5 =
        h.anonymousExports()
            .getSharePage(GetSharePageRequest.newBuilder().setCourseId("cmi5").build());
    assertThat(cmi5.getPreviewUrl()).isEmpty();
    assertThat(cmi5.getPreviewUnavailableReason()).isEqualTo("cmi5 courses cannot be previewed");
    SharePage authored =
        h.anonymousExports()
            .getSharePage(GetSharePageRequest.newBuilder().setCourseId("authored").build());
    assertThat(authored.getPreviewUrl()).isEmpty();
    assertThat(authored.getPreviewUnavailableReason()).contains("no package");

    String link =
        h.courses(key).buildCoursePreviewLaunchLink(preview("gone").build()).getLaunchLink();
    h.courses(key).deleteCourse(DeleteCourseRequest.newBuilder().setCourseId("gone").build());
    assertThat(h.sharing.sharingTenant("gone")).isEmpty();
    assertFails(
        () ->
            h.anonymousExports()
                .getSharePage(GetSharePageRequest.newBuilder().setCourseId("gone").build()),
        Status.Code.NOT_FOUND,
        "NOT_FOUND");
    // Its links stop working.
    assertThat(h.tokens.open(token(link))).isInstanceOf(TokenResolution.Unknown.class);
  }
}
