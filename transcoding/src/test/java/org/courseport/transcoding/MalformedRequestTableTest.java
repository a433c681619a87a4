package org.courseport.transcoding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.linecorp.armeria.server.ServiceConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.courseport.api.v1.CourseServiceProto;
import org.courseport.api.v1.ExportServiceProto;
import org.courseport.api.v1.LessonServiceProto;
import org.courseport.api.v1.MediaServiceProto;
import org.courseport.api.v1.PackageServiceProto;
import org.courseport.transcoding.allure.AllureDialect;
import org.courseport.transcoding.canvas.CanvasDialect;
import org.courseport.transcoding.core.Dialect;
import org.courseport.transcoding.learningstudio.LearningStudioDialect;
import org.courseport.transcoding.lessons.LessonsDialect;
import org.courseport.transcoding.scormcloud.ScormCloudDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed request in {@link #MALFORMATIONS} against every REST route of every dialect: each
 * answer has the expected status, a JSON content type and the dialect's error body, and no RPC
 * runs. Transcoded routes are read from the {@code google.api.http} options of the services each
 * dialect owns; hand-written routes are listed in {@link #HAND_WRITTEN}. A new dialect adds an
 * entry to {@link #BODY_SHAPES} and its hand-written routes; a new malformation adds one row.
 */
class MalformedRequestTableTest {

  @RegisterExtension static final FrontExtension front = new FrontExtension();

  /** The error body each dialect documents. */
  private static final Map<Dialect, Consumer<JsonNode>> BODY_SHAPES =
      Map.of(
          ScormCloudDialect.INSTANCE,
          body -> {
            assertThat(body.isObject()).as("%s", body).isTrue();
            assertThat(body.size()).as("only 'message' in %s", body).isEqualTo(1);
            assertThat(body.path("message").isTextual()).as("%s", body).isTrue();
            assertThat(body.path("message").asText())
                .isNotBlank()
                .doesNotContain("maxContentLength", "Exception", "\tat ");
          },
          AllureDialect.INSTANCE,
          body -> {
            assertThat(body.isObject()).as("%s", body).isTrue();
            assertThat(body.size()).as("error, code, message in %s", body).isEqualTo(3);
            assertThat(body.path("error").asText()).as("%s", body).isNotBlank();
            assertThat(body.path("code").asText()).as("%s", body).matches("[A-Z0-9_]+");
            assertThat(body.path("message").asText())
                .isNotBlank()
                .doesNotContain("maxContentLength", "Exception", "\tat ");
          },
          LessonsDialect.INSTANCE,
          body -> {
            assertThat(body.isObject()).as("%s", body).isTrue();
            assertThat(body.size()).as("error, message, code, timestamp in %s", body).isEqualTo(4);
            assertThat(body.path("error").asText()).as("%s", body).isNotBlank();
            assertThat(body.path("code").asText()).as("%s", body).matches("[A-Z0-9_]+");
            assertThat(body.path("timestamp").asText())
                .as("%s", body)
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
          },
          CanvasDialect.INSTANCE,
          body -> {
            assertThat(body.isObject()).as("%s", body).isTrue();
            assertThat(body.size()).as("only 'errors' in %s", body).isEqualTo(1);
            assertThat(body.path("errors").isArray()).as("%s", body).isTrue();
            assertThat(body.path("errors").size()).as("%s", body).isEqualTo(1);
            JsonNode error = body.path("errors").get(0);
            assertThat(error.size()).as("only 'message' in %s", body).isEqualTo(1);
            assertThat(error.path("message").asText())
                .isNotBlank()
                .doesNotContain("maxContentLength", "Exception", "\tat ");
          },
          LearningStudioDialect.INSTANCE,
          body -> {
            assertThat(body.isObject()).as("%s", body).isTrue();
            assertThat(body.size()).as("message, code in %s", body).isEqualTo(2);
            assertThat(body.path("code").asText()).as("%s", body).matches("[A-Z_]+");
            assertThat(body.path("message").asText())
                .isNotBlank()
                .doesNotContain("maxContentLength", "Exception", "\tat ");
          });

  /** Routes a dialect writes by hand (method, path template), next to its transcoded ones. */
  private static final Map<Dialect, List<Route>> HAND_WRITTEN =
      Map.of(
          ScormCloudDialect.INSTANCE,
          List.of(
              new Route("POST", "/api/v2/courses/importJobs/upload", Body.MULTIPART),
              new Route("GET", "/api/v2/courses/{courseId}/zip", Body.NONE),
              new Route("GET", "/api/v2/courses/{courseId}/versions/{versionId}/zip", Body.NONE),
              new Route("GET", "/api/v2/courses/{courseId}/asset", Body.NONE),
              new Route("GET", "/api/v2/courses/{courseId}/versions/{versionId}/asset", Body.NONE)),
          AllureDialect.INSTANCE,
          List.of(
              new Route("PUT", "/api/v1/packages/uploads/{upload_id}", Body.NONE),
              new Route(
                  "PUT", "/api/v1/packages/multipart/{upload_id}/parts/{part_number}", Body.NONE)),
          LessonsDialect.INSTANCE,
          List.of(
              new Route(
                  "GET", "/api/lessons/{lessonId}/versions/{versionId}/export-zip", Body.NONE),
              new Route(
                  "GET", "/api/lessons/{lessonId}/versions/{versionId}/export-manifest", Body.NONE),
              new Route(
                  "GET",
                  "/api/lessons/{lessonId}/versions/{versionId}/export-files/:*path",
                  Body.NONE),
              new Route("POST", "/api/lessons/import", Body.NONE)),
          // The download route /files/{token}/download is outside /api (Armeria's own errors for
          // malformed requests there); its Canvas errors are tested in the server's
          // ContentExportRestTest. Canvas's transcoded routes come from SHARED_BY_PATH.
          CanvasDialect.INSTANCE,
          List.of(),
          LearningStudioDialect.INSTANCE,
          List.of(
              new Route("POST", "/api/v1/media", Body.MULTIPART_OR_JSON),
              new Route("GET", "/api/v1/media/{mediaId}/content", Body.NONE),
              new Route("POST", "/api/v1/widgets", Body.MULTIPART)));

  /** The services whose google.api.http routes the dialects may own. */
  private static final List<ServiceDescriptor> SERVICES =
      List.of(
          CourseServiceProto.getDescriptor().findServiceByName("CourseService"),
          PackageServiceProto.getDescriptor().findServiceByName("PackageService"),
          LessonServiceProto.getDescriptor().findServiceByName("LessonService"),
          MediaServiceProto.getDescriptor().findServiceByName("MediaService"),
          ExportServiceProto.getDescriptor().findServiceByName("ExportService"));

  /**
   * Services split between dialects by path (ExportService: LearningStudio's course export and
   * Canvas's content exports): each route belongs to the dialect owning its path.
   */
  private static final List<ServiceDescriptor> SHARED_BY_PATH =
      List.of(ExportServiceProto.getDescriptor().findServiceByName("ExportService"));

  /** The sample id of lesson routes, whose ids are UUIDs. */
  private static final String LESSON_SAMPLE_ID = "550e8400-e29b-41d4-a716-446655440000";

  private static final String PAD = "a".repeat(5000);

  /** The malformed requests: name, which routes it applies to, how to build it, the status. */
  private static final List<Malformation> MALFORMATIONS =
      List.of(
          new Malformation(
              "'..' path segment",
              r -> true,
              r -> r.request(r.method, insertSegment(r.samplePath(), "x/.."), "", ""),
              400),
          new Malformation(
              "NUL in the path",
              r -> true,
              r -> r.request(r.method, r.samplePath() + "%00", "", ""),
              400),
          new Malformation(
              "NUL in the query",
              r -> true,
              r -> r.request(r.method, r.samplePath() + "?relativePath=a%00b", "", ""),
              400),
          new Malformation(
              "URI over the limit",
              r -> true,
              r -> r.request(r.method, r.samplePath() + "?pad=" + PAD, "", ""),
              414),
          new Malformation(
              "header fields over the limit",
              r -> true,
              r -> r.request(r.method, r.samplePath(), "X-Pad: " + PAD + PAD + "\r\n", ""),
              431),
          new Malformation(
              "method the route does not have",
              r -> true,
              r -> r.request(r.unusedMethod(), r.samplePath(), "", ""),
              405),
          new Malformation(
              "non-UUID lesson id",
              r -> r.template.startsWith("/api/lessons/{"),
              r -> r.request(r.method, r.samplePath().replace(LESSON_SAMPLE_ID, "c1"), "", ""),
              400),
          new Malformation(
              "non-integer versionId",
              r -> r.template.contains("{version") && !r.template.startsWith("/api/lessons"),
              r ->
                  r.request(
                      r.method, r.samplePath().replace("/versions/0", "/versions/abc"), "", ""),
              400),
          new Malformation(
              "malformed JSON body",
              r -> r.body == Body.JSON || r.body == Body.MULTIPART_OR_JSON,
              r ->
                  r.request(
                      r.method, r.samplePath(), "Content-Type: application/json\r\n", "{\"a\":"),
              400),
          new Malformation(
              "JSON body that is not an object",
              r -> r.body == Body.JSON || r.body == Body.MULTIPART_OR_JSON,
              r -> r.request(r.method, r.samplePath(), "Content-Type: application/json\r\n", "[1]"),
              400),
          new Malformation(
              "body over the limit (declared)",
              r -> r.body == Body.JSON || r.body == Body.MULTIPART_OR_JSON,
              r ->
                  r.request(
                      r.method,
                      r.samplePath(),
                      "Content-Type: application/json\r\nContent-Length: 11534336\r\n",
                      null),
              413),
          new Malformation(
              "multipart without boundary",
              r -> r.body == Body.MULTIPART || r.body == Body.MULTIPART_OR_JSON,
              r ->
                  r.request(
                      r.method,
                      r.samplePath() + "?courseId=c1",
                      "Content-Type: multipart/form-data\r\n",
                      "--x--\r\n"),
              400),
          new Malformation(
              "neither multipart nor JSON",
              r -> r.body == Body.MULTIPART_OR_JSON,
              r -> r.request(r.method, r.samplePath(), "Content-Type: text/plain\r\n", "a=b"),
              415),
          new Malformation(
              "not multipart",
              r -> r.body == Body.MULTIPART,
              r ->
                  r.request(
                      r.method,
                      r.samplePath() + "?courseId=c1",
                      "Content-Type: application/json\r\n",
                      "{}"),
              415));

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void malformedRequest_answersInTheDialectsErrorShape(
      String name, Dialect dialect, String request, int status) throws Exception {
    front.fake.requests.clear();

    String response = Http.raw(front.httpPort(), request, new byte[0]);

    assertThat(response).as(name).startsWith("HTTP/1.1 " + status + " ");
    assertThat(headerOf(response, "content-type")).as(name).startsWith("application/json");
    assertThat(response.toLowerCase()).as(name).doesNotContain("\r\ngrpc-");
    if (status == 405) {
      // RFC 9110 15.5.6: a 405 must name the methods the resource has, not the one refused.
      String sent = request.substring(0, request.indexOf(' '));
      assertThat(headerOf(response, "allow"))
          .as(name)
          .isNotBlank()
          .doesNotContainPattern("(^|, )" + sent + "(,|$)");
    }
    BODY_SHAPES.get(dialect).accept(Http.strictJson(Http.rawBody(response)));
    assertThat(front.fake.requests).as(name).isEmpty();
  }

  @Test
  void table_coversEveryDialectAndEveryRouteTheFrontServes() {
    assertThat(BODY_SHAPES.keySet()).containsExactlyInAnyOrderElementsOf(RestFront.DIALECTS);
    assertThat(HAND_WRITTEN.keySet()).containsExactlyInAnyOrderElementsOf(RestFront.DIALECTS);
    Set<String> served = new TreeSet<>();
    for (ServiceConfig config : front.server().serviceConfigs()) {
      String pattern = config.route().patternString();
      if (RestFront.DIALECTS.stream().anyMatch(d -> d.owns(pattern.replaceAll("/[:{].*$", "")))) {
        served.add(normalize(pattern));
      }
    }
    Set<String> tabled = new TreeSet<>();
    RestFront.DIALECTS.forEach(d -> routes(d).forEach(r -> tabled.add(normalize(r.template))));
    assertThat(served)
        .contains(
            "/api/v2/courses/importJobs/upload",
            normalize("/api/v2/courses/{course_id}/versions/{version_id}/configuration"),
            normalize("/api/v2/courses/{courseId}/versions/{versionId}/asset"));
    assertThat(tabled).containsAll(served);
    assertThat(served)
        .contains(
            normalize("/api/v1/courses/{course_id}/export"),
            normalize("/api/v1/courses/{course_id}/exports/{export_id}"));
  }

  static Stream<Object[]> rows() {
    List<Object[]> rows = new ArrayList<>();
    for (Dialect dialect : RestFront.DIALECTS) {
      for (Route route : routes(dialect)) {
        for (Malformation m : MALFORMATIONS) {
          if (m.applies.test(route)) {
            rows.add(
                new Object[] {
                  route.method + ' ' + route.template + ": " + m.name + " -> " + m.status,
                  m.refusedBeforeRouting() ? RestFront.DIALECTS.get(0) : dialect,
                  m.build.apply(route),
                  m.status
                });
          }
        }
      }
    }
    return rows.stream();
  }

  /** The transcoded routes of the dialect's services plus its hand-written ones. */
  static List<Route> routes(Dialect dialect) {
    List<Route> routes = new ArrayList<>(HAND_WRITTEN.get(dialect));
    for (ServiceDescriptor service : SHARED_BY_PATH) {
      for (MethodDescriptor method : service.getMethods()) {
        HttpRule rule = method.getOptions().getExtension(AnnotationsProto.http);
        Route route = Route.of(rule);
        if (route != null
            && RestFront.DIALECTS.stream()
                    .filter(d -> d.owns(route.template))
                    .findFirst()
                    .orElse(null)
                == dialect) {
          routes.add(route);
        }
      }
    }
    for (ServiceDescriptor service : SERVICES) {
      if (!dialect.transcodedServices().contains(service.getFullName())) {
        continue;
      }
      for (MethodDescriptor method : service.getMethods()) {
        HttpRule rule = method.getOptions().getExtension(AnnotationsProto.http);
        List<HttpRule> bindings = new ArrayList<>(rule.getAdditionalBindingsList());
        bindings.add(0, rule);
        for (HttpRule binding : bindings) {
          Route route = Route.of(binding);
          if (route != null && dialect.owns(route.template)) {
            routes.add(route);
          }
        }
      }
    }
    return routes;
  }

  private static String normalize(String template) {
    return template.replaceAll("\\{[^}]*}|:[A-Za-z0-9_]+", "{}");
  }

  private static String insertSegment(String path, String segment) {
    int cut = path.indexOf('/', "/api/v2/".length());
    return cut < 0
        ? path + '/' + segment
        : path.substring(0, cut) + '/' + segment + path.substring(cut);
  }

  private static String headerOf(String response, String name) {
    Matcher m = Pattern.compile("(?i)\r\n" + name + ":\\s*([^\r]*)").matcher(response);
    return m.find() ? m.group(1) : "";
  }

  enum Body {
    NONE,
    JSON,
    MULTIPART,
    /** A multipart form, or a JSON body (POST /api/v1/media: upload or external URL). */
    MULTIPART_OR_JSON
  }

  record Route(String method, String template, Body body) {

    static Route of(HttpRule rule) {
      Body body = rule.getBody().isEmpty() ? Body.NONE : Body.JSON;
      return switch (rule.getPatternCase()) {
        case GET -> new Route("GET", rule.getGet(), body);
        case PUT -> new Route("PUT", rule.getPut(), body);
        case POST -> new Route("POST", rule.getPost(), body);
        case DELETE -> new Route("DELETE", rule.getDelete(), body);
        case PATCH -> new Route("PATCH", rule.getPatch(), body);
        default -> null;
      };
    }

    /** PATCH, or else PUT or DELETE: a method no route matching the sample path has. */
    String unusedMethod() {
      String path = samplePath();
      for (String candidate : List.of("PATCH", "PUT", "DELETE")) {
        boolean served =
            RestFront.DIALECTS.stream()
                .flatMap(d -> routes(d).stream())
                .anyMatch(
                    r ->
                        r.method.equals(candidate)
                            && path.matches(r.template.replaceAll("\\{[^}]*}", "[^/]+")));
        if (!served) {
          return candidate;
        }
      }
      throw new IllegalStateException("every method is served on " + path);
    }

    /** The template with sample values: ids {@code c1}, versions {@code 0}. */
    String samplePath() {
      if (template.startsWith("/api/lessons")) {
        return template.replaceAll("\\{[^}]*}", LESSON_SAMPLE_ID);
      }
      return template
          .replaceAll("\\{version(_id|Id)}", "0")
          .replaceAll("\\{(group_id|export_id|progress_id)}", "1") // Canvas's integer ids
          .replaceAll("\\{[^}]*}", "c1");
    }

    /** A raw HTTP/1.1 request with good credentials; a null body sends no bytes at all. */
    String request(String method, String path, String headers, String body) {
      String content = body == null ? "" : body;
      String length =
          body == null || headers.contains("Content-Length")
              ? ""
              : "Content-Length: " + content.length() + "\r\n";
      return method
          + ' '
          + path
          + " HTTP/1.1\r\nHost: h\r\nAuthorization: "
          + FakeAuthInterceptor.GOOD
          + "\r\n"
          + headers
          + length
          + "\r\n"
          + content;
    }
  }

  record Malformation(
      String name, Predicate<Route> applies, Function<Route, String> build, int status) {

    /**
     * Whether the request line or header block itself is refused, before any path is parsed: no
     * dialect can be told apart, so the primary one answers (see PreRpcErrorHandler).
     */
    boolean refusedBeforeRouting() {
      return status == 414 || status == 431 || name.startsWith("'..'") || name.startsWith("NUL");
    }
  }
}
