package org.courseport.transcoding.core;

import com.google.protobuf.InvalidProtocolBufferException;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.common.grpc.GrpcExceptionHandlerFunction;
import io.grpc.Metadata;
import io.grpc.Status;

/**
 * Gives a message to requests whose JSON does not fit the request message (wrong types, bad enum
 * names): Armeria turns them into INVALID_ARGUMENT without a description. Everything else falls
 * through to Armeria's default mapping.
 */
final class BodyParseExceptionHandler implements GrpcExceptionHandlerFunction {

  @Nullable
  @Override
  public Status apply(RequestContext ctx, Status status, Throwable cause, Metadata metadata) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof InvalidProtocolBufferException) {
        return Status.INVALID_ARGUMENT
            .withDescription("Invalid request body: " + t.getMessage())
            .withCause(cause);
      }
    }
    return null;
  }
}
