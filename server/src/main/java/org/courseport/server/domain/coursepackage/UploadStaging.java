package org.courseport.server.domain.coursepackage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the bytes of uploads in progress wait for their completion when every server replica must
 * reach them: the parts of multipart uploads and the bytes held of resumable uploads. Without one
 * ({@code COURSEPORT_BLOB_STORE=file}) {@link MultipartUploads} and {@link ResumableUploads} keep
 * them in the data directory, as files, and an upload belongs to one replica; with one (GridFS, see
 * {@code storage.blob.GridFsUploadStaging}) any replica may receive any part, continue any
 * resumable upload or complete it.
 *
 * <p>Bytes are written through a sink and become visible to readers only once the sink is published
 * (a part) or sealed (a segment); a sink closed before, or whose process died, leaves nothing a
 * reader sees, only leftovers for {@link #sweepOrphans}.
 */
public interface UploadStaging {

  /** One part's bytes being received. Close it however the PUT ends. */
  interface PartSink extends AutoCloseable {
    /** Where the part's bytes go. */
    OutputStream stream();

    /**
     * Makes the bytes written part {@code partNumber} of the upload, replacing the part an earlier
     * PUT stored (the last PUT to publish wins); the replaced bytes are removed.
     */
    void publish(String etag, long size) throws IOException;

    /** Discards the bytes unless published. */
    @Override
    void close() throws IOException;
  }

  /** A stored part: its ETag (hex MD5), size and where its bytes are ({@link #open}). */
  record StagedPart(int partNumber, String etag, long size, String ref) {}

  /** Starts receiving one part of a multipart upload. */
  PartSink newPart(String uploadId, int partNumber) throws IOException;

  /** The part stored last under that number, if any. */
  Optional<StagedPart> part(String uploadId, int partNumber);

  /** Reads a part's or a segment's bytes from its start, streamed. */
  InputStream open(String ref) throws IOException;

  /** A run of a resumable upload's bytes, starting at {@code offset}. */
  record Segment(long offset, long length, String ref) {}

  /** The bytes of one run being received; invisible until sealed. */
  interface SegmentSink extends AutoCloseable {
    OutputStream stream();

    /** Makes the bytes written a segment of the upload at the sink's offset; returns it. */
    Segment seal() throws IOException;

    /** Discards the bytes unless sealed. */
    @Override
    void close() throws IOException;
  }

  /** Starts a run of a resumable upload's bytes at {@code offset}. */
  SegmentSink newSegment(String uploadId, long offset) throws IOException;

  /** The sealed segments of the upload, by offset. */
  List<Segment> segments(String uploadId);

  /** Removes the upload's segments that start at or after {@code offset}. */
  void dropSegmentsFrom(String uploadId, long offset);

  /** The uploads that have parts or segments stored. */
  Set<String> uploadIds();

  /** Removes every part and segment of the upload. */
  void deleteUpload(String uploadId);

  /**
   * Removes bytes no upload lists (a PUT or a stream whose process died before publishing them)
   * written more than {@code olderThan} ago: younger ones may be in progress on another replica.
   * Returns how many were removed.
   */
  int sweepOrphans(Duration olderThan);
}
