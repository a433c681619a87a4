package org.courseport.server.grpc;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import org.courseport.api.v1.FileChunk;
import org.courseport.api.v1.FileInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a file as {@link FileChunk}s (info first, then data) with flow control: it sends only
 * while the transport is ready and resumes from the on-ready handler, so a slow client never makes
 * the server buffer the file.
 */
public final class FileStreamer implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(FileStreamer.class);
  private static final int CHUNK = 64 * 1024;

  private final ServerCallStreamObserver<FileChunk> out;
  private final InputStream in;
  private final byte[] buffer = new byte[CHUNK];
  private long remaining;
  private boolean done;

  private FileStreamer(ServerCallStreamObserver<FileChunk> out, InputStream in, long limit) {
    this.out = out;
    this.in = in;
    this.remaining = limit < 0 ? Long.MAX_VALUE : limit;
  }

  /** Starts streaming {@code in} (which it closes) after sending {@code info}. */
  public static void start(StreamObserver<FileChunk> observer, FileInfo info, InputStream in) {
    start(observer, info, in, ByteWindow.WHOLE);
  }

  /** Starts streaming the window of {@code in} (which it closes) after sending {@code info}. */
  public static void start(
      StreamObserver<FileChunk> observer, FileInfo info, InputStream in, ByteWindow window) {
    ServerCallStreamObserver<FileChunk> out = (ServerCallStreamObserver<FileChunk>) observer;
    FileStreamer streamer = new FileStreamer(out, in, window.limit());
    // Before any on-ready callback can read.
    if (!Calls.streaming(out, streamer::stop, () -> window.skipTo(in))) {
      return;
    }
    out.setOnCancelHandler(streamer::closeQuietly);
    out.setOnReadyHandler(streamer);
    out.onNext(FileChunk.newBuilder().setInfo(info).build());
    streamer.run();
  }

  @Override
  public synchronized void run() {
    Calls.streaming(
        out,
        this::stop,
        () -> {
          while (!done && out.isReady()) {
            int n = remaining == 0 ? 0 : in.readNBytes(buffer, 0, (int) Math.min(CHUNK, remaining));
            if (n <= 0) {
              stop();
              out.onCompleted();
              return;
            }
            remaining -= n;
            out.onNext(FileChunk.newBuilder().setData(ByteString.copyFrom(buffer, 0, n)).build());
          }
        });
  }

  private void stop() {
    done = true;
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      in.close();
    } catch (IOException e) {
      log.debug("Closing a streamed file failed", e);
    }
  }
}
