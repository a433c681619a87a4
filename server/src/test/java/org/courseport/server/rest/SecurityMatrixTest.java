package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.courseport.api.v1.GetCourseRequest;
import org.courseport.server.BoundServices;
import org.courseport.server.auth.Bootstrap;
import org.courseport.server.auth.MethodScopes;
import org.courseport.server.auth.ScopeInterceptor;
import org.courseport.server.auth.SecretHasher;
import org.courseport.server.domain.tenant.ApiKey;
import org.courseport.server.domain.tenant.Scopes;
import org.courseport.server.grpc.GrpcFixtures;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.courseport.transcoding.allure.AllureDialect;
import org.courseport.transcoding.canvas.CanvasDialect;
import org.courseport.transcoding.core.Dialect;
import org.courseport.transcoding.core.Dialects;
import org.courseport.transcoding.learningstudio.LearningStudioDialect;
import org.courseport.transcoding.lessons.LessonsDialect;
import org.courseport.transcoding.scormcloud.ScormCloudDialect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12's security proof, through the real servers: EVERY RPC (over the gRPC port) and EVERY
 * REST route (each transcoded binding and each hand-written route) without credentials, with wrong
 * credentials, with a revoked key, with a key holding every scope but the one needed, and with a
 * key holding only that one; plus another tenant's key on representative resources of every
 * service. Each refusal is checked in its dialect's body. Signed URLs are in SignedUrlRefusalTest.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SecurityMatrixTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension()
          .with("COURSEPORT_FETCH_ALLOW", "127.0.0.1:9")
          .with("COURSEPORT_WEBHOOK_PLAIN_HTTP_HOSTS", "127.0.0.1");

  /** The dialects in the front's order (RestFront.DIALECTS): which one owns a path. */
  static final Dialects DIALECTS =
      Dialects.of(
          List.of(
              ScormCloudDialect.INSTANCE,
              AllureDialect.INSTANCE,
              LessonsDialect.INSTANCE,
              CanvasDialect.INSTANCE,
              LearningStudioDialect.INSTANCE));

  static final MethodScopes TABLE = MethodScopes.table();
  static final Map<String, String> LACKING = new ConcurrentHashMap<>();
  static final Map<String, String> HOLDING = new ConcurrentHashMap<>();
  static String revoked;
  static ManagedChannel channel;

  @BeforeAll
  static void keys() {
    channel = server.channel();
    Set<String> every = new LinkedHashSet<>();
    for (String action : Scopes.ACTIONS) {
      for (String area : Scopes.AREAS) {
        every.add(action + ":" + area);
      }
    }
    every.add(Scopes.ADMIN);
    for (MethodScopes.Rule rule : TABLE.all().values()) {
      if (rule.open() || LACKING.containsKey(rule.scope())) {
        continue;
      }
      String required = rule.scope();
      Set<String> others = new LinkedHashSet<>(every);
      others.remove(required);
      // The bare actions that do not grant the required scope.
      for (String action : Scopes.ACTIONS) {
        if (!required.startsWith(action + ":")) {
          others.add(action);
        }
      }
      LACKING.put(required, key(others));
      HOLDING.put(required, key(Set.of(required)));
    }
    Set<String> all = new LinkedHashSet<>(every);
    all.addAll(Scopes.ACTIONS);
    revoked = key(all);
    String keyId = revoked.substring(0, revoked.indexOf(':'));
    assertThat(server.server().services().tenants().revokeKey(keyId, Instant.now())).isPresent();
  }

  /** A key of the default tenant holding {@code scopes}; {@code id:secret}. */
  static String key(Set<String> scopes) {
    String keyId = "k" + UUID.randomUUID().toString().replace("-", "");
    String secret = SecretHasher.generateSecret();
    server
        .server()
        .services()
        .tenants()
        .insertKey(
            new ApiKey(
                keyId,
                Bootstrap.DEFAULT_TENANT,
                server.server().services().hasher().hash(secret),
                Instant.now(),
                scopes));
    return keyId + ":" + secret;
  }

  static String bearer(String key) {
    return "Bearer " + key;
  }

  // ---------------------------------------------------------------- gRPC, every method

  record Outcome(Status status, Metadata trailers) {
    ErrorInfo info() {
      com.google.rpc.Status rich =
          StatusProto.fromStatusAndTrailers(status, trailers == null ? new Metadata() : trailers);
      if (rich == null || rich.getDetailsCount() == 0) {
        return null;
      }
      try {
        return rich.getDetails(0).unpack(ErrorInfo.class);
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }

    String reason() {
      ErrorInfo info = info();
      return info == null ? null : info.getReason();
    }
  }

  /** Calls any method with its request's default message, half-closed at once. */
  @SuppressWarnings("unchecked")
  static Outcome grpc(Channel ch, MethodDescriptor<?, ?> descriptor, String authorization) {
    MethodDescriptor<Object, Object> md = (MethodDescriptor<Object, Object>) descriptor;
    Object request =
        ((MethodDescriptor.PrototypeMarshaller<Object>) md.getRequestMarshaller())
            .getMessagePrototype();
    ClientCall<Object, Object> call =
        ch.newCall(md, CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS));
    CompletableFuture<Outcome> done = new CompletableFuture<>();
    Metadata headers = new Metadata();
    if (authorization != null) {
      headers.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
    }
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onClose(Status status, Metadata trailers) {
            done.complete(new Outcome(status, trailers));
          }
        },
        headers);
    call.request(Integer.MAX_VALUE);
    call.sendMessage(request);
    call.halfClose();
    try {
      return done.get(90, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException | TimeoutException e) {
      call.cancel("test timeout", e);
      throw new AssertionError(descriptor.getFullMethodName() + " did not end", e);
    }
  }

  static List<ServerMethodDefinition<?, ?>> methods() {
    List<ServerMethodDefinition<?, ?>> out = new ArrayList<>();
    for (ServerServiceDefinition def : BoundServices.of(server.server())) {
      out.addAll(def.getMethods());
    }
    out.sort(Comparator.comparing(m -> m.getMethodDescriptor().getFullMethodName()));
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everyRpc() {
    return methods().stream()
        .map(
            m ->
                DynamicTest.dynamicTest(
                    m.getMethodDescriptor().getFullMethodName(),
                    () -> checkRpc(m.getMethodDescriptor())));
  }

  private static void checkRpc(MethodDescriptor<?, ?> md) {
    String name = md.getFullMethodName();
    MethodScopes.Rule rule = TABLE.rule(name).orElseThrow(() -> new AssertionError("no entry"));
    if (rule.open()) {
      Outcome none = grpc(channel, md, null);
      assertThat(none.status().getCode())
          .as("%s without credentials", name)
          .isNotEqualTo(Status.Code.OK);
      return;
    }
    String required = rule.scope();
    for (String auth :
        new String[] {
          null,
          "Basic " + java.util.Base64.getEncoder().encodeToString("nobody:wrong".getBytes()),
          bearer(CourseportServerExtension.KEY.replace("test-secret", "wrong-secret")),
          bearer(revoked)
        }) {
      Outcome o = grpc(channel, md, auth);
      assertThat(o.status().getCode())
          .as("%s with %s: %s", name, auth == null ? "no credentials" : auth, o.status())
          .isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(o.reason()).isEqualTo("UNAUTHENTICATED");
    }
    Outcome lacking = grpc(channel, md, bearer(LACKING.get(required)));
    assertThat(lacking.status().getCode())
        .as("%s without %s: %s", name, required, lacking.status())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(lacking.reason()).isEqualTo(ScopeInterceptor.INSUFFICIENT_SCOPE);
    assertThat(lacking.status().getDescription()).contains("'" + required + "'");
    assertThat(lacking.info().getMetadataMap()).containsEntry("required_scope", required);
    Outcome holding = grpc(channel, md, bearer(HOLDING.get(required)));
    assertThat(holding.status().getCode())
        .as("%s with only %s passes the checks: %s", name, required, holding.status())
        .isNotEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(holding.reason())
        .as("%s with only %s: %s", name, required, holding.status())
        .isNotEqualTo(ScopeInterceptor.INSUFFICIENT_SCOPE);
  }

  // ---------------------------------------------------------------- REST, every route

  record Answer(int status, HttpResponse<byte[]> response, JsonNode json) {
    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    String text() {
      return new String(response.body(), StandardCharsets.UTF_8);
    }
  }

  static Answer http(RestRoutes.Route r, String authorization) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(server.http() + r.path()))
              .timeout(Duration.ofSeconds(90))
              .method(
                  r.method(),
                  r.body() == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(r.body()));
      if (r.contentType() != null) {
        b.header("Content-Type", r.contentType());
      }
      if (authorization != null) {
        b.header("Authorization", authorization);
      }
      HttpResponse<byte[]> resp = HTTP.send(b.build(), BodyHandlers.ofByteArray());
      JsonNode json;
      try {
        json = resp.body().length == 0 ? JSON.nullNode() : JSON.readTree(resp.body());
      } catch (IOException e) {
        json = JSON.nullNode();
      }
      return new Answer(resp.statusCode(), resp, json);
    } catch (IOException e) {
      throw new AssertionError(r + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyRestRoute() {
    return RestRoutes.all(BoundServices.of(server.server())).stream()
        .map(r -> DynamicTest.dynamicTest(r.toString(), () -> checkRoute(r)));
  }

  private static String dialectName(String path) {
    String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    Dialect d = DIALECTS.dialectOf(p);
    if (d == null) {
      return "aip";
    }
    return d.getClass().getSimpleName();
  }

  private static void checkRoute(RestRoutes.Route r) {
    MethodScopes.Rule rule = TABLE.rule(r.rpc()).orElseThrow(() -> new AssertionError("no entry"));
    String dialect = dialectName(r.path());
    if (rule.open()) {
      Answer a = http(r, null);
      assertThat(a.status()).as("%s without credentials: %s", r, a.text()).isBetween(400, 499);
      return;
    }
    String required = rule.scope();
    for (String auth : new String[] {null, bearer("nobody:wrong"), bearer(revoked)}) {
      Answer a = http(r, auth);
      assertThat(a.status())
          .as("%s with %s: %s", r, auth == null ? "no credentials" : "bad/revoked key", a.text())
          .isEqualTo(401);
      unauthorizedBody(dialect, a);
    }
    Answer lacking = http(r, bearer(LACKING.get(required)));
    assertThat(lacking.status())
        .as("%s without %s: %s", r, required, lacking.text())
        .isEqualTo(403);
    assertThat(lacking.header("x-courseport-reason"))
        .isEqualTo(ScopeInterceptor.INSUFFICIENT_SCOPE);
    forbiddenBody(dialect, lacking, required);
    Answer holding = http(r, bearer(HOLDING.get(required)));
    assertThat(holding.status())
        .as("%s with only %s: %s", r, required, holding.text())
        .isNotEqualTo(401);
    assertThat(holding.header("x-courseport-reason"))
        .as("%s with only %s: %s", r, required, holding.text())
        .isNotEqualTo(ScopeInterceptor.INSUFFICIENT_SCOPE);
  }

  /** The 401 body of each dialect, exactly as documented. */
  static void unauthorizedBody(String dialect, Answer a) {
    JsonNode j = a.json();
    switch (dialect) {
      case "ScormCloudDialect" ->
          assertThat(j.toString()).isEqualTo("{\"error\":\"Authorization Required.\"}");
      case "AllureDialect" -> {
        assertThat(j.path("error").asText()).as(a.text()).isEqualTo("Unauthorized");
        assertThat(j.path("code").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(j.path("message").asText()).isNotBlank();
      }
      case "LessonsDialect" -> {
        assertThat(j.path("error").asText()).as(a.text()).isEqualTo("Authentication Error");
        assertThat(j.path("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(j.path("message").asText()).isEqualTo("User authentication is required");
        assertThat(j.path("timestamp").asText()).isNotBlank();
      }
      case "CanvasDialect" ->
          assertThat(j.toString())
              .isEqualTo("{\"errors\":[{\"message\":\"Invalid access token.\"}]}");
      case "LearningStudioDialect" -> {
        assertThat(j.path("code").asText()).as(a.text()).isEqualTo("INVALID_API_KEY");
        assertThat(j.size()).isEqualTo(2);
      }
      default -> {
        assertThat(j.path("error").path("code").asInt()).as(a.text()).isEqualTo(401);
        assertThat(j.path("error").path("status").asText()).isEqualTo("UNAUTHENTICATED");
      }
    }
  }

  /** The 403 body of each dialect, naming the missing scope. */
  static void forbiddenBody(String dialect, Answer a, String required) {
    JsonNode j = a.json();
    String named = "'" + required + "'";
    switch (dialect) {
      case "ScormCloudDialect" -> {
        assertThat(j.size()).as(a.text()).isEqualTo(1);
        assertThat(j.path("message").asText()).contains(named);
      }
      case "AllureDialect" -> {
        assertThat(j.path("error").asText()).as(a.text()).isEqualTo("Forbidden");
        assertThat(j.path("code").asText()).isEqualTo(ScopeInterceptor.INSUFFICIENT_SCOPE);
        assertThat(j.path("message").asText()).contains(named);
      }
      case "LessonsDialect" -> {
        assertThat(j.path("error").asText()).as(a.text()).isEqualTo("Forbidden");
        assertThat(j.path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(j.path("message").asText()).contains(named);
        assertThat(j.path("timestamp").asText()).isNotBlank();
      }
      case "CanvasDialect" ->
          assertThat(j.path("errors").path(0).path("message").asText())
              .as(a.text())
              .contains(named);
      case "LearningStudioDialect" -> {
        assertThat(j.path("code").asText()).as(a.text()).isEqualTo("FORBIDDEN");
        assertThat(j.path("message").asText()).contains(named);
        assertThat(j.size()).isEqualTo(2);
      }
      default -> {
        assertThat(j.path("error").path("code").asInt()).as(a.text()).isEqualTo(403);
        assertThat(j.path("error").path("status").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(j.path("error").path("message").asText()).contains(named);
      }
    }
  }

  // ---------------------------------------------------------------- another tenant's key

  static Answer call(String method, String path, String key, String type, byte[] body) {
    return http(new RestRoutes.Route(method, path, path, type, body, "-", false), bearer(key));
  }

  static Answer json(String method, String path, String key, String body) {
    return call(
        method,
        path,
        key,
        body == null ? null : "application/json",
        body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anotherTenantsKey_findsNothingOfTheTenant() {
    String owner = CourseportServerExtension.KEY;
    String other = server.newTenant();
    String marker = "XT-SECRET-" + UUID.randomUUID();
    String courseId = "xt-" + UUID.randomUUID();
    GrpcFixtures.importCourse(server, owner, courseId, TestPackages.scorm12(marker));

    Answer lesson = json("POST", "/api/lessons", owner, "{\"title\":\"" + marker + "\"}");
    assertThat(lesson.status()).as(lesson.text()).isEqualTo(201);
    String lessonId = lesson.json().get("id").asText();

    Answer hook =
        json(
            "POST",
            "/api/v1/webhooks",
            owner,
            "{\"url\":\"http://127.0.0.1:9/"
                + marker
                + "\",\"events\":[\"package.processing.completed\"]}");
    assertThat(hook.status()).as(hook.text()).isBetween(200, 201);
    String hookId = hook.json().path("id").asText(hook.json().path("webhook").path("id").asText());
    assertThat(hookId).isNotBlank();

    Answer media =
        call(
            "POST",
            "/api/v1/media",
            owner,
            "multipart/form-data; boundary=scopes-boundary",
            RestRoutes.multipart(
                "file",
                marker + ".png",
                "image/png",
                org.courseport.server.media.MediaSamples.png(512, 7)));
    assertThat(media.status()).as(media.text()).isBetween(200, 201);
    String mediaId = media.json().path("id").asText();

    List<String[]> reads =
        List.of(
            new String[] {"GET", "/api/v2/courses/" + courseId},
            new String[] {"GET", "/api/v2/courses/" + courseId + "/versions"},
            new String[] {"GET", "/api/v2/courses/" + courseId + "/tags"},
            new String[] {"GET", "/api/v2/courses/" + courseId + "/zip"},
            new String[] {"GET", "/api/v1/packages/" + courseId},
            new String[] {"POST", "/api/v1/courses/" + courseId + "/export"},
            new String[] {"GET", "/api/lessons/" + lessonId},
            new String[] {"GET", "/api/v1/webhooks/" + hookId},
            new String[] {"GET", "/api/v1/media/" + mediaId},
            new String[] {"GET", "/api/v1/media/" + mediaId + "/content"},
            new String[] {"DELETE", "/api/v2/courses/" + courseId},
            new String[] {"DELETE", "/api/lessons/" + lessonId},
            new String[] {"DELETE", "/api/v1/webhooks/" + hookId},
            new String[] {"DELETE", "/api/v1/media/" + mediaId});
    for (String[] r : reads) {
      Answer a = json(r[0], r[1], other, r[0].equals("POST") ? "{}" : null);
      assertThat(a.status())
          .as("%s %s with another tenant's key: %s", r[0], r[1], a.text())
          .isEqualTo(404);
      assertThat(a.text()).as("%s %s", r[0], r[1]).doesNotContain(marker);
    }
    // gRPC, too; and the owner still has everything the other tenant tried to delete.
    StatusRuntimeException e =
        GrpcFixtures.assertFails(
            () ->
                server
                    .blocking(other)
                    .getCourse(GetCourseRequest.newBuilder().setCourseId(courseId).build()),
            Status.Code.NOT_FOUND,
            "COURSE_NOT_FOUND");
    assertThat(e.getMessage()).doesNotContain(marker);
    assertThat(json("GET", "/api/v2/courses/" + courseId, owner, null).status()).isEqualTo(200);
    assertThat(json("GET", "/api/lessons/" + lessonId, owner, null).status()).isEqualTo(200);
    assertThat(json("GET", "/api/v1/webhooks/" + hookId, owner, null).status()).isEqualTo(200);
    assertThat(json("GET", "/api/v1/media/" + mediaId, owner, null).status()).isEqualTo(200);
  }
}
