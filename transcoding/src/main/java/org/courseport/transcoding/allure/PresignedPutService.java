package org.courseport.transcoding.allure;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.stream.SubscriptionOption;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import org.courseport.api.v1.PackageServiceGrpc;
import org.courseport.api.v1.PutUploadBytesRequest;
import org.courseport.api.v1.PutUploadBytesResponse;
import org.courseport.api.v1.UploadTicket;
import org.courseport.transcoding.core.RouteContext;
import org.courseport.transcoding.core.stream.ChunkSender;

/**
 * {@code PUT /api/v1/packages/uploads/{upload_id}?tenant=&expires=&size=&kid=&sig=}: the target of
 * a presigned upload URL. The body is streamed, never buffered, into {@code PutUploadBytes}, which
 * checks the signature, expiry, single use, required header and exact size. No API key is needed:
 * the signed URL is the capability.
 */
final class PresignedPutService implements HttpService {

  /**
   * The least chunk size a part PUT streams into the RPC: 256 KiB, four times the default. A 5 MiB
   * part then goes in 20 messages instead of 80, each one a hand-over from the event loop to a gRPC
   * thread and back ({@code isReady}), and one file write and digest update on the other side;
   * those per-message costs were a quarter of the part path's CPU with 64 KiB chunks. Still below
   * half a G1 region of a 1 MiB-region heap, so each chunk is an ordinary (not humongous) array.
   */
  static final int PART_CHUNK_BYTES = 256 * 1024;

  private final RouteContext context;
  private final boolean part;

  /**
   * With {@code part}, the route is {@code PUT
   * /api/v1/packages/multipart/{upload_id}/parts/{part_number}?tenant=&expires=&kid=&sig=}: one
   * part of a multipart upload, of any size, answered with the part's MD5 as {@code ETag}.
   */
  PresignedPutService(RouteContext context, boolean part) {
    this.context = context;
    this.part = part;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    UploadTicket ticket = part ? partTicket(ctx, req) : ticket(ctx, req);
    String length = req.headers().get(HttpHeaderNames.CONTENT_LENGTH);
    PutAnswer answer = new PutAnswer();
    if (!part && length != null && !length.trim().equals(Long.toString(ticket.getSize()))) {
      req.abort();
      answer.fail(
          HttpStatus.BAD_REQUEST,
          "BODY_SIZE_MISMATCH",
          "Content-Length is "
              + length.trim()
              + " but the URL was signed for "
              + ticket.getSize()
              + " bytes.");
      return answer.toHttpResponse();
    }
    ChunkSender<PutUploadBytesRequest, PutUploadBytesResponse> sender =
        new ChunkSender<>(
            part
                ? Math.max(context.uploadChunkBytes(), PART_CHUNK_BYTES)
                : context.uploadChunkBytes(),
            part ? Long.MAX_VALUE : ticket.getSize(),
            chunk -> PutUploadBytesRequest.newBuilder().setChunk(chunk).build(),
            answer);
    answer.onDone(() -> ctx.eventLoop().execute(() -> sender.cancel("answered")));
    PackageServiceGrpc.newStub(context.channel()).putUploadBytes(sender.resultObserver());
    sender.send(PutUploadBytesRequest.newBuilder().setTicket(ticket).build());
    // The body is all there is to send: half-close the call once it is read.
    sender.whenContentRead().thenRun(() -> sender.finish(null));
    // Pooled: each piece is copied once, from the network buffer into the chunk (ChunkSender).
    req.filter(HttpData.class::isInstance)
        .map(HttpData.class::cast)
        .subscribe(sender, ctx.eventLoop(), SubscriptionOption.WITH_POOLED_OBJECTS);
    return answer.toHttpResponse();
  }

  private static UploadTicket ticket(ServiceRequestContext ctx, HttpRequest req) {
    String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
    return UploadTicket.newBuilder()
        .setUploadId(ctx.pathParam("upload_id"))
        .setTenantId(required(ctx, "tenant"))
        .setExpires(number(ctx, "expires"))
        .setSize(number(ctx, "size"))
        .setKeyId(required(ctx, "kid"))
        .setSignature(required(ctx, "sig"))
        .setContentType(type == null ? "" : type)
        .build();
  }

  private static UploadTicket partTicket(ServiceRequestContext ctx, HttpRequest req) {
    String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
    int partNumber;
    try {
      partNumber = Integer.parseInt(ctx.pathParam("part_number"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("The part number in the URL is not a number.");
    }
    if (partNumber < 1) {
      throw new IllegalArgumentException("The part number in the URL must be at least 1.");
    }
    return UploadTicket.newBuilder()
        .setUploadId(ctx.pathParam("upload_id"))
        .setPartNumber(partNumber)
        .setTenantId(required(ctx, "tenant"))
        .setExpires(number(ctx, "expires"))
        .setKeyId(required(ctx, "kid"))
        .setSignature(required(ctx, "sig"))
        .setContentType(type == null ? "" : type)
        .build();
  }

  private static String required(ServiceRequestContext ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(
          "The upload URL lacks its signed parameter '"
              + name
              + "'; use the URL exactly as minted.");
    }
    return value;
  }

  private static long number(ServiceRequestContext ctx, String name) {
    try {
      return Long.parseLong(required(ctx, name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "The upload URL's parameter '" + name + "' is not a number.");
    }
  }
}
