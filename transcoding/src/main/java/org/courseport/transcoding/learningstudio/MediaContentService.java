package org.courseport.transcoding.learningstudio;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Channel;
import org.courseport.api.v1.GetMediaContentRequest;
import org.courseport.api.v1.MediaServiceGrpc;
import org.courseport.transcoding.core.stream.FileStreamer;
import org.courseport.transcoding.core.stream.ForwardedHeaders;

/**
 * {@code GET /api/v1/media/{mediaId}/content}: the stored bytes of an uploaded media item, streamed
 * from the server-streaming {@code GetMediaContent} RPC with its type, length, SHA-256 entity tag
 * and file name; errors in the LearningStudio shape.
 */
final class MediaContentService implements HttpService {

  private final Channel channel;

  MediaContentService(Channel channel) {
    this.channel = channel;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    GetMediaContentRequest request =
        GetMediaContentRequest.newBuilder().setMediaId(ctx.pathParam("mediaId")).build();
    HttpResponseWriter writer = HttpResponse.streaming();
    MediaServiceGrpc.newStub(ForwardedHeaders.attach(channel, req.headers()))
        .getMediaContent(request, new FileStreamer<>(writer, LearningStudioErrorRenderer.INSTANCE));
    return writer;
  }
}
