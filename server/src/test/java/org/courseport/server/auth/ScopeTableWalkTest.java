package org.courseport.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServiceConfig;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.courseport.server.BoundServices;
import org.courseport.server.rest.RestRoutes;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.transcoding.RestFront;
import org.courseport.transcoding.RestFrontOptions;
import org.courseport.transcoding.core.MethodNotAllowed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Walks every method of every service a real server binds, and every route of its REST front,
 * against {@link MethodScopes}: each must have an entry, and the table must name nothing else. Also
 * keeps docs/scopes.md equal to the table.
 */
class ScopeTableWalkTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  static final Path DOC = Path.of("..", "docs", "scopes.md");

  private static List<ServerServiceDefinition> bound() {
    return BoundServices.of(server.server());
  }

  private static Set<String> boundMethods() {
    Set<String> names = new TreeSet<>();
    for (ServerServiceDefinition def : bound()) {
      for (ServerMethodDefinition<?, ?> m : def.getMethods()) {
        names.add(m.getMethodDescriptor().getFullMethodName());
      }
    }
    return names;
  }

  @Test
  void everyBoundMethod_hasAnEntry() {
    Set<String> missing = new TreeSet<>(boundMethods());
    missing.removeAll(MethodScopes.table().all().keySet());
    assertThat(missing).as("methods without a scope entry in MethodScopes").isEmpty();
    assertThat(boundMethods()).hasSizeGreaterThan(80);
  }

  @Test
  void theTable_namesNoMethodThatIsNotBound() {
    Set<String> extra = new TreeSet<>(MethodScopes.table().all().keySet());
    extra.removeAll(boundMethods());
    if (!protoExists("org.courseport.api.v1.AdminServiceGrpc")) {
      // AdminService's contract is written in parallel (issue 12): until its proto is in the
      // build its entries wait; once it is, they must be bound like every other.
      extra.removeIf(m -> m.startsWith("courseport.v1.AdminService/"));
    }
    assertThat(extra).as("table entries naming no bound method").isEmpty();
  }

  private static boolean protoExists(String generatedClass) {
    try {
      Class.forName(generatedClass);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  @Test
  void everyRestRoute_endsInAMethodWithAnEntry() {
    List<RestRoutes.Route> routes = RestRoutes.all(bound());
    for (RestRoutes.Route r : routes) {
      assertThat(MethodScopes.table().rule(r.rpc())).as(r.toString()).isPresent();
    }
    // Every route the front actually mounts is one of those, a gRPC path, or a non-API route.
    Set<String> known = new LinkedHashSet<>();
    for (RestRoutes.Route r : routes) {
      known.add(r.method() + " " + RestRoutes.shape(r.pattern()));
    }
    var sb = Server.builder().http(0);
    RestFront.configure(sb, bound(), server.inProcessChannel(), RestFrontOptions.defaults());
    Server front = sb.build();
    List<String> unexplained = new ArrayList<>();
    List<String> all = new ArrayList<>();
    Set<String> mounted = new LinkedHashSet<>();
    try {
      for (ServiceConfig config : front.serviceConfigs()) {
        String pattern = config.route().patternString();
        all.add(config.route().methods() + " " + pattern);
        if (pattern.startsWith("/courseport.v1.")) {
          // the gRPC protocol itself on the HTTP port: the method is in the path
          String method = pattern.substring(1);
          if (!method.endsWith("/") && !method.endsWith("*")) {
            assertThat(MethodScopes.table().rule(method)).as(pattern).isPresent();
          }
          continue;
        }
        if (pattern.equals("/healthz") || pattern.startsWith("/docs") || isRefusalOnly(config)) {
          continue;
        }
        String shape = RestRoutes.shape(pattern);
        for (HttpMethod m : config.route().methods()) {
          if (m == HttpMethod.HEAD || m == HttpMethod.OPTIONS) {
            continue;
          }
          mounted.add(m + " " + shape);
          if (!known.contains(m + " " + shape)) {
            unexplained.add(m + " " + pattern + " (" + shape + ")");
          }
        }
      }
    } finally {
      front.close();
    }
    assertThat(unexplained)
        .as(
            "mounted routes that are neither a transcoded binding nor a listed hand-written route;"
                + " all routes:\n"
                + String.join("\n", all))
        .isEmpty();
    // ... and every listed route is mounted: the list is not stale.
    Set<String> notMounted = new TreeSet<>(known);
    notMounted.removeAll(mounted);
    assertThat(notMounted).as("listed routes the front does not mount").isEmpty();
    assertThat(mounted).hasSizeGreaterThan(60);
  }

  /** The 405 answers of the upload paths: every method but the route's own, nothing runs. */
  private static boolean isRefusalOnly(ServiceConfig config) {
    return config.service().as(MethodNotAllowed.class) != null;
  }

  @Test
  void docsScopesMd_isTheTable() throws IOException {
    String expected = ScopesDoc.render(MethodScopes.table());
    if (Boolean.getBoolean("scopes.doc.write")) {
      Files.writeString(DOC, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(DOC)).as(DOC.toAbsolutePath() + " exists").isTrue();
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as("docs/scopes.md is stale: run this test with -Dscopes.doc.write=true and commit it")
        .isEqualTo(expected);
  }

  /** The table as markdown. */
  static final class ScopesDoc {
    static String render(MethodScopes table) {
      StringBuilder out = new StringBuilder();
      out.append(HEAD);
      String service = null;
      for (Map.Entry<String, MethodScopes.Rule> e : table.all().entrySet()) {
        String[] parts = e.getKey().split("/");
        String s = parts[0].substring("courseport.v1.".length());
        if (!s.equals(service)) {
          service = s;
          out.append("\n### ").append(s).append("\n\n| method | requires |\n|---|---|\n");
        }
        MethodScopes.Rule rule = e.getValue();
        out.append("| `")
            .append(parts[1])
            .append("` | ")
            .append(rule.open() ? "OPEN: " + rule.openReason() : "`" + rule.scope() + "`")
            .append(" |\n");
      }
      return out.toString();
    }

    private static final String HEAD =
        """
        # Scopes

        Every API key holds scopes; every RPC requires one, declared in one table
        (`server/src/main/java/org/courseport/server/auth/MethodScopes.java`) and enforced by one
        gRPC interceptor (`ScopeInterceptor`, right after authentication). The REST routes of every
        dialect reach the same RPCs through the in-process channel, so they pass the same check.
        This page is generated from the table; `ScopeTableWalkTest` fails when it is stale.

        ## The vocabulary

        - `read`, `write`, `delete` alone grant the action on every area.
        - `action:area` grants the action on one area: `read:course`, `write:course`,
          `delete:course` (SCORM Cloud's course service: courses, versions, tags, configuration,
          files, preview, xAPI statements), `…:package` (the Allure package API: uploads,
          processing, versions, launches), `…:export` (lesson, LearningStudio and Canvas exports,
          downloads, sharing), `…:content` (lessons, media, widgets, authoring), `…:webhook`
          (webhook endpoints and the delivery log).
        - `admin` grants the operator's AdminService (tenants, keys, quotas, plans) and nothing else.

        A key created without scopes, and every key stored before scopes existed, holds
        `read`, `write` and `delete`. Reads need `read`, creates, updates, imports and uploads
        need `write`, deletions need `delete`.

        ## Refusals

        | case | gRPC | REST |
        |---|---|---|
        | no, wrong or revoked credentials | `UNAUTHENTICATED`, reason `UNAUTHENTICATED` | 401 in the dialect's body |
        | the key lacks the scope | `PERMISSION_DENIED`, reason `INSUFFICIENT_SCOPE`, metadata `required_scope`; the message names the scope | 403 in the dialect's body, with the same message; header `x-courseport-reason: INSUFFICIENT_SCOPE` |
        | a method missing from the table | `PERMISSION_DENIED`, reason `METHOD_SCOPE_UNDECLARED` (and an error in the log) | 403 |

        The 403 body of each dialect: SCORM Cloud `{"message"}`, Allure `{"error": "Forbidden",
        "code": "INSUFFICIENT_SCOPE", "message"}`, LearningStudio `{"message", "code":
        "FORBIDDEN"}`, Canvas `{"errors": [{"message"}]}`, lessons `{"error": "Forbidden",
        "message", "code": "FORBIDDEN", "timestamp"}`, `/api/admin` AIP-193 `{"error": {"code":
        403, "status": "PERMISSION_DENIED", "message", "details"}}`.

        OPEN methods run without an API key because they check a capability of their own (a
        signed URL, a download token, the operator's `COURSEPORT_ADMIN_TOKEN`); each refuses a
        missing, tampered or expired capability itself.

        ## The table
        """;
  }
}
