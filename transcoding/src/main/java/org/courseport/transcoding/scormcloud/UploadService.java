package org.courseport.transcoding.scormcloud;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Channel;
import org.courseport.api.v1.CourseServiceGrpc;
import org.courseport.api.v1.UploadMetadata;
import org.courseport.transcoding.core.MultipartBodies;
import org.courseport.transcoding.core.RouteContext;
import org.courseport.transcoding.core.stream.ForwardedHeaders;

/**
 * {@code POST /api/v2/courses/importJobs/upload?courseId=&mayCreateNewVersion=&postbackUrl=}: a
 * multipart form with part {@code file} (and optional {@code contentMetadata}), streamed into the
 * client-streaming {@code CreateUploadAndImportCourseJob} RPC; answers {@code {"result": jobId}}.
 */
final class UploadService implements HttpService {

  /** Header naming the MIME type of the upload (SCORM Cloud's {@code uploadedContentType}). */
  static final String UPLOADED_CONTENT_TYPE = "uploadedContentType";

  private final RouteContext context;

  UploadService(RouteContext context) {
    this.context = context;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    UploadMetadata.Builder metadata = metadata(ctx, req);
    MediaType type = req.contentType();
    if (type == null || !type.is(MediaType.MULTIPART_FORM_DATA)) {
      throw HttpStatusException.of(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          new IllegalArgumentException("The request must be multipart/form-data."));
    }
    String boundary =
        type.parameters().getOrDefault("boundary", java.util.List.of()).stream()
            .findFirst()
            .orElse("");
    if (boundary.isBlank()) {
      throw new IllegalArgumentException(
          "The multipart/form-data Content-Type has no boundary parameter.");
    }
    Channel authorized = ForwardedHeaders.attach(context.channel(), req.headers());
    MultipartUpload upload =
        new MultipartUpload(ctx, CourseServiceGrpc.newStub(authorized), metadata, context);
    return upload.start(MultipartBodies.from(req));
  }

  private static UploadMetadata.Builder metadata(ServiceRequestContext ctx, HttpRequest req) {
    String courseId = ctx.queryParam("courseId");
    if (courseId == null || courseId.isBlank()) {
      throw new IllegalArgumentException("Missing the required query parameter 'courseId'.");
    }
    UploadMetadata.Builder metadata = UploadMetadata.newBuilder().setCourseId(courseId);
    metadata.setMayCreateNewVersion(bool(ctx.queryParam("mayCreateNewVersion")));
    String postbackUrl = ctx.queryParam("postbackUrl");
    if (postbackUrl != null) {
      metadata.setPostbackUrl(postbackUrl);
    }
    String uploadedType = req.headers().get(UPLOADED_CONTENT_TYPE);
    if (uploadedType != null && !uploadedType.isBlank()) {
      metadata.setUploadedContentType(uploadedType.trim());
    }
    return metadata;
  }

  private static boolean bool(@Nullable String value) {
    if (value == null || value.equalsIgnoreCase("false")) {
      return false;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    throw new IllegalArgumentException(
        "Invalid value for query parameter 'mayCreateNewVersion': '"
            + value
            + "' (expected true or false).");
  }
}
