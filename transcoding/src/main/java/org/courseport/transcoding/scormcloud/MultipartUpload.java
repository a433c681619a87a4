package org.courseport.transcoding.scormcloud;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.common.multipart.BodyPart;
import com.linecorp.armeria.common.multipart.Multipart;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.courseport.api.v1.CourseServiceGrpc.CourseServiceStub;
import org.courseport.api.v1.CreateUploadAndImportCourseJobRequest;
import org.courseport.api.v1.MediaFileMetadata;
import org.courseport.api.v1.StringResult;
import org.courseport.api.v1.UploadMetadata;
import org.courseport.transcoding.core.RouteContext;
import org.courseport.transcoding.core.stream.ChunkSender;
import org.courseport.transcoding.core.stream.UploadResponse;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Reads a {@code multipart/form-data} upload part by part: small fields ({@code contentMetadata})
 * are aggregated, the {@code file} part starts the upload call and is streamed into it by a {@link
 * ChunkSender}. The call is half-closed only when the whole form is read.
 */
final class MultipartUpload implements Subscriber<BodyPart> {

  static final String FILE_PART = "file";
  static final String CONTENT_METADATA_PART = "contentMetadata";
  private static final Pattern SIZE = Pattern.compile(";\\s*size=\"?(\\d{1,19})\"?");
  private static final int MAX_FIELD_BYTES = 1024 * 1024;

  private final ServiceRequestContext ctx;
  private final CourseServiceStub stub;
  private final UploadMetadata.Builder metadata;
  private final RouteContext options;
  private final UploadResponse response;
  private volatile Subscription parts;
  private volatile ChunkSender<CreateUploadAndImportCourseJobRequest, StringResult> sender;
  private CompletableFuture<Void> pendingField = CompletableFuture.completedFuture(null);
  private boolean contentMetadataAfterFile;

  MultipartUpload(
      ServiceRequestContext ctx,
      CourseServiceStub stub,
      UploadMetadata.Builder metadata,
      RouteContext options) {
    this.ctx = ctx;
    this.stub = stub;
    this.metadata = metadata;
    this.options = options;
    this.response = new UploadResponse(ScormCloudErrorRenderer.INSTANCE);
  }

  /** Starts reading the form; the response completes when the call answers or anything fails. */
  HttpResponse start(Multipart multipart) {
    response.onDone(this::stopReading);
    ctx.whenRequestCancelling().thenRun(() -> ctx.eventLoop().execute(() -> cancel("client gone")));
    multipart.bodyParts().subscribe(this, ctx.eventLoop());
    return response.toHttpResponse();
  }

  @Override
  public void onSubscribe(Subscription subscription) {
    parts = subscription;
    subscription.request(1);
  }

  @Override
  public void onNext(BodyPart part) {
    if (response.isDone()) {
      part.content().abort();
      return;
    }
    if (FILE_PART.equals(part.name()) && sender == null) {
      startFile(part);
      parts.request(1); // Delivered once the file part is fully read.
      return;
    }
    String name = part.name();
    pendingField =
        readField(part).thenAccept(value -> onField(name, value)).exceptionally(this::failForm);
    pendingField.thenRun(() -> parts.request(1));
  }

  @Override
  public void onError(Throwable cause) {
    failForm(cause);
  }

  @Override
  public void onComplete() {
    // The form may end before the file part's last bytes reach the sender: wait for both.
    ChunkSender<?, ?> chunks = sender;
    CompletableFuture<Void> file =
        chunks == null ? CompletableFuture.completedFuture(null) : chunks.whenContentRead();
    CompletableFuture.allOf(pendingField, file)
        .whenCompleteAsync((ignored, cause) -> finish(), ctx.eventLoop());
  }

  private void startFile(BodyPart part) {
    Long size = declaredSize(part.headers());
    if (size != null && size > options.maxUploadBytes()) {
      response.fail(
          HttpStatus.REQUEST_ENTITY_TOO_LARGE,
          "The file exceeds the upload limit of " + options.maxUploadBytes() + " bytes.");
      return;
    }
    if (size != null) {
      metadata.setSize(size);
    }
    if (part.filename() != null) {
      metadata.setFileName(part.filename());
    }
    ChunkSender<CreateUploadAndImportCourseJobRequest, StringResult> chunks =
        ChunkSender.forImport(options.uploadChunkBytes(), options.maxUploadBytes(), response);
    sender = chunks;
    stub.createUploadAndImportCourseJob(chunks.resultObserver());
    chunks.send(ChunkSender.metadataMessage(metadata.build()));
    part.content().subscribe(chunks, ctx.eventLoop());
  }

  /** Reads a small form field, failing rather than buffering more than {@link #MAX_FIELD_BYTES}. */
  private CompletableFuture<String> readField(BodyPart part) {
    AtomicLong seen = new AtomicLong();
    return part.content()
        .peek(
            data -> {
              if (seen.addAndGet(data.length()) > MAX_FIELD_BYTES) {
                throw new IllegalArgumentException("The part '" + part.name() + "' is too large.");
              }
            })
        .collect(ctx.eventLoop())
        .thenApply(
            pieces -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              pieces.forEach(data -> out.writeBytes(data.array()));
              return out.toString(StandardCharsets.UTF_8);
            });
  }

  private void onField(@Nullable String name, String value) {
    if (!CONTENT_METADATA_PART.equals(name) || value.isBlank()) {
      return; // Unknown fields are ignored, as unknown JSON fields are.
    }
    MediaFileMetadata.Builder content = MediaFileMetadata.newBuilder();
    try {
      JsonFormat.parser().ignoringUnknownFields().merge(value, content);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          "Invalid JSON in the part 'contentMetadata': " + e.getMessage(), e);
    }
    metadata.setContentMetadata(content);
    contentMetadataAfterFile = sender != null;
  }

  private void finish() {
    ChunkSender<CreateUploadAndImportCourseJobRequest, StringResult> chunks = sender;
    if (response.isDone()) {
      return;
    }
    if (chunks == null) {
      response.fail(HttpStatus.BAD_REQUEST, "Missing the required multipart part 'file'.");
      return;
    }
    chunks.finish(contentMetadataAfterFile ? ChunkSender.metadataMessage(metadata.build()) : null);
  }

  private Void failForm(Throwable cause) {
    Throwable root = cause instanceof CompletionException ? cause.getCause() : cause;
    String message =
        root instanceof IllegalArgumentException
            ? root.getMessage()
            : "Malformed multipart/form-data body: " + root.getMessage();
    response.fail(HttpStatus.BAD_REQUEST, message);
    cancel("bad form");
    return null;
  }

  private void cancel(String why) {
    ChunkSender<?, ?> chunks = sender;
    if (chunks != null) {
      chunks.cancel(why);
    }
    stopReading();
  }

  private void stopReading() {
    Subscription subscription = parts;
    if (subscription != null) {
      subscription.cancel();
    }
    ChunkSender<?, ?> chunks = sender;
    if (chunks != null) {
      chunks.stopReading();
    }
  }

  /**
   * The {@code size=} parameter the official Java client puts in the part's Content-Disposition.
   */
  @Nullable
  static Long declaredSize(HttpHeaders headers) {
    String disposition = headers.get(HttpHeaderNames.CONTENT_DISPOSITION);
    Matcher matcher = disposition == null ? null : SIZE.matcher(disposition);
    return matcher != null && matcher.find() ? Long.valueOf(matcher.group(1)) : null;
  }
}
