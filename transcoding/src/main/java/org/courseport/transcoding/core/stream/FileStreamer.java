package org.courseport.transcoding.core.stream;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.common.annotation.Nullable;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import org.courseport.api.v1.FileChunk;
import org.courseport.api.v1.FileInfo;
import org.courseport.transcoding.core.ErrorRenderer;
import org.courseport.transcoding.core.RpcError;

/**
 * Writes a server-streamed file ({@code FileChunk}s: {@code info} first, then {@code data}) to an
 * HTTP response, asking the call for the next message only when the previous bytes have been
 * consumed by the HTTP connection, so that the file is never held in memory.
 *
 * @param <ReqT> the request type of the streaming call
 */
public final class FileStreamer<ReqT> implements ClientResponseObserver<ReqT, FileChunk> {

  private final HttpResponseWriter writer;
  private final ErrorRenderer renderer;
  @Nullable private final ByteRange range;
  private volatile ClientCallStreamObserver<ReqT> call;
  private boolean headersSent; // gRPC delivers callbacks of one call serially.

  /** Streams the whole file with 200. */
  public FileStreamer(HttpResponseWriter writer, ErrorRenderer renderer) {
    this(writer, renderer, null);
  }

  /** Streams a file with 200, or with 206 when {@code range} (which the call reads) is set. */
  public FileStreamer(
      HttpResponseWriter writer, ErrorRenderer renderer, @Nullable ByteRange range) {
    this.writer = writer;
    this.renderer = renderer;
    this.range = range;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<ReqT> requestStream) {
    call = requestStream;
    requestStream.disableAutoRequestWithInitial(1);
    writer
        .whenComplete()
        .exceptionally(
            cause -> {
              requestStream.cancel("HTTP response closed", cause);
              return null;
            });
  }

  @Override
  public void onNext(FileChunk chunk) {
    switch (chunk.getPayloadCase()) {
      case INFO -> {
        sendHeaders(chunk.getInfo());
        call.request(1);
      }
      case DATA -> {
        sendHeaders(FileInfo.newBuilder().setSize(-1).build());
        if (!writer.tryWrite(HttpData.wrap(chunk.getData().toByteArray()))) {
          call.cancel("HTTP response closed", null);
          return;
        }
        writer.whenConsumed().thenRun(() -> call.request(1));
      }
      default -> call.request(1);
    }
  }

  @Override
  public void onError(Throwable cause) {
    if (headersSent) {
      writer.close(cause); // Too late for an error status: abort so the client sees truncation.
      return;
    }
    headersSent = true;
    AggregatedHttpResponse error = renderer.renderFailedCall(RpcError.fromThrowable(cause));
    if (writer.tryWrite(error.headers())) {
      writer.tryWrite(error.content());
    }
    writer.close();
  }

  @Override
  public void onCompleted() {
    sendHeaders(FileInfo.newBuilder().setSize(0).build());
    writer.close();
  }

  private void sendHeaders(FileInfo info) {
    if (headersSent) {
      return;
    }
    headersSent = true;
    writer.tryWrite(headers(info, range));
  }

  /**
   * The response headers of a file: 200 (206 with {@code Content-Range} for a range), its type,
   * length, {@code Accept-Ranges} when its size is known, its {@code ETag} and attachment name.
   */
  public static ResponseHeaders headers(FileInfo info, @Nullable ByteRange range) {
    ResponseHeadersBuilder headers =
        ResponseHeaders.builder(range == null ? HttpStatus.OK : HttpStatus.PARTIAL_CONTENT)
            .contentType(mediaType(info.getContentType()));
    if (range != null) {
      headers.contentLength(range.length());
      headers.set(HttpHeaderNames.CONTENT_RANGE, range.contentRange());
    } else if (info.getSize() >= 0) {
      headers.contentLength(info.getSize());
    }
    if (info.getSize() >= 0) {
      headers.set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
    }
    if (!info.getEtag().isEmpty()) {
      headers.set(HttpHeaderNames.ETAG, etag(info));
    }
    if (!info.getFileName().isEmpty()) {
      headers.set(HttpHeaderNames.CONTENT_DISPOSITION, AttachmentHeader.of(info.getFileName()));
    }
    return headers.build();
  }

  /** The quoted entity tag of a file, e.g. {@code "abc"}. */
  public static String etag(FileInfo info) {
    return '"' + info.getEtag().replace("\"", "") + '"';
  }

  private static MediaType mediaType(String contentType) {
    try {
      return contentType.isBlank() ? MediaType.OCTET_STREAM : MediaType.parse(contentType);
    } catch (IllegalArgumentException e) {
      return MediaType.OCTET_STREAM;
    }
  }
}
