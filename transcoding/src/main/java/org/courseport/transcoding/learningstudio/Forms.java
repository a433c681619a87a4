package org.courseport.transcoding.learningstudio;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.server.HttpStatusException;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.courseport.api.v1.MediaAttribution;
import org.courseport.transcoding.core.HttpStatusMapping;
import org.courseport.transcoding.core.RpcError;

/** Small pieces the LearningStudio upload routes share. */
final class Forms {

  private Forms() {}

  /** Refuses a request that is not {@code multipart/form-data} with a boundary. */
  static void requireMultipart(@Nullable MediaType type, String expected) {
    if (type == null || !type.is(MediaType.MULTIPART_FORM_DATA)) {
      throw HttpStatusException.of(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          new IllegalArgumentException("The request body must be " + expected + "."));
    }
    String boundary =
        type.parameters().getOrDefault("boundary", List.of()).stream().findFirst().orElse("");
    if (boundary.isBlank()) {
      throw new IllegalArgumentException(
          "The multipart/form-data Content-Type has no boundary parameter.");
    }
  }

  /** The attribution JSON of a form part; IllegalArgumentException naming the part if invalid. */
  static MediaAttribution attribution(String json) {
    if (!json.strip().startsWith("{")) {
      throw new IllegalArgumentException(
          "Invalid JSON in the part 'attribution': expected an object {\"text\", \"url\","
              + " \"portfolioUrl\"}.");
    }
    MediaAttribution.Builder attribution = MediaAttribution.newBuilder();
    try {
      JsonFormat.parser().ignoringUnknownFields().merge(json, attribution);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          "Invalid JSON in the part 'attribution': " + problem(e), e);
    }
    return attribution.build();
  }

  /** What is wrong with a JSON text, without exception class names. */
  static String problem(InvalidProtocolBufferException e) {
    String message = e.getMessage() == null ? "malformed JSON" : e.getMessage();
    return message.replaceAll("(?:[a-zA-Z_$][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error): ", "");
  }

  /** An error response of this dialect. */
  static HttpResponse error(HttpStatus status, String message) {
    return LearningStudioErrorRenderer.INSTANCE
        .render(status, RpcError.of(HttpStatusMapping.toCode(status), message))
        .toHttpResponse();
  }

  /** An observer completing {@code future} with a unary call's one response. */
  static <T> StreamObserver<T> into(CompletableFuture<T> future) {
    return new StreamObserver<>() {
      private T value;

      @Override
      public void onNext(T v) {
        value = v;
      }

      @Override
      public void onError(Throwable t) {
        future.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        future.complete(value);
      }
    };
  }
}
