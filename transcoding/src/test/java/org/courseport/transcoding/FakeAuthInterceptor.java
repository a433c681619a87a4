package org.courseport.transcoding;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test double of the auth interceptor: accepts only Basic app:secret and records what it saw; like
 * the real one, it lets {@code PutUploadBytes} through without credentials (a presigned URL's
 * signature is the capability, checked by the service).
 */
final class FakeAuthInterceptor implements ServerInterceptor {

  static final String GOOD =
      "Basic " + Base64.getEncoder().encodeToString("app:secret".getBytes(StandardCharsets.UTF_8));
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  final List<String> seen = new CopyOnWriteArrayList<>();

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String authorization = headers.get(AUTHORIZATION);
    seen.add(String.valueOf(authorization));
    boolean open = call.getMethodDescriptor().getBareMethodName().equals("PutUploadBytes");
    if (!open && !GOOD.equals(authorization)) {
      call.close(Status.UNAUTHENTICATED.withDescription("Bad credentials."), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }
}
