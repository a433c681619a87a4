package org.courseport.transcoding.scormcloud;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Channel;
import org.courseport.api.v1.CourseServiceGrpc;
import org.courseport.api.v1.CourseServiceGrpc.CourseServiceStub;
import org.courseport.api.v1.GetCourseAssetRequest;
import org.courseport.api.v1.GetCourseZipRequest;
import org.courseport.transcoding.core.ErrorRenderer;
import org.courseport.transcoding.core.stream.FileStreamer;
import org.courseport.transcoding.core.stream.ForwardedHeaders;

/**
 * {@code GET /api/v2/courses/{courseId}[/versions/{versionId}]/zip} and {@code .../asset
 * ?relativePath=}: stream the server-streaming {@code GetCourseZip} / {@code GetCourseAsset} RPC
 * to the HTTP response.
 */
final class DownloadService implements HttpService {

  /** What a route downloads. */
  enum Target {
    ZIP,
    ASSET
  }

  private final Channel channel;
  private final Target target;

  DownloadService(Channel channel, Target target) {
    this.channel = channel;
    this.target = target;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    String courseId = ctx.pathParam("courseId");
    Integer version = version(ctx.pathParam("versionId"));
    String relativePath = ctx.queryParam("relativePath");
    if (target == Target.ASSET && (relativePath == null || relativePath.isEmpty())) {
      throw new IllegalArgumentException("Missing the required query parameter 'relativePath'.");
    }
    HttpResponseWriter writer = HttpResponse.streaming();
    CourseServiceStub stub =
        CourseServiceGrpc.newStub(ForwardedHeaders.attach(channel, req.headers()));
    if (target == Target.ZIP) {
      GetCourseZipRequest.Builder request = GetCourseZipRequest.newBuilder().setCourseId(courseId);
      if (version != null) {
        request.setVersionId(version);
      }
      stub.getCourseZip(request.build(), new FileStreamer<>(writer, renderer(ctx)));
    } else {
      GetCourseAssetRequest.Builder request =
          GetCourseAssetRequest.newBuilder().setCourseId(courseId).setRelativePath(relativePath);
      if (version != null) {
        request.setVersionId(version);
      }
      stub.getCourseAsset(request.build(), new FileStreamer<>(writer, renderer(ctx)));
    }
    return writer;
  }

  private static ErrorRenderer renderer(ServiceRequestContext ctx) {
    return ScormCloudErrorRenderer.INSTANCE;
  }

  @Nullable
  private static Integer version(@Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid value for path parameter 'versionId': '" + value
          + "' (expected a 32-bit integer).");
    }
  }
}
