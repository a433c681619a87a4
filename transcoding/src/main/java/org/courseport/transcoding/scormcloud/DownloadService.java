package org.courseport.transcoding.scormcloud;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Channel;
import io.grpc.Status.Code;
import io.grpc.stub.StreamObserver;
import org.courseport.api.v1.CourseServiceGrpc;
import org.courseport.api.v1.CourseServiceGrpc.CourseServiceStub;
import org.courseport.api.v1.FileChunk;
import org.courseport.api.v1.FileInfo;
import org.courseport.api.v1.GetCourseAssetRequest;
import org.courseport.api.v1.GetCourseZipRequest;
import org.courseport.transcoding.core.RpcError;
import org.courseport.transcoding.core.stream.ByteRange;
import org.courseport.transcoding.core.stream.FileInfoReader;
import org.courseport.transcoding.core.stream.FileStreamer;
import org.courseport.transcoding.core.stream.ForwardedHeaders;

/**
 * {@code GET|HEAD /api/v2/courses/{courseId}[/versions/{versionId}]/zip} and {@code .../asset
 * ?relativePath=}: stream the server-streaming {@code GetCourseZip} / {@code GetCourseAsset} RPC to
 * the HTTP response, with {@code ETag} and {@code Accept-Ranges}. HEAD and a single {@code Range}
 * first read the file's info (a call with {@code limit = 0}); a range is then read with {@code
 * offset}/{@code limit} and answered 206, or 416 when the file is shorter.
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
    Call call =
        new Call(
            CourseServiceGrpc.newStub(ForwardedHeaders.attach(channel, req.headers())),
            courseId,
            version,
            relativePath);
    HttpResponseWriter writer = HttpResponse.streaming();
    boolean head = req.method() == HttpMethod.HEAD;
    ByteRange.Request range =
        head ? null : ByteRange.Request.parse(req.headers().get(HttpHeaderNames.RANGE));
    if (!head && range == null) {
      call.read(0, null, new FileStreamer<>(writer, ScormCloudErrorRenderer.INSTANCE));
      return writer;
    }
    FileInfoReader reader = new FileInfoReader();
    call.read(0, 0L, reader);
    String ifRange = req.headers().get(HttpHeaderNames.IF_RANGE);
    reader
        .info()
        .whenComplete(
            (info, cause) -> {
              if (cause != null) {
                write(
                    writer,
                    ScormCloudErrorRenderer.INSTANCE.renderFailedCall(
                        RpcError.fromThrowable(cause)));
              } else if (head) {
                writer.tryWrite(FileStreamer.headers(info, null));
                writer.close();
              } else if (info.getSize() < 0
                  || (ifRange != null && !ifRange.equals(FileStreamer.etag(info)))) {
                call.read(0, null, new FileStreamer<>(writer, ScormCloudErrorRenderer.INSTANCE));
              } else {
                ByteRange resolved = range.resolve(info.getSize());
                if (resolved == null) {
                  write(writer, unsatisfiable(info));
                } else {
                  call.read(
                      resolved.start(),
                      resolved.length(),
                      new FileStreamer<>(writer, ScormCloudErrorRenderer.INSTANCE, resolved));
                }
              }
            });
    return writer;
  }

  private static AggregatedHttpResponse unsatisfiable(FileInfo info) {
    AggregatedHttpResponse res =
        ScormCloudErrorRenderer.INSTANCE.render(
            HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
            RpcError.of(
                Code.OUT_OF_RANGE,
                "The requested range is not satisfiable: the file has "
                    + info.getSize()
                    + " bytes."));
    return AggregatedHttpResponse.of(
        res.headers().toBuilder()
            .set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + info.getSize())
            .build(),
        res.content());
  }

  private static void write(HttpResponseWriter writer, AggregatedHttpResponse res) {
    if (writer.tryWrite(res.headers())) {
      writer.tryWrite(res.content());
    }
    writer.close();
  }

  /** One course file, read whole or by window. */
  private record Call(
      CourseServiceStub stub,
      String courseId,
      @Nullable Integer version,
      @Nullable String relativePath) {

    void read(long offset, @Nullable Long limit, StreamObserver<FileChunk> observer) {
      if (relativePath == null) {
        GetCourseZipRequest.Builder request =
            GetCourseZipRequest.newBuilder().setCourseId(courseId);
        if (version != null) {
          request.setVersionId(version);
        }
        if (offset > 0) {
          request.setOffset(offset);
        }
        if (limit != null) {
          request.setLimit(limit);
        }
        stub.getCourseZip(request.build(), observer);
      } else {
        GetCourseAssetRequest.Builder request =
            GetCourseAssetRequest.newBuilder().setCourseId(courseId).setRelativePath(relativePath);
        if (version != null) {
          request.setVersionId(version);
        }
        if (offset > 0) {
          request.setOffset(offset);
        }
        if (limit != null) {
          request.setLimit(limit);
        }
        stub.getCourseAsset(request.build(), observer);
      }
    }
  }

  @Nullable
  private static Integer version(@Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Invalid value for path parameter 'versionId': '"
              + value
              + "' (expected a 32-bit integer).");
    }
  }
}
