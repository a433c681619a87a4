package org.courseport.transcoding.core;

import io.grpc.Channel;

/**
 * What a dialect's hand-written routes need.
 *
 * @param channel a channel to the gRPC services; forward the caller's credentials with {@link
 *     org.courseport.transcoding.core.stream.ForwardedHeaders}
 * @param maxUploadBytes largest file an upload route accepts, in bytes
 * @param uploadChunkBytes size of the chunks streamed into upload RPCs
 */
public record RouteContext(Channel channel, long maxUploadBytes, int uploadChunkBytes) {}
