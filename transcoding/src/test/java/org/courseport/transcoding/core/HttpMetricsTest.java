package org.courseport.transcoding.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.metric.MeterIdPrefix;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpMetricsTest {

  private static final Dialect SCORM = new PrefixDialect("/api/v2");
  private static final Dialect OTHER = new PrefixDialect("/api/other");

  private final HttpMetrics.CachedPrefixes prefixes =
      new HttpMetrics.CachedPrefixes(Dialects.of(List.of(SCORM, OTHER)));

  @Test
  void prefix_isBuiltOncePerCombination_andEqualsTheTagsOfAFreshOne() {
    MeterIdPrefix first =
        prefixes.prefix(ctx("/api/v2/courses/{id}", "/api/v2/courses/a"), HttpMethod.GET, 200);
    MeterIdPrefix second =
        prefixes.prefix(ctx("/api/v2/courses/{id}", "/api/v2/courses/b"), HttpMethod.GET, 200);

    assertThat(second).isSameAs(first);
    assertThat(first)
        .isEqualTo(
            new MeterIdPrefix(
                HttpMetrics.NAME,
                "route",
                "/api/v2/courses/:id",
                "dialect",
                "prefix",
                "method",
                "GET",
                "status",
                "200"));
  }

  @Test
  void prefix_doesNotShareBetweenRoutesMethodsStatusesOrDialects() {
    MeterIdPrefix course =
        prefixes.prefix(ctx("/api/v2/courses/{id}", "/api/v2/courses/a"), HttpMethod.GET, 200);
    MeterIdPrefix tags =
        prefixes.prefix(
            ctx("/api/v2/courses/{id}/tags", "/api/v2/courses/a/tags"), HttpMethod.GET, 200);
    MeterIdPrefix put =
        prefixes.prefix(ctx("/api/v2/courses/{id}", "/api/v2/courses/a"), HttpMethod.PUT, 200);
    MeterIdPrefix notFound =
        prefixes.prefix(ctx("/api/v2/courses/{id}", "/api/v2/courses/a"), HttpMethod.GET, 404);
    MeterIdPrefix active =
        prefixes.prefix(ctx("/api/v2/courses/{id}", "/api/v2/courses/a"), HttpMethod.GET, -1);
    MeterIdPrefix noDialect = prefixes.prefix(ctx("/{p}", "/healthz"), HttpMethod.GET, 200);
    MeterIdPrefix scormCatchAll = prefixes.prefix(ctx("/{p}", "/api/v2"), HttpMethod.GET, 200);

    assertThat(List.of(course, tags, put, notFound, active, noDialect, scormCatchAll))
        .doesNotHaveDuplicates();
    assertThat(tags.tags().toString()).contains("/api/v2/courses/:id/tags");
    assertThat(put.tags().toString()).contains("method", "PUT");
    assertThat(notFound.tags().toString()).contains("404");
    assertThat(active.tags()).noneMatch(t -> t.getKey().equals("status"));
    assertThat(noDialect.tags()).anyMatch(t -> t.getValue().equals(HttpMetrics.NO_DIALECT));
    assertThat(scormCatchAll.tags()).anyMatch(t -> t.getValue().equals("prefix"));
  }

  @Test
  void dialectTag_isTheClassNameWithoutDialect_lowerCase() {
    assertThat(HttpMetrics.dialectTag(SCORM)).isEqualTo("prefix");
  }

  @Test
  void owns_thePrefixAndPathsBelowIt_only() {
    assertThat(SCORM.owns("/api/v2")).isTrue();
    assertThat(SCORM.owns("/api/v2/courses/a")).isTrue();
    assertThat(SCORM.owns("/api/v2x")).isFalse();
    assertThat(SCORM.owns("/api/v")).isFalse();
    assertThat(SCORM.owns("/api")).isFalse();
  }

  private static ServiceRequestContext ctx(String pattern, String path) {
    return ServiceRequestContext.builder(HttpRequest.of(HttpMethod.GET, path))
        .route(Route.builder().path(pattern).build())
        .build();
  }

  /** A dialect owning one prefix; its metrics tag is "prefix". */
  private record PrefixDialect(String pathPrefix) implements Dialect {

    @Override
    public ErrorRenderer errorRenderer() {
      return AipErrorRenderer.INSTANCE;
    }

    @Override
    public org.courseport.transcoding.core.json.JsonNaming jsonNaming() {
      return org.courseport.transcoding.core.json.JsonNaming.LOWER_CAMEL;
    }

    @Override
    public java.util.Set<String> transcodedServices() {
      return java.util.Set.of();
    }

    @Override
    public void addRoutes(com.linecorp.armeria.server.ServerBuilder sb, RouteContext context) {}
  }
}
