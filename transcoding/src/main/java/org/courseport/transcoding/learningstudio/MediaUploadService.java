package org.courseport.transcoding.learningstudio;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.common.multipart.BodyPart;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Channel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.courseport.api.v1.MediaAttribution;
import org.courseport.api.v1.MediaItem;
import org.courseport.api.v1.MediaServiceGrpc;
import org.courseport.api.v1.MediaServiceGrpc.MediaServiceStub;
import org.courseport.api.v1.RegisterExternalMediaRequest;
import org.courseport.api.v1.UploadMediaMetadata;
import org.courseport.api.v1.UploadMediaRequest;
import org.courseport.transcoding.core.MultipartBodies;
import org.courseport.transcoding.core.RouteContext;
import org.courseport.transcoding.core.RpcError;
import org.courseport.transcoding.core.json.ProtoJson;
import org.courseport.transcoding.core.stream.ForwardedHeaders;

/**
 * {@code POST /api/v1/media}: a multipart form with part {@code file} (streamed into {@code
 * UploadMedia}; the part's {@code Content-Type} is the declared type) and optional part {@code
 * attribution} (JSON {@code {"text","url","portfolioUrl"}}), or a JSON body {@code {"url",
 * "attribution", "mimeType"?}} registering external media. Answers 201 with the media item.
 */
final class MediaUploadService implements HttpService {

  static final String FILE_PART = "file";
  static final String ATTRIBUTION_PART = "attribution";

  /** Largest JSON body of an external media registration. */
  static final int MAX_JSON_BYTES = 64 * 1024;

  private final RouteContext context;

  MediaUploadService(RouteContext context) {
    this.context = context;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    MediaType type = req.contentType();
    Channel authorized = ForwardedHeaders.attach(context.channel(), req.headers());
    MediaServiceStub stub = MediaServiceGrpc.newStub(authorized);
    if (type != null && type.isJson()) {
      return registerExternal(ctx, req, stub);
    }
    Forms.requireMultipart(
        type, "multipart/form-data (a file) or application/json (an external URL)");
    return new MediaForm(ctx, context, stub).start(MultipartBodies.from(req));
  }

  private static HttpResponse registerExternal(
      ServiceRequestContext ctx, HttpRequest req, MediaServiceStub stub) {
    long declared = req.headers().getLong(HttpHeaderNames.CONTENT_LENGTH, -1L);
    if (declared > MAX_JSON_BYTES) {
      throw HttpStatusException.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
    }
    AtomicLong seen = new AtomicLong();
    CompletableFuture<HttpResponse> answer =
        req.peekData(
                data -> {
                  if (seen.addAndGet(data.length()) > MAX_JSON_BYTES) {
                    throw HttpStatusException.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
                  }
                })
            .aggregate()
            .thenCompose(
                body -> {
                  RegisterExternalMediaRequest.Builder request =
                      RegisterExternalMediaRequest.newBuilder();
                  String json = body.content(StandardCharsets.UTF_8);
                  if (!json.strip().startsWith("{")) {
                    throw new IllegalArgumentException(
                        "The JSON body must be an object {\"url\", \"attribution\"}.");
                  }
                  try {
                    JsonFormat.parser().ignoringUnknownFields().merge(json, request);
                  } catch (InvalidProtocolBufferException e) {
                    throw new IllegalArgumentException("Invalid JSON body: " + Forms.problem(e), e);
                  }
                  CompletableFuture<MediaItem> result = new CompletableFuture<>();
                  stub.registerExternalMedia(request.build(), Forms.into(result));
                  return result;
                })
            .handle(
                (item, cause) -> {
                  if (cause == null) {
                    return HttpResponse.of(
                        HttpStatus.CREATED, MediaType.JSON_UTF_8, ProtoJson.print(item));
                  }
                  Throwable root = cause instanceof CompletionException ? cause.getCause() : cause;
                  if (root instanceof HttpStatusException hse) {
                    return Forms.error(
                        hse.httpStatus(),
                        "The request body is too large (at most " + MAX_JSON_BYTES + " bytes).");
                  }
                  if (root instanceof IllegalArgumentException) {
                    return Forms.error(HttpStatus.BAD_REQUEST, root.getMessage());
                  }
                  return LearningStudioErrorRenderer.INSTANCE
                      .renderFailedCall(RpcError.fromThrowable(root))
                      .toHttpResponse();
                });
    return HttpResponse.of(answer);
  }

  /** The form of a media upload. */
  private static final class MediaForm extends StreamedForm<UploadMediaRequest, MediaItem> {
    private final MediaServiceStub stub;
    @Nullable private MediaAttribution attribution;

    MediaForm(ServiceRequestContext ctx, RouteContext options, MediaServiceStub stub) {
      super(ctx, options);
      this.stub = stub;
    }

    @Override
    boolean isStreamed(@Nullable String name) {
      return FILE_PART.equals(name);
    }

    @Override
    void onStreamedPart(BodyPart part) {
      if (started()) {
        throw new IllegalArgumentException("Only one part 'file' is allowed.");
      }
      UploadMediaMetadata.Builder metadata = UploadMediaMetadata.newBuilder();
      if (part.filename() != null) {
        metadata.setFilename(part.filename());
      }
      MediaType declared = part.headers().contentType();
      if (declared != null) {
        metadata.setDeclaredMimeType(declared.withoutParameters().toString());
      }
      if (attribution != null) {
        metadata.setAttribution(attribution);
      }
      call(
          chunk -> UploadMediaRequest.newBuilder().setChunk(chunk).build(),
          observer -> {
            stub.uploadMedia(observer);
            return null;
          });
      send(UploadMediaRequest.newBuilder().setMetadata(metadata).build());
      stream(part, chunk -> UploadMediaRequest.newBuilder().setChunk(chunk).build());
    }

    @Override
    void onField(@Nullable String name, String value) {
      if (!ATTRIBUTION_PART.equals(name) || value.isBlank()) {
        return; // Unknown fields are ignored, as unknown JSON fields are.
      }
      attribution = Forms.attribution(value);
      if (started()) {
        send(UploadMediaRequest.newBuilder().setAttribution(attribution).build());
      }
    }

    @Override
    void onFormEnd() {
      if (!started()) {
        fail(HttpStatus.BAD_REQUEST, "Missing the required multipart part 'file'.");
        return;
      }
      finishCall();
    }
  }
}
