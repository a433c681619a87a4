package org.courseport.server.domain.authoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.courseport.server.domain.Checkpoints;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.authoring.AuthoredCourseRecords.Authored;
import org.courseport.server.domain.authoring.CourseRequest.LessonRef;
import org.courseport.server.domain.authoring.CourseRequest.ModuleSpec;
import org.courseport.server.domain.course.CommitOutcome;
import org.courseport.server.domain.course.CourseRepository;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.course.CourseVersionRepository;
import org.courseport.server.domain.course.VersionReservation;
import org.courseport.server.domain.delivery.Delivery;
import org.courseport.server.domain.delivery.DeliveryQueue;
import org.courseport.server.domain.delivery.EndpointUrlPolicy;
import org.courseport.server.domain.delivery.NewDelivery;
import org.courseport.server.domain.job.ImportQuota;
import org.courseport.server.domain.lesson.LessonCatalog;
import org.courseport.server.domain.lesson.PublishedLessonVersion;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.domain.packaging.CourseMetadata;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.domain.packaging.ValidationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates courses from published lesson versions, as jobs in LearningStudio's shape. {@link
 * #create} checks the request completely (so that a bad request is a 400 naming the problem, not a
 * failed job), stores a pending job and hands it to the executor; {@link #run} claims it with a
 * conditional update (a job runs once even when several workers see it), checks the lesson versions
 * again (a lesson may have been deleted meanwhile), and writes the course: version 0 of a new
 * course id in the ordinary course records, holding the module structure as its activity tree and
 * no package, flagged as authored. The outcome goes to the job's callback URL through the delivery
 * queue (stored first, retried; sent through the SSRF guard).
 */
public final class CourseAuthoring {
  private static final Logger log = LoggerFactory.getLogger(CourseAuthoring.class);

  /** The package format of an authored course's versions. */
  public static final String FORMAT = "authored";

  public static final int MAX_SUBJECT = 200;
  public static final int MAX_NAME = 200;
  public static final int MAX_HEADLINE = 500;
  public static final int MAX_MODULES = 50;
  public static final int MAX_LESSONS = 500;

  /**
   * Checkpoint ({@link Checkpoints}) of a running job: claimed, its lesson versions checked again,
   * holding its package of the tenant's quota; nothing of the course is written yet.
   */
  public static final String CHECKPOINT_CHECKED = "course.job.checked";

  public static final String CREATED_EVENT = "course.created";
  public static final String FAILED_EVENT = "course.failed";

  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}");
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final LessonCatalog lessons;
  private final CourseJobRepository jobs;
  private final CourseRepository courses;
  private final CourseVersionRepository versions;
  private final AuthoredCourseRecords records;
  private final EndpointUrlPolicy callbackPolicy;
  private final DeliveryQueue deliveries;
  private final SigningEndpoints signing;
  private final Supplier<String> publicBase;
  private final Executor executor;
  private final Clock clock;
  private volatile ImportQuota quota = ImportQuota.NONE;
  private volatile java.time.Duration staleAfter = STALE_AFTER;
  private volatile Checkpoints checkpoints = Checkpoints.NONE;

  /**
   * @param callbackPolicy checks a callback URL as webhook URLs are checked (https unless allowed,
   *     public address)
   * @param signing finds the tenant's webhook endpoint registered with a callback URL, whose secret
   *     then signs the callback
   * @param publicBase the server's public base URL, without a trailing slash
   * @param executor runs the jobs
   */
  public CourseAuthoring(
      LessonCatalog lessons,
      CourseJobRepository jobs,
      CourseRepository courses,
      CourseVersionRepository versions,
      AuthoredCourseRecords records,
      EndpointUrlPolicy callbackPolicy,
      DeliveryQueue deliveries,
      SigningEndpoints signing,
      Supplier<String> publicBase,
      Executor executor,
      Clock clock) {
    this.lessons = lessons;
    this.jobs = jobs;
    this.courses = courses;
    this.versions = versions;
    this.records = records;
    this.callbackPolicy = callbackPolicy;
    this.deliveries = deliveries;
    this.signing = signing;
    this.publicBase = publicBase;
    this.executor = executor;
    this.clock = clock;
  }

  /** Finds the webhook endpoint whose secret signs a callback. */
  @FunctionalInterface
  public interface SigningEndpoints {
    /** The id of the tenant's webhook endpoint registered with exactly {@code url}, if any. */
    Optional<String> endpointFor(String tenantId, String url);

    /** No endpoint signs callbacks: they are sent unsigned. */
    SigningEndpoints NONE = (tenantId, url) -> Optional.empty();
  }

  /**
   * Holds course creations to the tenant's package quota (see {@link ImportQuota}); set once at
   * start-up.
   */
  public CourseAuthoring quota(ImportQuota quota) {
    this.quota = quota;
    return this;
  }

  /**
   * Checks the request, stores a pending job and starts it; returns the stored job. The new course
   * holds one package of the tenant's quota until the job ends (QUOTA_EXCEEDED here when full).
   */
  public CourseJob create(String tenantId, CourseRequest request) {
    String subject = trimmed(request.subject());
    if (subject.isEmpty()) {
      throw invalid("SUBJECT_REQUIRED", "subject is required (1-" + MAX_SUBJECT + " characters)");
    }
    if (subject.codePointCount(0, subject.length()) > MAX_SUBJECT) {
      throw invalid("SUBJECT_TOO_LONG", "subject must be at most " + MAX_SUBJECT + " characters");
    }
    String name = trimmed(request.name());
    if (name.codePointCount(0, name.length()) > MAX_NAME) {
      throw invalid("NAME_TOO_LONG", "name must be at most " + MAX_NAME + " characters");
    }
    String headline = trimmed(request.headline());
    if (headline.codePointCount(0, headline.length()) > MAX_HEADLINE) {
      throw invalid(
          "HEADLINE_TOO_LONG", "headline must be at most " + MAX_HEADLINE + " characters");
    }
    String format = trimmed(request.format());
    if (format.isEmpty()) {
      format = "onepage";
    } else if (!format.equals("onepage") && !format.equals("classic")) {
      throw invalid(
          "FORMAT_INVALID", "format must be 'onepage' or 'classic', not '" + format + "'");
    }
    String language = trimmed(request.languageId());
    if (language.isEmpty()) {
      language = "en-US";
    } else if (!LANGUAGE.matcher(language).matches()) {
      throw invalid(
          "LANGUAGE_INVALID",
          "languageId must be a language tag such as 'en-US', not '" + language + "'");
    }
    String callback = trimmed(request.callbackUrl());
    if (!callback.isEmpty()) {
      try {
        callback = callbackPolicy.check(callback);
      } catch (DomainException e) {
        throw invalid("CALLBACK_URL_INVALID", "callbackUrl is not usable: " + e.getMessage());
      }
    }
    List<AuthoredModule> modules = resolve(tenantId, request.modules());
    Instant now = clock.instant();
    String jobId = UUID.randomUUID().toString();
    quota.reserveNewCourse(tenantId, jobId);
    CourseJob job =
        new CourseJob(
            jobId,
            tenantId,
            CourseJob.Status.PENDING,
            0,
            name.isEmpty() ? subject : name,
            headline,
            format,
            language,
            callback.isEmpty() ? null : callback,
            modules,
            newCourseId(),
            now,
            now,
            null,
            null,
            null);
    try {
      jobs.insert(job);
    } catch (RuntimeException e) {
      quota.release(tenantId, jobId);
      throw e;
    }
    start(job);
    return job;
  }

  /** The tenant's job; NOT_FOUND for an unknown job or another tenant's. */
  public CourseJob get(String tenantId, String jobId) {
    return jobs.find(tenantId, jobId == null ? "" : jobId.trim())
        .orElseThrow(
            () ->
                DomainException.notFound(
                    "COURSE_JOB_NOT_FOUND", "No course creation job '" + jobId + "'"));
  }

  /** The authored part of the tenant's course, if it is authored. */
  public Optional<Authored> authored(String tenantId, String courseId) {
    return records.find(tenantId, courseId);
  }

  /** {@code {public base}/go/{courseId}}: where the course will be shared (not served yet). */
  public String shareUrl(String courseId) {
    return publicBase.get() + "/go/" + courseId;
  }

  /** An instant as LearningStudio writes it: {@code 2026-04-28T17:15:42.000Z}. */
  public static String timestamp(Instant at) {
    return MILLIS.format(at);
  }

  /**
   * A running job unchanged for this long is taken to have lost its process, unless configured
   * ({@link #staleAfter(java.time.Duration)}).
   */
  public static final java.time.Duration STALE_AFTER = java.time.Duration.ofMinutes(5);

  /**
   * Sets how long a running job may stay unchanged before {@link #resumePending} takes it to have
   * lost its process ({@link #STALE_AFTER}, {@code COURSEPORT_COURSE_JOB_STALE_SECONDS}).
   */
  public CourseAuthoring staleAfter(java.time.Duration after) {
    if (after.isNegative() || after.isZero()) {
      throw new IllegalArgumentException("the course job stale time must be positive: " + after);
    }
    this.staleAfter = after;
    return this;
  }

  /** The checkpoints a crash test holds a job at ({@link #CHECKPOINT_CHECKED}); set at start-up. */
  public CourseAuthoring checkpoints(Checkpoints checkpoints) {
    this.checkpoints = checkpoints == null ? Checkpoints.NONE : checkpoints;
    return this;
  }

  /**
   * Starts the jobs left pending, and those left running unchanged for the stale time ({@link
   * #staleAfter(java.time.Duration)}: their process died; a second run reuses the reserved version
   * and skips a commit already made); returns how many were started.
   */
  public int resumePending() {
    jobs.requeueStale(clock.instant().minus(staleAfter));
    List<CourseJob> pending = jobs.pending(1000);
    pending.forEach(this::start);
    return pending.size();
  }

  private void start(CourseJob job) {
    executor.execute(() -> run(job.jobId(), job.tenantId()));
  }

  /** Runs a job if it is still pending and this call claims it. */
  public void run(String jobId, String tenantId) {
    if (!jobs.claim(jobId, clock.instant())) {
      return;
    }
    CourseJob job = jobs.find(tenantId, jobId).orElse(null);
    if (job == null) {
      return;
    }
    try {
      List<AuthoredModule> modules = recheck(job);
      checkpoints.reached(CHECKPOINT_CHECKED);
      Instant created = write(job, modules);
      if (jobs.complete(jobId, created, clock.instant())) {
        notifyCreated(jobs.find(tenantId, jobId).orElse(job));
      }
    } catch (DomainException e) {
      failed(job, e.getMessage(), e.kind() == DomainException.Kind.INVALID_ARGUMENT);
    } catch (RuntimeException e) {
      log.warn("Course creation job {} failed", jobId, e);
      failed(job, "The course could not be created.", false);
    } finally {
      releaseQuota(job);
    }
  }

  /** Ends the package the job held of the quota (its course counts itself once created). */
  private void releaseQuota(CourseJob job) {
    try {
      quota.release(job.tenantId(), job.jobId());
    } catch (RuntimeException e) {
      log.warn("Could not release the quota held by course job {}: {}", job.jobId(), e.toString());
    }
  }

  private void failed(CourseJob job, String message, boolean validation) {
    String code = validation ? "VALIDATION_ERROR" : "INTERNAL_ERROR";
    if (jobs.fail(job.jobId(), message, code, clock.instant())) {
      ObjectNode body =
          JSON.createObjectNode().put("event", FAILED_EVENT).put("jobId", job.jobId());
      body.putObject("error").put("message", message).put("code", code);
      send(job, FAILED_EVENT, body);
    }
  }

  private void notifyCreated(CourseJob job) {
    ObjectNode body = JSON.createObjectNode().put("event", CREATED_EVENT).put("jobId", job.jobId());
    body.putObject("course")
        .put("id", job.courseId())
        .put("name", job.name())
        .put("headline", job.headline())
        .put("shareUrl", shareUrl(job.courseId()))
        .put("createdAt", timestamp(job.courseCreated()));
    send(job, CREATED_EVENT, body);
  }

  private void send(CourseJob job, String event, ObjectNode body) {
    if (job.callbackUrl() == null) {
      return;
    }
    // A callback URL that is also one of the tenant's webhook endpoints is signed with its secret.
    String endpointId = signing.endpointFor(job.tenantId(), job.callbackUrl()).orElse(null);
    deliveries.enqueue(
        new NewDelivery(
            job.tenantId(),
            endpointId != null ? Delivery.Kind.WEBHOOK : Delivery.Kind.POSTBACK,
            event,
            job.jobId(),
            endpointId,
            job.callbackUrl(),
            Map.of(),
            body.toString()));
  }

  /** Checks every lesson version again (one may have been deleted), moving the progress on. */
  private List<AuthoredModule> recheck(CourseJob job) {
    int total = Math.max(1, job.lessonCount());
    int done = 0;
    List<AuthoredModule> out = new ArrayList<>();
    for (AuthoredModule module : job.modules()) {
      List<AuthoredModule.Lesson> checked = new ArrayList<>();
      for (AuthoredModule.Lesson lesson : module.lessons()) {
        PublishedLessonVersion v =
            lessons
                .findPublished(job.tenantId(), lesson.lessonId(), lesson.versionId())
                .orElseThrow(
                    () ->
                        invalid(
                            "LESSON_VERSION_NOT_FOUND",
                            "lesson "
                                + lesson.lessonId()
                                + " no longer has the published version "
                                + lesson.versionId()));
        checked.add(
            new AuthoredModule.Lesson(v.lessonId(), v.versionId(), v.title(), v.versionNumber()));
        done++;
        jobs.progress(job.jobId(), done * 90 / total, clock.instant());
      }
      out.add(new AuthoredModule(module.title(), checked));
    }
    return out;
  }

  /** Writes version 0 of the job's course and flags the course as authored. */
  private Instant write(CourseJob job, List<AuthoredModule> modules) {
    Instant now = clock.instant();
    String tenant = job.tenantId();
    VersionReservation reservation =
        jobs.reservation(job.jobId())
            .orElseGet(
                () -> {
                  VersionReservation r =
                      courses.reserveVersion(tenant, job.courseId(), job.jobId(), now);
                  jobs.reserved(job.jobId(), r);
                  return r;
                });
    try {
      if (courses
          .find(tenant, job.courseId())
          .filter(c -> c.latestVersion() == reservation.version())
          .isPresent()) {
        return now; // an earlier run of this job committed before its process died
      }
      versions.record(version(job, modules, reservation.version(), now), job.jobId());
      records.markAuthored(
          tenant,
          job.courseId(),
          new Authored(job.jobId(), job.headline(), job.format(), job.languageId(), now, modules));
      CommitOutcome outcome =
          courses.commitVersion(tenant, job.courseId(), reservation, job.name(), true, now);
      if (outcome != CommitOutcome.COMMITTED) {
        versions.deleteRecorded(tenant, job.courseId(), reservation.version(), job.jobId());
        throw new IllegalStateException("course " + job.courseId() + ": " + outcome);
      }
    } finally {
      courses.importEnded(tenant, job.courseId(), job.jobId());
    }
    return now;
  }

  private static CourseVersion version(
      CourseJob job, List<AuthoredModule> modules, int number, Instant at) {
    List<Activity> children = new ArrayList<>();
    for (int m = 0; m < modules.size(); m++) {
      AuthoredModule module = modules.get(m);
      List<Activity> lessons = new ArrayList<>();
      for (AuthoredModule.Lesson l : module.lessons()) {
        lessons.add(
            new Activity(
                "lesson-" + l.lessonId() + "-" + l.versionId(),
                "",
                ActivityType.ASSET,
                "",
                l.title(),
                "",
                List.of()));
      }
      children.add(
          new Activity(
              "module-" + (m + 1), "", ActivityType.AGGREGATION, "", module.title(), "", lessons));
    }
    Activity root =
        new Activity(job.courseId(), "", ActivityType.AGGREGATION, "", job.name(), "", children);
    PackageDescription description =
        new PackageDescription(
            LearningStandard.UNKNOWN,
            FORMAT,
            job.name(),
            job.headline(),
            "",
            job.lessonCount(),
            0,
            root,
            CourseMetadata.empty(),
            List.of(job.languageId()),
            "");
    return new CourseVersion(
        job.tenantId(),
        job.courseId(),
        number,
        job.name(),
        null,
        0,
        "",
        description,
        new ValidationReport(FORMAT, LearningStandard.UNKNOWN, List.of(), List.of()),
        at,
        at);
  }

  private List<AuthoredModule> resolve(String tenantId, List<ModuleSpec> specs) {
    if (specs.isEmpty()) {
      throw invalid(
          "MODULES_REQUIRED",
          "modules is required: Courseport does not generate course content from the subject;"
              + " name the published lesson versions to assemble as"
              + " modules: [{title, lessons: [{lessonId, versionId}]}]");
    }
    if (specs.size() > MAX_MODULES) {
      throw invalid("TOO_MANY_MODULES", "a course has at most " + MAX_MODULES + " modules");
    }
    int count = specs.stream().mapToInt(s -> s.lessons().size()).sum();
    if (count > MAX_LESSONS) {
      throw invalid(
          "TOO_MANY_LESSONS", "a course has at most " + MAX_LESSONS + " lesson versions in all");
    }
    List<AuthoredModule> out = new ArrayList<>();
    for (int m = 0; m < specs.size(); m++) {
      ModuleSpec spec = specs.get(m);
      String where = "modules[" + m + "]";
      String title = trimmed(spec.title());
      if (title.isEmpty()) {
        throw invalid("MODULE_TITLE_REQUIRED", where + ".title is required");
      }
      if (title.codePointCount(0, title.length()) > MAX_NAME) {
        throw invalid(
            "MODULE_TITLE_TOO_LONG", where + ".title must be at most " + MAX_NAME + " characters");
      }
      if (spec.lessons().isEmpty()) {
        throw invalid(
            "MODULE_EMPTY", where + ".lessons must name at least one published lesson version");
      }
      List<AuthoredModule.Lesson> lessonsOut = new ArrayList<>();
      for (int i = 0; i < spec.lessons().size(); i++) {
        LessonRef ref = spec.lessons().get(i);
        String at = where + ".lessons[" + i + "]";
        UUID lessonId = uuid(ref.lessonId(), at + ".lessonId");
        UUID versionId = uuid(ref.versionId(), at + ".versionId");
        PublishedLessonVersion v =
            lessons
                .findPublished(tenantId, lessonId, versionId)
                .orElseThrow(
                    () ->
                        invalid(
                            "LESSON_VERSION_NOT_FOUND",
                            at
                                + ": lesson "
                                + lessonId
                                + " has no published version "
                                + versionId
                                + " in this tenant"));
        lessonsOut.add(
            new AuthoredModule.Lesson(v.lessonId(), v.versionId(), v.title(), v.versionNumber()));
      }
      out.add(new AuthoredModule(title, lessonsOut));
    }
    return out;
  }

  private static UUID uuid(String value, String field) {
    String s = trimmed(value);
    if (s.isEmpty()) {
      throw invalid("LESSON_REF_INVALID", field + " is required");
    }
    try {
      UUID id = UUID.fromString(s);
      if (!id.toString().equalsIgnoreCase(s)) {
        throw new IllegalArgumentException(s);
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw invalid("LESSON_REF_INVALID", field + " is not a UUID: '" + s + "'");
    }
  }

  private static String newCourseId() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return "cou_" + HexFormat.of().formatHex(bytes);
  }

  private static String trimmed(String s) {
    return s == null ? "" : s.strip();
  }

  private static DomainException invalid(String reason, String message) {
    return DomainException.invalid(reason, message);
  }
}
