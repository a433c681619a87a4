package org.courseport.transcoding.canvas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.grpc.Status.Code;
import org.courseport.transcoding.core.RpcError;
import org.courseport.transcoding.learningstudio.LearningStudioDialect;
import org.junit.jupiter.api.Test;

/** Which paths the Canvas dialect owns next to LearningStudio's, and its error body. */
class CanvasDialectTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void owns_contentExportsGroupsUsersProgressAndDownloads_leavesLearningStudioItsCourses() {
    CanvasDialect canvas = CanvasDialect.INSTANCE;
    assertThat(canvas.owns("/api/v1/courses/c1/content_exports")).isTrue();
    assertThat(canvas.owns("/api/v1/courses/c1/content_exports/7")).isTrue();
    assertThat(canvas.owns("/api/v1/accounts/1/content_exports")).isTrue();
    assertThat(canvas.owns("/api/v1/groups")).isTrue();
    assertThat(canvas.owns("/api/v1/groups/3/courses")).isTrue();
    assertThat(canvas.owns("/api/v1/users/self")).isTrue();
    assertThat(canvas.owns("/api/v1/progress/4")).isTrue();
    assertThat(canvas.owns("/files/abc/download")).isTrue();
    assertThat(canvas.owns("/api/v1/courses/c1/export")).isFalse();
    assertThat(canvas.owns("/api/v1/courses")).isFalse();
    assertThat(canvas.owns("/api/v1/groupsx")).isFalse();
    assertThat(canvas.owns("/api/v1/packages")).isFalse();

    LearningStudioDialect ls = LearningStudioDialect.INSTANCE;
    assertThat(ls.owns("/api/v1/courses/c1/content_exports")).isFalse();
    assertThat(ls.owns("/api/v1/courses/c1/content_exports/7")).isFalse();
    assertThat(ls.owns("/api/v1/courses/c1/export")).isTrue();
    assertThat(ls.owns("/api/v1/courses")).isTrue();
  }

  @Test
  void errors_areCanvasShaped_withCanvasStatuses_andNoInternals() throws Exception {
    AggregatedHttpResponse bad =
        CanvasErrorRenderer.INSTANCE.render(RpcError.of(Code.INVALID_ARGUMENT, "export_type bad"));
    assertThat(bad.status().code()).isEqualTo(400);
    JsonNode body = JSON.readTree(bad.contentUtf8());
    assertThat(body.toString()).isEqualTo("{\"errors\":[{\"message\":\"export_type bad\"}]}");

    AggregatedHttpResponse internal =
        CanvasErrorRenderer.INSTANCE.render(
            RpcError.of(Code.INTERNAL, "NullPointerException at x"));
    assertThat(internal.status().code()).isEqualTo(500);
    assertThat(internal.contentUtf8())
        .isEqualTo("{\"errors\":[{\"message\":\"An error occurred.\"}]}");

    AggregatedHttpResponse unauthenticated =
        CanvasErrorRenderer.INSTANCE.render(RpcError.of(Code.UNAUTHENTICATED, null));
    assertThat(unauthenticated.status().code()).isEqualTo(401);
    assertThat(unauthenticated.headers().get("www-authenticate")).startsWith("Bearer");
    assertThat(
            CanvasErrorRenderer.INSTANCE
                .render(RpcError.of(Code.PERMISSION_DENIED, "no"))
                .status()
                .code())
        .isEqualTo(403);
    assertThat(
            CanvasErrorRenderer.INSTANCE.render(RpcError.of(Code.NOT_FOUND, "no")).status().code())
        .isEqualTo(404);
  }
}
