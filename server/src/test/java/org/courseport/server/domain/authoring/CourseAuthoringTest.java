package org.courseport.server.domain.authoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.delivery.Delivery;
import org.courseport.server.domain.delivery.NewDelivery;
import org.courseport.server.domain.lesson.LessonCatalog;
import org.courseport.server.domain.lesson.PublishedLessonVersion;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.storage.mongo.authoring.MongoAuthoredCourseRecords;
import org.courseport.server.storage.mongo.authoring.MongoCourseJobRepository;
import org.courseport.server.storage.mongo.course.MongoCourseRepository;
import org.courseport.server.storage.mongo.course.MongoCourseVersionRepository;
import org.courseport.server.testing.MemoryMongo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CourseAuthoring on mongo-java-server with a queued executor, so that the test decides when a job
 * runs: a job runs once however often it is started, a lesson deleted between acceptance and run
 * fails the job with {@code course.failed}, and a callback URL the policy refuses is a 400.
 */
class CourseAuthoringTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TENANT = "t1";

  @RegisterExtension final MemoryMongo mongo = new MemoryMongo();
  final MongoDatabase db = mongo.database();
  final Queue<Runnable> queued = new ArrayDeque<>();
  final List<NewDelivery> sent = new ArrayList<>();
  final Map<UUID, PublishedLessonVersion> published = new ConcurrentHashMap<>();
  CourseAuthoring authoring;
  MongoCourseJobRepository jobs;

  @BeforeEach
  void setUp() {
    jobs = new MongoCourseJobRepository(db);
    authoring = authoringAt(Instant.parse("2026-04-28T17:15:42.123Z"));
  }

  CourseAuthoring authoringAt(Instant now) {
    LessonCatalog catalog =
        (tenant, lessonId, versionId) ->
            TENANT.equals(tenant)
                ? Optional.ofNullable(published.get(versionId))
                    .filter(v -> v.lessonId().equals(lessonId))
                : Optional.empty();
    return new CourseAuthoring(
        catalog,
        jobs,
        new MongoCourseRepository(db.getCollection(MongoStore.COURSES)),
        new MongoCourseVersionRepository(db.getCollection(MongoStore.COURSE_VERSIONS)),
        new MongoAuthoredCourseRecords(db),
        url -> {
          if (!url.startsWith("https://")) {
            throw DomainException.invalid("HTTPS_REQUIRED", "the URL must use https");
          }
          return url;
        },
        d -> {
          sent.add(d);
          return null;
        },
        (tenant, url) ->
            url.equals("https://signed.example/h") ? Optional.of("ep1") : Optional.empty(),
        () -> "https://courses.example",
        queued::add,
        Clock.fixed(now, ZoneOffset.UTC));
  }

  PublishedLessonVersion publish(String title) {
    PublishedLessonVersion v =
        new PublishedLessonVersion(
            UUID.randomUUID(), UUID.randomUUID(), title, "s", 1, Instant.EPOCH, "{}");
    published.put(v.versionId(), v);
    return v;
  }

  CourseRequest request(String callback, PublishedLessonVersion... versions) {
    List<CourseRequest.LessonRef> refs = new ArrayList<>();
    for (PublishedLessonVersion v : versions) {
      refs.add(new CourseRequest.LessonRef(v.lessonId().toString(), v.versionId().toString()));
    }
    return new CourseRequest(
        "Subject", "", "Head", "", "", callback, List.of(new CourseRequest.ModuleSpec("M", refs)));
  }

  @Test
  void aJobRunsOnce_andCallsBackCourseCreated() throws Exception {
    PublishedLessonVersion v = publish("One");
    CourseJob job = authoring.create(TENANT, request("https://hooks.example/h", v));
    assertThat(authoring.get(TENANT, job.jobId()).status()).isEqualTo(CourseJob.Status.PENDING);
    assertThat(authoring.get(TENANT, job.jobId()).progress()).isZero();
    // A restart would start it again: the conditional claim lets one run only.
    authoring.resumePending();
    assertThat(queued).hasSize(2);
    queued.forEach(Runnable::run);

    CourseJob done = authoring.get(TENANT, job.jobId());
    assertThat(done.status()).isEqualTo(CourseJob.Status.COMPLETED);
    assertThat(done.progress()).isEqualTo(100);
    assertThat(db.getCollection(MongoStore.COURSE_VERSIONS).countDocuments()).isEqualTo(1);
    assertThat(sent).hasSize(1);
    NewDelivery d = sent.get(0);
    assertThat(d.eventType()).isEqualTo("course.created");
    assertThat(d.kind()).isEqualTo(Delivery.Kind.POSTBACK);
    assertThat(d.endpointId()).isNull();
    assertThat(d.target()).isEqualTo("https://hooks.example/h");
    JsonNode body = JSON.readTree(d.body());
    assertThat(body.get("event").asText()).isEqualTo("course.created");
    assertThat(body.at("/course/shareUrl").asText())
        .isEqualTo("https://courses.example/go/" + done.courseId());
    assertThat(body.at("/course/createdAt").asText()).isEqualTo("2026-04-28T17:15:42.123Z");
    assertThat(authoring.authored(TENANT, done.courseId())).isPresent();
    assertThat(authoring.authored("t2", done.courseId())).isEmpty();
  }

  @Test
  void aLessonDeletedBeforeTheRun_failsTheJob_andCallsBackCourseFailed() throws Exception {
    PublishedLessonVersion v = publish("Two");
    CourseJob job = authoring.create(TENANT, request("https://hooks.example/h", v));
    published.remove(v.versionId());
    queued.forEach(Runnable::run);

    CourseJob failed = authoring.get(TENANT, job.jobId());
    assertThat(failed.status()).isEqualTo(CourseJob.Status.FAILED);
    assertThat(failed.errorCode()).isEqualTo("VALIDATION_ERROR");
    assertThat(failed.errorMessage()).contains(v.lessonId().toString());
    assertThat(db.getCollection(MongoStore.COURSES).countDocuments()).isZero();
    assertThat(sent).hasSize(1);
    JsonNode body = JSON.readTree(sent.get(0).body());
    assertThat(body.get("event").asText()).isEqualTo("course.failed");
    assertThat(body.get("jobId").asText()).isEqualTo(job.jobId());
    assertThat(body.at("/error/code").asText()).isEqualTo("VALIDATION_ERROR");
    assertThat(body.at("/error/message").asText()).contains("no longer has the published version");
  }

  @Test
  void aCallbackToARegisteredEndpoint_isSentAsThatEndpointsSignedDelivery() {
    PublishedLessonVersion v = publish("Signed");
    authoring.create(TENANT, request("https://signed.example/h", v));
    queued.forEach(Runnable::run);
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).kind()).isEqualTo(Delivery.Kind.WEBHOOK);
    assertThat(sent.get(0).endpointId()).isEqualTo("ep1");
  }

  @Test
  void aJobLeftRunningByADeadProcess_isResumedAfterFiveMinutes_andWritesOneVersion()
      throws Exception {
    PublishedLessonVersion v = publish("Crash");
    CourseJob job = authoring.create(TENANT, request("", v));
    queued.clear(); // the process "died" right after claiming the job
    assertThat(jobs.claim(job.jobId(), Instant.parse("2026-04-28T17:15:42.123Z"))).isTrue();
    authoring.resumePending();
    assertThat(queued).as("not stale yet").isEmpty();

    CourseAuthoring later = authoringAt(Instant.parse("2026-04-28T17:21:00Z"));
    later.resumePending();
    assertThat(queued).hasSize(1);
    queued.poll().run();
    CourseJob done = later.get(TENANT, job.jobId());
    assertThat(done.status()).isEqualTo(CourseJob.Status.COMPLETED);
    assertThat(db.getCollection(MongoStore.COURSE_VERSIONS).countDocuments()).isEqualTo(1);
    assertThat(jobs.reservation(job.jobId()))
        .hasValueSatisfying(r -> assertThat(r.version()).isZero());
  }

  @Test
  void aJobWhoseProcessDiedAfterTheCommit_isCompletedWithoutASecondVersion() {
    PublishedLessonVersion v = publish("Late crash");
    CourseJob job = authoring.create(TENANT, request("", v));
    queued.poll().run();
    // As if the process died between the course commit and the job's completion.
    db.getCollection(MongoCourseJobRepository.COLLECTION)
        .updateOne(
            new org.bson.Document("_id", job.jobId()),
            new org.bson.Document("$set", new org.bson.Document("status", "RUNNING")));
    CourseAuthoring later = authoringAt(Instant.parse("2026-04-28T17:30:00Z"));
    later.resumePending();
    queued.poll().run();
    assertThat(later.get(TENANT, job.jobId()).status()).isEqualTo(CourseJob.Status.COMPLETED);
    assertThat(db.getCollection(MongoStore.COURSE_VERSIONS).countDocuments()).isEqualTo(1);
    org.bson.Document course = db.getCollection(MongoStore.COURSES).find().first();
    assertThat(course.getInteger("latestVersion")).isZero();
    assertThat(course.getInteger("nextVersion")).isEqualTo(1);
  }

  @Test
  void aRefusedCallbackUrl_isInvalidBeforeAnyJobIsStored() {
    PublishedLessonVersion v = publish("Three");
    DomainException e =
        catchThrowableOfType(
            () -> authoring.create(TENANT, request("http://hooks.example/h", v)),
            DomainException.class);
    assertThat(e.kind()).isEqualTo(DomainException.Kind.INVALID_ARGUMENT);
    assertThat(e.getMessage()).contains("callbackUrl").contains("https");
    assertThat(db.getCollection(MongoCourseJobRepository.COLLECTION).countDocuments()).isZero();
    assertThat(queued).isEmpty();
  }
}
