package org.courseport.client;

/** Receives the progress of a transfer: bytes handed to the transport so far, of a known total. */
@FunctionalInterface
public interface ProgressListener {

  /** A listener that ignores progress. */
  ProgressListener NONE = (transferred, total) -> {};

  /**
   * Called after each chunk, from a gRPC thread; must return quickly.
   *
   * @param transferred bytes sent so far
   * @param total the file size in bytes
   */
  void onProgress(long transferred, long total);
}
