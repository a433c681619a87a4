package org.courseport.server.launch;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.catalog.CourseCatalog;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.course.CourseView;
import org.courseport.server.domain.launch.CourseSharingRepository;
import org.courseport.server.domain.launch.LaunchGrant;
import org.courseport.server.domain.launch.LaunchMode;
import org.courseport.server.domain.launch.LaunchOptions;
import org.courseport.server.domain.launch.LaunchSession;
import org.courseport.server.domain.launch.LaunchSessions;
import org.courseport.server.domain.launch.LaunchTokens;
import org.courseport.server.domain.settings.SettingIds;
import org.courseport.server.domain.settings.SettingScope;
import org.courseport.server.domain.settings.SettingsService;
import org.courseport.server.domain.xapi.StatementPage;
import org.courseport.server.domain.xapi.StatementQuery;
import org.courseport.server.domain.xapi.StatementRepository;
import org.courseport.server.player.LaunchPlan;
import org.courseport.server.player.LaunchPlans;

/**
 * The API side of launches, shared by the three gRPC services: SCORM Cloud's preview links, the
 * Allure API's tracked launch sessions, the course statements, and LearningStudio's course sharing.
 * Every launch is a {@link LaunchGrant} behind a link token on the content origin ({@code
 * {contentBase}/launch/{token}}).
 */
public final class Launches {
  /** Bounds of a preview link's lifetime in seconds (SCORM Cloud's {@code expiry}). */
  public static final int MIN_PREVIEW_EXPIRY = 10;

  public static final int MAX_PREVIEW_EXPIRY = 300;

  /** The share page's preview link lifetime. */
  public static final Duration SHARE_PREVIEW_EXPIRY = Duration.ofSeconds(MAX_PREVIEW_EXPIRY);

  /** Longest user or session id of a tracked launch. */
  public static final int MAX_ID = 255;

  /** The keywords {@code redirectOnExitUrl} accepts besides an absolute http(s) URL. */
  public static final Set<String> EXIT_KEYWORDS = Set.of("closer", "blank", "message");

  private static final Pattern CULTURE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}");

  private final CourseCatalog catalog;
  private final SettingsService settings;
  private final LaunchPlans plans;
  private final LaunchTokens tokens;
  private final LaunchSessions sessions;
  private final StatementRepository statements;
  private final CourseSharingRepository sharing;
  private final Supplier<String> contentBase;
  private final Supplier<String> publicBase;
  private final Duration launchLinkTtl;
  private final int statementPageSize;
  private final Clock clock;

  /**
   * @param contentBase the content origin's public base URL without a trailing slash
   *     (LaunchConfig.contentPublicBaseUrl, else {@code http://localhost:{content port}})
   * @param publicBase the API origin's public base URL (share page URLs {@code /go/{id}})
   * @param launchLinkTtl how long a tracked session's launch URL can be opened
   *     (LaunchConfig.launchLinkTtl)
   * @param statementPageSize statements per page of the statement routes
   */
  public Launches(
      CourseCatalog catalog,
      SettingsService settings,
      LaunchPlans plans,
      LaunchTokens tokens,
      LaunchSessions sessions,
      StatementRepository statements,
      CourseSharingRepository sharing,
      Supplier<String> contentBase,
      Supplier<String> publicBase,
      Duration launchLinkTtl,
      int statementPageSize,
      Clock clock) {
    this.catalog = catalog;
    this.settings = settings;
    this.plans = plans;
    this.tokens = tokens;
    this.sessions = sessions;
    this.statements = statements;
    this.sharing = sharing;
    this.contentBase = contentBase;
    this.publicBase = publicBase;
    this.launchLinkTtl = launchLinkTtl;
    this.statementPageSize = statementPageSize;
    this.clock = clock;
  }

  // ---- Preview ---------------------------------------------------------------------------------

  /**
   * What a preview request asks for; nulls (and 0 expiry) take the defaults.
   *
   * @param expirySeconds 10..300, or null/0 for the PreviewExpirySeconds setting
   */
  public record PreviewRequest(
      String courseId,
      OptionalInt version,
      Integer expirySeconds,
      String redirectOnExitUrl,
      String startSco,
      String culture,
      String cssUrl) {}

  /** A link on the content origin, when it was issued and until when it opens. */
  public record Link(String url, Instant issuedAt, Instant expiresAt) {
    /** Whole seconds from issue to expiry. */
    public long lifetimeSeconds() {
      return Duration.between(issuedAt, expiresAt).getSeconds();
    }
  }

  /** Builds a preview link (untracked, read-only). */
  public Link preview(String tenantId, PreviewRequest r) {
    CourseView view = catalog.view(tenantId, r.courseId(), r.version());
    CourseVersion v = view.version();
    requirePackage(v);
    SettingScope scope = SettingScope.version(tenantId, v.courseId(), v.version());
    long expiry;
    if (r.expirySeconds() == null || r.expirySeconds() == 0) {
      expiry = settings.effectiveLong(scope, SettingIds.PREVIEW_EXPIRY_SECONDS);
    } else if (r.expirySeconds() < MIN_PREVIEW_EXPIRY || r.expirySeconds() > MAX_PREVIEW_EXPIRY) {
      throw DomainException.invalid(
          "EXPIRY_OUT_OF_RANGE",
          "expiry must be between "
              + MIN_PREVIEW_EXPIRY
              + " and "
              + MAX_PREVIEW_EXPIRY
              + " seconds, got "
              + r.expirySeconds());
    } else {
      expiry = r.expirySeconds();
    }
    String exit =
        blank(r.redirectOnExitUrl())
            ? settings.effective(scope, SettingIds.PREVIEW_REDIRECT_ON_EXIT_URL)
            : redirectOnExit(r.redirectOnExitUrl());
    String startSco = null;
    if (!blank(r.startSco())) {
      LaunchPlan plan = plans.planFor(v);
      startSco = r.startSco().strip();
      String wanted = startSco;
      if (plan.launchable().stream().noneMatch(i -> i.id().equals(wanted))) {
        throw DomainException.invalid(
            "START_SCO_UNKNOWN",
            "startSco '"
                + wanted
                + "' is not a launchable item of version "
                + v.version()
                + " of course '"
                + v.courseId()
                + "'");
      }
    }
    String culture = null;
    if (!blank(r.culture())) {
      culture = r.culture().strip();
      if (!CULTURE.matcher(culture).matches()) {
        throw DomainException.invalid(
            "CULTURE_INVALID",
            "culture must be a language tag such as 'en-US', got '" + r.culture() + "'");
      }
    }
    String css = blank(r.cssUrl()) ? null : cssUrl(r.cssUrl().strip());
    LaunchOptions options = options(scope, exit, startSco, culture, css, null);
    Instant expires = clock.instant().plusSeconds(expiry);
    return issue(
        new LaunchGrant(
            tenantId, v.courseId(), v.version(), LaunchMode.PREVIEW, null, null, options, expires));
  }

  // ---- Tracked sessions ------------------------------------------------------------------------

  /** A tracked launch: the link, the session, the version launched and whether it resumed. */
  public record TrackedLaunch(Link link, LaunchSession session, int version, boolean resumed) {}

  /**
   * Starts or resumes the session {@code sessionId} of {@code userId} on the course's latest
   * version (a resumed session keeps the version it started with).
   */
  public TrackedLaunch launch(
      String tenantId,
      String courseId,
      String userId,
      String sessionId,
      String userName,
      String redirectOnExitUrl) {
    requireId("user_id", userId);
    requireId("session_id", sessionId);
    if (userName != null && userName.length() > MAX_ID) {
      throw DomainException.invalid(
          "FIELD_TOO_LONG", "user_name is longer than " + MAX_ID + " characters");
    }
    String exit = blank(redirectOnExitUrl) ? null : redirectOnExit(redirectOnExitUrl);
    CourseVersion latest = catalog.view(tenantId, courseId, OptionalInt.empty()).version();
    requirePackage(latest);
    LaunchPlan plan = plans.planFor(latest);
    if (!plan.supported()) {
      throw new DomainException(
          DomainException.Kind.FAILED_PRECONDITION,
          "PACKAGE_NOT_LAUNCHABLE",
          "Package '" + courseId + "' cannot be launched: " + plan.unsupportedReason());
    }
    LaunchSessions.Started started =
        sessions.start(tenantId, courseId, latest.version(), plan.standard(), sessionId, userId);
    int version = started.session().version();
    SettingScope scope = SettingScope.version(tenantId, courseId, version);
    LaunchOptions options =
        options(scope, exit, null, null, null, blank(userName) ? null : userName.strip());
    Link link =
        issue(
            new LaunchGrant(
                tenantId,
                courseId,
                version,
                LaunchMode.TRACKED,
                sessionId,
                userId,
                options,
                clock.instant().plus(launchLinkTtl)));
    return new TrackedLaunch(link, started.session(), version, started.resumed());
  }

  /** A session of the tenant's course; NOT_FOUND for an unknown course or session. */
  public LaunchSession session(String tenantId, String courseId, String sessionId) {
    catalog.course(tenantId, courseId);
    return sessions
        .find(tenantId, courseId, sessionId)
        .orElseThrow(
            () ->
                DomainException.notFound(
                    "SESSION_NOT_FOUND",
                    "Package '" + courseId + "' has no session '" + sessionId + "'."));
  }

  /**
   * How many launch sessions (registrations) each of several courses has, keyed by course id (a
   * course without any may be left out): one read for a whole GetCourses page.
   */
  public Map<String, Long> registrationCounts(String tenantId, Collection<String> courseIds) {
    return sessions.countEach(tenantId, courseIds);
  }

  /** How many launch sessions (registrations) a course or one version has. */
  public long registrationCount(String tenantId, String courseId, Integer version) {
    return sessions.count(tenantId, courseId, version);
  }

  // ---- Statements ------------------------------------------------------------------------------

  /** A page of the course's statements (NOT_FOUND for an unknown course or version). */
  public StatementPage statements(
      String tenantId,
      String courseId,
      OptionalInt version,
      String learnerId,
      Instant since,
      Instant until,
      String more) {
    if (version.isPresent()) {
      catalog.view(tenantId, courseId, version);
    } else {
      catalog.course(tenantId, courseId);
    }
    if (since != null && until != null && !since.isBefore(until)) {
      throw DomainException.invalid("PARAMETER_INVALID", "since must be before until");
    }
    try {
      return statements.find(
          new StatementQuery(
              tenantId,
              courseId,
              version.isPresent() ? version.getAsInt() : null,
              blank(learnerId) ? null : learnerId,
              since,
              until,
              blank(more) ? null : more,
              statementPageSize));
    } catch (IllegalArgumentException e) {
      throw DomainException.invalid("MORE_INVALID", "more is not a token this API gave");
    }
  }

  // ---- Sharing ---------------------------------------------------------------------------------

  /** A course's sharing state. */
  public record Sharing(String courseId, boolean enabled, String shareUrl) {}

  /**
   * Turns sharing of the tenant's course on or off. ALREADY_EXISTS SHARE_ID_TAKEN when another
   * tenant shares a course with the same id.
   */
  public Sharing setSharing(String tenantId, String courseId, boolean enabled) {
    catalog.course(tenantId, courseId);
    if (enabled) {
      if (sharing.enable(tenantId, courseId, clock.instant())
          == CourseSharingRepository.EnableOutcome.ID_TAKEN) {
        throw DomainException.alreadyExists(
            "SHARE_ID_TAKEN",
            "Another account already shares a course with id '"
                + courseId
                + "' at "
                + shareUrl(courseId)
                + "; give the course another id to share it.");
      }
    } else {
      sharing.disable(tenantId, courseId);
    }
    return new Sharing(courseId, enabled, shareUrl(courseId));
  }

  /** What the public share page shows. */
  public record SharePage(
      String courseId,
      String title,
      String description,
      String previewUrl,
      String previewUnavailableReason) {}

  /**
   * The share page of a shared course, with a fresh preview link of its latest version; NOT_FOUND
   * unless its owner turned sharing on.
   */
  public SharePage sharePage(String courseId) {
    String id = courseId == null ? "" : courseId.strip();
    DomainException notShared =
        DomainException.notFound("NOT_FOUND", "Course '" + id + "' is not shared.");
    String tenant = id.isEmpty() ? null : sharing.sharingTenant(id).orElse(null);
    if (tenant == null) {
      throw notShared;
    }
    CourseView view;
    try {
      view = catalog.view(tenant, id, OptionalInt.empty());
    } catch (DomainException e) {
      throw notShared;
    }
    CourseVersion v = view.version();
    String description =
        v.description() == null || v.description().description() == null
            ? ""
            : v.description().description();
    if (v.blobId() == null) {
      return new SharePage(
          id, v.title(), description, "", "This course has no package to preview yet.");
    }
    LaunchPlan plan = plans.planFor(v);
    if (!plan.supported()) {
      return new SharePage(id, v.title(), description, "", plan.unsupportedReason());
    }
    SettingScope scope = SettingScope.version(tenant, id, v.version());
    LaunchOptions options =
        options(
            scope,
            settings.effective(scope, SettingIds.PREVIEW_REDIRECT_ON_EXIT_URL),
            null,
            null,
            null,
            null);
    Link link =
        issue(
            new LaunchGrant(
                tenant,
                id,
                v.version(),
                LaunchMode.PREVIEW,
                null,
                null,
                options,
                clock.instant().plus(SHARE_PREVIEW_EXPIRY)));
    return new SharePage(id, v.title(), description, link.url(), "");
  }

  /** {@code {public base}/go/{courseId}}. */
  public String shareUrl(String courseId) {
    return publicBase.get() + "/go/" + courseId;
  }

  // ---- Helpers ---------------------------------------------------------------------------------

  private Link issue(LaunchGrant grant) {
    String token = tokens.issueLink(grant);
    return new Link(contentBase.get() + "/launch/" + token, clock.instant(), grant.expiresAt());
  }

  private LaunchOptions options(
      SettingScope scope,
      String exit,
      String startSco,
      String culture,
      String cssUrl,
      String learnerName) {
    return new LaunchOptions(
        exit,
        startSco,
        culture,
        cssUrl,
        launchType(scope),
        (int) settings.effectiveLong(scope, SettingIds.PLAYER_AUTO_COMMIT_SECONDS),
        settings.effectiveBool(scope, SettingIds.PLAYER_SCORM12_MASTERY_OVERRIDE),
        learnerName);
  }

  /**
   * FRAMESET or NEW_WINDOW: the player hosts the course in its own frame, or opens it in a new
   * window and keeps the run-time API for it. PlayerLaunchType (the player) and PlayerScoLaunchType
   * (each SCO) both end in that one choice here: NEW_WINDOW when either says so.
   */
  private String launchType(SettingScope scope) {
    boolean newWindow =
        "NEW_WINDOW".equals(settings.effective(scope, SettingIds.PLAYER_LAUNCH_TYPE))
            || "NEW_WINDOW".equals(settings.effective(scope, SettingIds.PLAYER_SCO_LAUNCH_TYPE));
    return newWindow ? "NEW_WINDOW" : "FRAMESET";
  }

  /** An absolute http(s) URL or one of the keywords; INVALID_ARGUMENT otherwise. */
  static String redirectOnExit(String value) {
    String v = value.strip();
    if (EXIT_KEYWORDS.contains(v.toLowerCase(Locale.ROOT))) {
      return v.toLowerCase(Locale.ROOT);
    }
    URI uri = absolute(v);
    if (uri == null
        || !("http".equalsIgnoreCase(uri.getScheme())
            || "https".equalsIgnoreCase(uri.getScheme()))) {
      throw DomainException.invalid(
          "REDIRECT_ON_EXIT_URL_INVALID",
          "redirectOnExitUrl must be an absolute http(s) URL or one of closer, blank, message;"
              + " got '"
              + value
              + "'");
    }
    return v;
  }

  static String cssUrl(String value) {
    URI uri = absolute(value);
    if (uri == null || !"https".equalsIgnoreCase(uri.getScheme())) {
      throw DomainException.invalid(
          "CSS_URL_INVALID", "cssUrl must be an absolute https URL, got '" + value + "'");
    }
    return value;
  }

  private static URI absolute(String value) {
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null || uri.getHost() == null || uri.getHost().isEmpty()) {
        return null;
      }
      return uri;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static void requireId(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw DomainException.invalid("FIELD_REQUIRED", field + " is required (1 to 255 characters)");
    }
    if (value.length() > MAX_ID) {
      throw DomainException.invalid(
          "FIELD_TOO_LONG",
          field + " is longer than " + MAX_ID + " characters (" + value.length() + ")");
    }
  }

  /**
   * A course authored from lessons has no package until the SCORM export builds one:
   * FAILED_PRECONDITION COURSE_HAS_NO_PACKAGE, as the file RPCs answer.
   */
  private static void requirePackage(CourseVersion v) {
    if (v.blobId() == null) {
      throw new DomainException(
          DomainException.Kind.FAILED_PRECONDITION,
          "COURSE_HAS_NO_PACKAGE",
          "Course '"
              + v.courseId()
              + "' was authored from lessons and has no package to launch yet");
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
