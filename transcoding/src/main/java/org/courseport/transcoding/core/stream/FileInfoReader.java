package org.courseport.transcoding.core.stream;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import org.courseport.api.v1.FileChunk;
import org.courseport.api.v1.FileInfo;

/**
 * Reads only the {@code FileInfo} of a streamed file (a call made with {@code limit = 0}), for HEAD
 * and for resolving a {@code Range} against the file's size and entity tag.
 */
public final class FileInfoReader implements StreamObserver<FileChunk> {

  private final CompletableFuture<FileInfo> info = new CompletableFuture<>();

  /** Completes with the info, or with the call's error. */
  public CompletableFuture<FileInfo> info() {
    return info;
  }

  @Override
  public void onNext(FileChunk chunk) {
    if (chunk.hasInfo()) {
      info.complete(chunk.getInfo());
    }
  }

  @Override
  public void onError(Throwable cause) {
    info.completeExceptionally(cause);
  }

  @Override
  public void onCompleted() {
    info.complete(FileInfo.newBuilder().setSize(-1).build());
  }
}
