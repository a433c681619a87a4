package org.courseport.server.contentexport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With {@code COURSEPORT_PUBLIC_BASE_URL} configured (a server behind a proxy), the Canvas URLs a
 * client follows are on that base, not on the host the request reached: the {@code Link} paging
 * header of the content export list, and {@code progress_url}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CanvasPublicBaseRestTest {
  static final String PUBLIC = "https://courses.example.org/cp";

  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension().with("COURSEPORT_PUBLIC_BASE_URL", PUBLIC + "/");

  @Test
  void linkHeaderAndProgressUrl_useTheConfiguredPublicBase() throws Exception {
    CanvasRealExportTest.importThroughScormCloud(
        server.http(), "behind-proxy", CanvasRealExportTest.scorm12Package());
    String path = server.http() + "/api/v1/courses/behind-proxy/content_exports";
    for (int i = 0; i < 2; i++) {
      JsonNode created =
          CanvasRealExportTest.json(
              CanvasRealExportTest.send(
                  "POST",
                  path,
                  "application/json",
                  "{\"export_type\":\"zip\"}".getBytes(StandardCharsets.UTF_8),
                  CanvasRealExportTest.BEARER),
              200);
      assertThat(created.get("progress_url").asText())
          .isEqualTo(PUBLIC + "/api/v1/progress/" + created.get("id").asInt());
    }
    HttpResponse<byte[]> page2 =
        CanvasRealExportTest.send(
            "GET", path + "?page=2&per_page=1", null, null, CanvasRealExportTest.BEARER);
    assertThat(page2.statusCode()).isEqualTo(200);
    assertThat(CanvasRealExportTest.JSON.readTree(page2.body())).hasSize(1);
    String link = page2.headers().firstValue("link").orElseThrow();
    String on = PUBLIC + "/api/v1/courses/behind-proxy/content_exports";
    assertThat(link)
        .isEqualTo(
            "<"
                + on
                + "?page=2&per_page=1>; rel=\"current\","
                + "<"
                + on
                + "?page=1&per_page=1>; rel=\"prev\","
                + "<"
                + on
                + "?page=1&per_page=1>; rel=\"first\","
                + "<"
                + on
                + "?page=2&per_page=1>; rel=\"last\"");
    // No public base in the JSON body: the front keeps only the array.
    assertThat(new String(page2.body(), StandardCharsets.UTF_8)).doesNotContain("public_base");
  }
}
