package org.courseport.server.content;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.courseport.server.config.LaunchConfig;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.launch.CommitRefusedException;
import org.courseport.server.domain.launch.LaunchGrant;
import org.courseport.server.domain.launch.LaunchMode;
import org.courseport.server.domain.launch.LaunchSessions;
import org.courseport.server.domain.launch.LaunchTokens;
import org.courseport.server.domain.launch.ResumeData;
import org.courseport.server.domain.launch.RuntimeCommit;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.player.LaunchPlan;
import org.courseport.server.player.LaunchPlans;
import org.courseport.server.player.PlayerPageModel;
import org.courseport.server.threads.BlockingPools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content origin: an Armeria server on its own port that serves the player and package files
 * and nothing of the API (no API route, no CORS headers); the routes are listed in the package
 * documentation. Access is by the token in the URL path only: no cookies, no credentials.
 */
public final class ContentOrigin implements AutoCloseable {
  /** The name prefix of the content origin's blocking threads. */
  public static final String BLOCKING_THREAD_PREFIX = "courseport-content-blocking";

  /** How many threads read package files and take commits at most at a time. */
  static final int BLOCKING_THREADS = 16;

  private static final Logger log = LoggerFactory.getLogger(ContentOrigin.class);

  /** The largest commit body accepted (1 MiB). */
  public static final int MAX_COMMIT_BYTES = 1024 * 1024;

  /** How many stored packages stay open for serving. */
  static final int OPEN_PACKAGES = 64;

  /** How long a file request may reuse a resolved delivery token. */
  static final Duration REMEMBER_DELIVERY = Duration.ofSeconds(5);

  /** {@code Cache-Control: private, max-age} of package files. */
  static final long FILE_MAX_AGE_SECONDS = 3600;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final InetSocketAddress listen;
  private final LaunchConfig config;
  private final LaunchSessions sessions;
  private final LaunchPlans plans;
  private final Function<PlayerPageModel, String> pageRenderer;
  private final Deliveries deliveries;
  private final OpenPackages packages;
  private final PackageFileResponder files;
  private final PlayerAssets assets;
  private Server server;

  /**
   * A content origin, not started.
   *
   * @param listen the address to bind ({@code ServerConfig.listenAddress(contentPort)}; port 0 for
   *     a free one)
   * @param config launch settings (public base URL, lifetimes)
   * @param tokens resolves link and delivery tokens
   * @param sessions tracked sessions: resume data for the player, commits
   * @param plans what a course version launches
   * @param versions the course version a grant opens (empty when the course or version is gone)
   * @param blobs where stored packages are
   * @param zipLimits the limits every zip is read within
   * @param pageRenderer renders the player page ({@code PlayerPage::render})
   * @param clock the time
   */
  public ContentOrigin(
      InetSocketAddress listen,
      LaunchConfig config,
      LaunchTokens tokens,
      LaunchSessions sessions,
      LaunchPlans plans,
      Function<LaunchGrant, Optional<CourseVersion>> versions,
      BlobStore blobs,
      ZipLimits zipLimits,
      Function<PlayerPageModel, String> pageRenderer,
      Clock clock) {
    this.listen = listen;
    this.config = config;
    this.sessions = sessions;
    this.plans = plans;
    this.pageRenderer = pageRenderer;
    this.deliveries = new Deliveries(tokens, versions, clock, REMEMBER_DELIVERY);
    this.packages = new OpenPackages(blobs, zipLimits, OPEN_PACKAGES);
    this.files = new PackageFileResponder(packages, FILE_MAX_AGE_SECONDS);
    this.assets = new PlayerAssets(ContentOrigin.class.getClassLoader());
  }

  /** Starts listening; returns when the port is bound. */
  public synchronized ContentOrigin start() {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    server =
        Server.builder()
            .http(listen)
            .maxRequestLength(MAX_COMMIT_BYTES)
            // A bounded pool of its own for file reads and commits (issue 12, BlockingPools).
            .blockingTaskExecutor(
                BlockingPools.create(BLOCKING_THREAD_PREFIX, BLOCKING_THREADS), true)
            .serviceUnder("/", (HttpService) this::dispatch)
            .build();
    server.start().join();
    log.info(
        "Content origin listening on port {} (public base {})",
        server.activeLocalPort(),
        config.contentPublicBaseUrl() == null
            ? "http://localhost:" + server.activeLocalPort()
            : config.contentPublicBaseUrl());
    return this;
  }

  /** How many delivery tokens the file path remembers (for tests). */
  int rememberedDeliveries() {
    return deliveries.remembered();
  }

  /** The bound port. */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("not started");
    }
    return server.activeLocalPort();
  }

  /** The origin's public base URL: the configured one, else {@code http://localhost:{port}}. */
  public String publicBaseUrl() {
    return config.contentPublicBaseUrl() != null
        ? config.contentPublicBaseUrl()
        : "http://localhost:" + port();
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop().join();
    }
    packages.close();
  }

  // ---------------------------------------------------------------------------------- routing

  private HttpResponse dispatch(ServiceRequestContext ctx, HttpRequest req) {
    String path = ctx.path();
    HttpMethod method = req.method();
    boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
    if (path.startsWith("/launch/")) {
      String token = path.substring("/launch/".length());
      if (token.isEmpty() || token.indexOf('/') >= 0) {
        return notFound();
      }
      return read ? blocking(ctx, () -> launch(token)) : notAllowed("GET, HEAD");
    }
    if (path.startsWith("/player/assets/")) {
      String file = path.substring("/player/assets/".length());
      return read ? assets.serve(req, file) : notAllowed("GET, HEAD");
    }
    if (!path.startsWith("/s/")) {
      return notFound();
    }
    int slash = path.indexOf('/', 3);
    String token = slash < 0 ? path.substring(3) : path.substring(3, slash);
    if (token.isEmpty()) {
      return notFound();
    }
    if (slash < 0) {
      return read
          ? HttpResponse.of(
              ResponseHeaders.builder(HttpStatus.MOVED_PERMANENTLY)
                  .add("location", "/s/" + token + "/")
                  .add("cache-control", "no-store")
                  .add("referrer-policy", "no-referrer")
                  .build())
          : notAllowed("GET, HEAD");
    }
    String rest = path.substring(slash + 1);
    if (rest.isEmpty()) {
      return read ? blocking(ctx, () -> player(token)) : notAllowed("GET, HEAD");
    }
    if (rest.startsWith("c/")) {
      String file = rest.substring(2);
      return read ? blocking(ctx, () -> file(ctx, req, token, file)) : notAllowed("GET, HEAD");
    }
    if (rest.equals("commit")) {
      return method == HttpMethod.POST ? commit(ctx, req, token) : notAllowed("POST");
    }
    if (rest.equals("exit")) {
      return read ? blocking(ctx, () -> exit(token)) : notAllowed("GET, HEAD");
    }
    return notFound();
  }

  private interface Handler {
    HttpResponse handle() throws Exception;
  }

  /** Runs a handler that reads the store or the blobs on a blocking thread. */
  private static HttpResponse blocking(ServiceRequestContext ctx, Handler handler) {
    Supplier<HttpResponse> run =
        () -> {
          try {
            return handler.handle();
          } catch (Exception e) {
            String shown = ctx.path().replaceAll("/(s|launch)/[^/]+", "/$1/…");
            if (storeFailure(e)) {
              // The store is away: a retryable 503, as on the API origin.
              log.warn(
                  "Content origin request {} failed: the document store did not answer", shown);
              return Pages.text(
                      HttpStatus.SERVICE_UNAVAILABLE,
                      "The document store is unreachable; try again later.")
                  .mapHeaders(h -> h.toBuilder().set("retry-after", "5").build());
            }
            log.warn("Content origin request {} failed", shown, e);
            return Pages.text(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");
          }
        };
    return HttpResponse.of(CompletableFuture.supplyAsync(run, ctx.blockingTaskExecutor()));
  }

  /** Whether a MongoException is among the causes. */
  private static boolean storeFailure(Throwable e) {
    Throwable c = e;
    for (int i = 0; c != null && i < 16; i++, c = c.getCause()) {
      if (c instanceof com.mongodb.MongoException) {
        return true;
      }
    }
    return false;
  }

  private static HttpResponse notFound() {
    return Pages.text(HttpStatus.NOT_FOUND, "Not found");
  }

  private static HttpResponse notAllowed(String allow) {
    return HttpResponse.of(
        ResponseHeaders.builder(HttpStatus.METHOD_NOT_ALLOWED)
            .add("allow", allow)
            .contentType(MediaType.PLAIN_TEXT_UTF_8)
            .build(),
        HttpData.ofUtf8("Method not allowed; use " + allow + "\n"));
  }

  // ---------------------------------------------------------------------------------- routes

  /** {@code GET /launch/{linkToken}}: 303 to the player, or a page saying why not. */
  private HttpResponse launch(String linkToken) {
    Deliveries.Outcome outcome = deliveries.openLink(linkToken);
    if (outcome instanceof Deliveries.Expired) {
      return Pages.page(
          HttpStatus.GONE,
          "This launch link has expired",
          "Launch links work for a short time only. Ask for a new link and open it right away.");
    }
    if (!(outcome instanceof Deliveries.Live live)) {
      return unknownLinkPage();
    }
    LaunchPlan plan = plans.planFor(live.version());
    if (!plan.supported()) {
      return cannotLaunch(plan);
    }
    return HttpResponse.of(
        ResponseHeaders.builder(HttpStatus.SEE_OTHER)
            .add("location", "/s/" + live.deliveryToken() + "/")
            .add("cache-control", "no-store")
            .add("referrer-policy", "no-referrer")
            .build());
  }

  /** {@code GET /s/{deliveryToken}/}: the player page. */
  private HttpResponse player(String deliveryToken) {
    Deliveries.Outcome outcome = deliveries.delivery(deliveryToken);
    if (outcome instanceof Deliveries.Expired) {
      return sessionExpiredPage();
    }
    if (!(outcome instanceof Deliveries.Live live)) {
      return unknownLinkPage();
    }
    LaunchPlan plan = plans.planFor(live.version());
    if (!plan.supported()) {
      return cannotLaunch(plan);
    }
    LaunchGrant grant = live.grant();
    ResumeData resume =
        grant.mode() == LaunchMode.TRACKED ? sessions.resume(grant) : ResumeData.NONE;
    String nonce = nonce();
    String html =
        pageRenderer.apply(new PlayerPageModel(grant, plan, "/s/" + deliveryToken, resume, nonce));
    return HttpResponse.of(
        ResponseHeaders.builder(HttpStatus.OK)
            .contentType(MediaType.HTML_UTF_8)
            .add("cache-control", "no-store")
            .add("referrer-policy", ContentHeaders.PACKAGE_REFERRER_POLICY)
            .add("x-content-type-options", "nosniff")
            .add("content-security-policy", ContentHeaders.playerCsp(nonce))
            .build(),
        HttpData.ofUtf8(html));
  }

  /** {@code GET|HEAD /s/{deliveryToken}/c/{path}}: a package file. */
  private HttpResponse file(
      ServiceRequestContext ctx, HttpRequest req, String deliveryToken, String rawPath)
      throws Exception {
    Deliveries.Outcome outcome = deliveries.deliveryForFile(deliveryToken);
    if (outcome instanceof Deliveries.Expired) {
      return Pages.text(HttpStatus.GONE, "This player session has expired; open the course again");
    }
    if (!(outcome instanceof Deliveries.Live live)) {
      return Pages.text(HttpStatus.NOT_FOUND, "Not found");
    }
    return files.serve(ctx, req, live.version(), rawPath);
  }

  /** {@code POST /s/{deliveryToken}/commit}: a run-time commit (JSON or a text/plain beacon). */
  private HttpResponse commit(ServiceRequestContext ctx, HttpRequest req, String deliveryToken) {
    MediaType type = req.contentType();
    if (type != null
        && !type.is(MediaType.JSON)
        && !type.is(MediaType.PLAIN_TEXT)
        && !type.belongsTo(MediaType.parse("application/*+json"))) {
      return json(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "UNSUPPORTED_MEDIA_TYPE",
          "Send the commit as application/json or text/plain, not " + type);
    }
    CompletableFuture<HttpResponse> answer =
        req.aggregate()
            .handleAsync(
                (AggregatedHttpRequest body, Throwable failure) -> {
                  if (failure != null) {
                    Throwable cause =
                        failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
                    if (cause instanceof ContentTooLargeException) {
                      return json(
                          HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                          "COMMIT_TOO_LARGE",
                          "A commit may not be larger than " + MAX_COMMIT_BYTES + " bytes");
                    }
                    return json(
                        HttpStatus.BAD_REQUEST,
                        "INVALID_COMMIT",
                        "The commit body could not be read");
                  }
                  return commit(deliveryToken, body.contentUtf8());
                },
                ctx.blockingTaskExecutor());
    return HttpResponse.of(answer);
  }

  private HttpResponse commit(String deliveryToken, String body) {
    Deliveries.Outcome outcome = deliveries.delivery(deliveryToken);
    if (outcome instanceof Deliveries.Expired) {
      return json(
          HttpStatus.GONE,
          "SESSION_EXPIRED",
          "This player session has expired; the commit was not stored");
    }
    if (!(outcome instanceof Deliveries.Live live)) {
      return json(HttpStatus.NOT_FOUND, "NOT_FOUND", "No such player session");
    }
    if (live.grant().mode() == LaunchMode.PREVIEW) {
      return json(HttpStatus.FORBIDDEN, "PREVIEW", "This is a preview: previews are not tracked");
    }
    RuntimeCommit commit;
    try {
      commit = CommitBodies.parse(body);
    } catch (CommitBodies.InvalidCommit e) {
      return json(HttpStatus.BAD_REQUEST, "INVALID_COMMIT", e.getMessage());
    }
    try {
      sessions.commit(live.grant(), commit);
    } catch (CommitRefusedException e) {
      return json(
          "PREVIEW".equals(e.code()) ? HttpStatus.FORBIDDEN : HttpStatus.BAD_REQUEST,
          e.code(),
          e.getMessage());
    } catch (DomainException e) {
      return json(statusOf(e.kind()), e.reason(), e.getMessage());
    }
    return HttpResponse.of(
        ResponseHeaders.builder(HttpStatus.OK)
            .contentType(MediaType.JSON_UTF_8)
            .add("cache-control", "no-store")
            .build(),
        HttpData.ofUtf8("{\"ok\":true}"));
  }

  /** {@code GET /s/{deliveryToken}/exit}: where the player goes when the learner exits. */
  private HttpResponse exit(String deliveryToken) {
    Deliveries.Outcome outcome = deliveries.delivery(deliveryToken);
    LaunchGrant grant;
    if (outcome instanceof Deliveries.Live live) {
      grant = live.grant();
    } else if (outcome instanceof Deliveries.Expired expired) {
      // An 8-hour session that ends just after its token expired still exits as configured.
      grant = expired.grant();
    } else {
      return unknownLinkPage();
    }
    String target = grant.options().redirectOnExitUrl();
    String mode = target == null ? "message" : target.strip();
    if (isAbsoluteHttpUrl(mode)) {
      return Pages.redirect(HttpStatus.FOUND, mode);
    }
    return switch (mode.toLowerCase(Locale.ROOT)) {
      case "closer" -> Pages.closer(nonce());
      case "blank" -> Pages.blank();
      default ->
          Pages.page(
              HttpStatus.OK,
              "The course has ended",
              "The course has ended. You can close this window.");
    };
  }

  // ---------------------------------------------------------------------------------- helpers

  static boolean isAbsoluteHttpUrl(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme();
      return scheme != null
          && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          && uri.getHost() != null
          && !uri.getHost().isEmpty();
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static HttpResponse unknownLinkPage() {
    return Pages.page(
        HttpStatus.NOT_FOUND,
        "This launch link is not valid",
        "The link is incomplete, was changed, or its course was deleted. Ask for a new link.");
  }

  private static HttpResponse sessionExpiredPage() {
    return Pages.page(
        HttpStatus.GONE,
        "This player session has expired",
        "Open the course again from where you started it.");
  }

  private static HttpResponse cannotLaunch(LaunchPlan plan) {
    String reason =
        plan.unsupportedReason() == null
            ? "This course cannot be launched in the player."
            : plan.unsupportedReason();
    return Pages.page(HttpStatus.UNPROCESSABLE_ENTITY, "This course cannot be launched", reason);
  }

  private static HttpResponse json(HttpStatus status, String code, String message) {
    String body;
    try {
      body = CommitBodies.JSON.writeValueAsString(Map.of("error", code, "message", message));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return HttpResponse.of(
        ResponseHeaders.builder(status)
            .contentType(MediaType.JSON_UTF_8)
            .add("cache-control", "no-store")
            .build(),
        HttpData.ofUtf8(body));
  }

  private static HttpStatus statusOf(DomainException.Kind kind) {
    return switch (kind) {
      case INVALID_ARGUMENT -> HttpStatus.BAD_REQUEST;
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case ALREADY_EXISTS, FAILED_PRECONDITION, ABORTED -> HttpStatus.CONFLICT;
      case PERMISSION_DENIED -> HttpStatus.FORBIDDEN;
      case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
      case RESOURCE_EXHAUSTED -> HttpStatus.TOO_MANY_REQUESTS;
      case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
      case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
    };
  }

  /** A fresh CSP nonce: 128 random bits. */
  static String nonce() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
