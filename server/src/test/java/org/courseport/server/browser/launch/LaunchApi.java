package org.courseport.server.browser.launch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.courseport.api.v1.BuildCoursePreviewLaunchLinkRequest;
import org.courseport.api.v1.CourseServiceGrpc;
import org.courseport.api.v1.GetCourseStatementsRequest;
import org.courseport.api.v1.GetLaunchSessionRequest;
import org.courseport.api.v1.LaunchPackageRequest;
import org.courseport.api.v1.LaunchSessionProgress;
import org.courseport.api.v1.PackageLaunchResponse;
import org.courseport.api.v1.PackageServiceGrpc;
import org.courseport.api.v1.XapiStatement;
import org.courseport.api.v1.XapiStatementResult;
import org.courseport.server.domain.launch.LaunchSession;
import org.courseport.server.domain.launch.LaunchSessions;
import org.courseport.server.domain.launch.ScoState;
import org.courseport.server.grpc.GrpcFixtures;
import org.courseport.server.packaging.testing.SharedCorpus;
import org.courseport.server.testing.CourseportServerExtension;

/**
 * The real server's launch API as the browser tests use it: imports through the gRPC upload,
 * preview links and launch sessions through CourseService and PackageService, the stored sessions
 * through {@link LaunchSessions}, and bounded waits for what the browser stores asynchronously (a
 * beacon).
 */
final class LaunchApi {
  /** How long a wait for something the browser sends lasts before the test fails. */
  static final Duration WAIT = Duration.ofSeconds(45);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private final CourseportServerExtension server;
  private final String key;

  LaunchApi(CourseportServerExtension server) {
    this(server, CourseportServerExtension.KEY);
  }

  LaunchApi(CourseportServerExtension server, String key) {
    this.server = server;
    this.key = key;
  }

  /**
   * A package of the shared corpus ({@code courseport.sharedDir}, set by the build); skips the test
   * with a clear message when it is absent.
   */
  static byte[] corpus(String name) {
    try {
      return Files.readAllBytes(SharedCorpus.file(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The API key ({@code id:secret}). */
  String key() {
    return key;
  }

  /** The tenant the key belongs to (the stored sessions' tenant id). */
  String tenantId() {
    return GrpcFixtures.tenantId(server, key);
  }

  /** Imports {@code zip} as course {@code courseId} (the Allure package id) and waits for it. */
  String importCourse(String courseId, byte[] zip) {
    GrpcFixtures.importCourse(server, key, courseId, zip);
    return courseId;
  }

  CourseServiceGrpc.CourseServiceBlockingStub courses() {
    return server.blocking(key);
  }

  PackageServiceGrpc.PackageServiceBlockingStub packages() {
    Metadata m = new Metadata();
    m.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        CourseportServerExtension.basic(key));
    return PackageServiceGrpc.newBlockingStub(server.inProcessChannel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
  }

  /** LaunchPackage: starts or resumes a tracked session. */
  PackageLaunchResponse launch(String courseId, String userId, String sessionId) {
    return packages()
        .launchPackage(
            LaunchPackageRequest.newBuilder()
                .setPackageId(courseId)
                .setUserId(userId)
                .setSessionId(sessionId)
                .setUserName("Learner " + userId)
                .build());
  }

  /** GetLaunchSession. */
  LaunchSessionProgress progress(String courseId, String sessionId) {
    return packages()
        .getLaunchSession(
            GetLaunchSessionRequest.newBuilder()
                .setPackageId(courseId)
                .setSessionId(sessionId)
                .build());
  }

  /** BuildCoursePreviewLaunchLink with the request's options. */
  String preview(BuildCoursePreviewLaunchLinkRequest request) {
    return courses().buildCoursePreviewLaunchLink(request).getLaunchLink();
  }

  /** A preview link of the course's latest version with the default options. */
  String preview(String courseId) {
    return preview(BuildCoursePreviewLaunchLinkRequest.newBuilder().setCourseId(courseId).build());
  }

  /** Every statement of the course (all pages), oldest first. */
  List<XapiStatement> statements(String courseId, String learnerId) {
    List<XapiStatement> all = new ArrayList<>();
    String more = "";
    do {
      GetCourseStatementsRequest.Builder request =
          GetCourseStatementsRequest.newBuilder().setCourseId(courseId).setMore(more);
      if (learnerId != null) {
        request.setLearnerId(learnerId);
      }
      XapiStatementResult page = courses().getCourseStatements(request.build());
      all.addAll(page.getStatementsList());
      more = page.hasMore() ? page.getMore() : "";
    } while (!more.isEmpty());
    return all;
  }

  /** The verbs of statements as their last IRI segment ({@code initialized}, {@code answered}…). */
  static List<String> verbs(List<XapiStatement> statements) {
    return statements.stream()
        .map(s -> s.getVerb().getId())
        .map(id -> id.substring(id.lastIndexOf('/') + 1))
        .toList();
  }

  /** The launch sessions service of the running server. */
  LaunchSessions sessions() {
    return server.server().services().launchSessions();
  }

  /** The stored session, if any. */
  Optional<LaunchSession> stored(String courseId, String sessionId) {
    return sessions().find(tenantId(), courseId, sessionId);
  }

  /**
   * Waits until the stored session satisfies {@code condition} (what the browser sends arrives
   * asynchronously, a beacon after the page is gone); fails after {@link #WAIT} with the
   * description and the last stored state.
   */
  LaunchSession awaitStored(
      String courseId, String sessionId, String description, Predicate<LaunchSession> condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Optional<LaunchSession> last = Optional.empty();
    while (System.nanoTime() < deadline) {
      last = stored(courseId, sessionId);
      if (last.isPresent() && condition.test(last.get())) {
        return last.get();
      }
      pause();
    }
    throw new AssertionError(
        "the stored session "
            + sessionId
            + " never got "
            + description
            + " within "
            + WAIT
            + "; last stored: "
            + last.map(LaunchApi::describe).orElse("(none)"));
  }

  /** Waits until {@code value} is present and answers it. */
  static <T> T await(String description, Supplier<Optional<T>> value) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<T> v = value.get();
      if (v.isPresent()) {
        return v.get();
      }
      pause();
    }
    throw new AssertionError(description + " did not happen within " + WAIT);
  }

  /** A SCO's stored state whose completion is {@code status}. */
  static Predicate<LaunchSession> sco(String itemId, Predicate<ScoState> condition) {
    return s -> s.scos().containsKey(itemId) && condition.test(s.scos().get(itemId));
  }

  /** A SCO's stored CMI JSON, parsed. */
  static JsonNode cmi(LaunchSession session, String itemId) {
    ScoState state = session.scos().get(itemId);
    if (state == null) {
      throw new AssertionError(
          "no stored state of SCO " + itemId + "; stored SCOs: " + session.scos().keySet());
    }
    return json(state.cmiJson());
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  /** A one-paragraph view of a stored session for failure messages and reports. */
  static String describe(LaunchSession s) {
    StringBuilder b =
        new StringBuilder()
            .append("completion=")
            .append(s.completionStatus())
            .append(" success=")
            .append(s.successStatus())
            .append(" scaled=")
            .append(s.scoreScaled())
            .append(" raw=")
            .append(s.scoreRaw())
            .append(" location=")
            .append(s.location())
            .append(" lastItem=")
            .append(s.lastItemId())
            .append(" launches=")
            .append(s.launchCount())
            .append(" revision=")
            .append(s.revision());
    s.scos()
        .forEach(
            (id, sco) ->
                b.append("\n  ")
                    .append(id)
                    .append(": completion=")
                    .append(sco.completionStatus())
                    .append(" success=")
                    .append(sco.successStatus())
                    .append(" location=")
                    .append(sco.location())
                    .append(" exit=")
                    .append(sco.exit())
                    .append(" cmi=")
                    .append(abbreviate(sco.cmiJson())));
    return b.toString();
  }

  private static String abbreviate(String s) {
    return s == null || s.length() < 600 ? s : s.substring(0, 600) + "…";
  }

  /** A GET without redirects following (a launch link answers 303, 404 or 410 itself). */
  static HttpResponse<String> get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).GET().build());
  }

  static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
