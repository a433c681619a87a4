package org.courseport.server.packaging.zip;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.archivers.zip.ZipMethod;
import org.apache.commons.compress.compressors.deflate64.Deflate64CompressorInputStream;

/**
 * Opens the uncompressed bytes of an entry straight from the channel: the local header gives where
 * the data starts, the central directory how long it is. Deflated entries are inflated by zlib with
 * a large buffer, Deflate64 by commons-compress's decoder.
 */
final class EntryDecoder {
  static final int BUFFER_SIZE = 64 * 1024;
  static final int STORED = 0;
  static final int DEFLATED = 8;
  static final int DEFLATE64 = 9;
  private static final int LOCAL_SIGNATURE = 0x04034b50;
  private static final int LOCAL_FIXED = 30;

  private EntryDecoder() {}

  static InputStream open(SeekableByteChannel channel, ScannedEntry entry) throws IOException {
    long start = dataOffset(channel, entry);
    InputStream raw = new ChannelRange(channel, start, start + entry.compressedSize());
    return switch (entry.method()) {
      case STORED -> raw;
      case DEFLATED -> inflate(raw);
      // Deflate64: commons-compress's pure-Java decoder; our stream still bounds its output.
      default -> new Deflate64CompressorInputStream(raw);
    };
  }

  /** Where the entry's data starts: after its local header, whose lengths may differ. */
  static long dataOffset(SeekableByteChannel channel, ScannedEntry entry) throws IOException {
    ByteBuffer local;
    try {
      local = ZipEnd.readAt(channel, entry.localHeaderOffset(), LOCAL_FIXED);
    } catch (java.io.EOFException e) {
      throw ZipEnd.damaged(
          "the local header of '" + EntryPaths.shorten(entry.name()) + "' is missing");
    }
    if (entry.localHeaderOffset() < 0 || local.getInt(0) != LOCAL_SIGNATURE) {
      throw ZipEnd.damaged(
          "the local header of '" + EntryPaths.shorten(entry.name()) + "' is missing");
    }
    return entry.localHeaderOffset()
        + LOCAL_FIXED
        + Short.toUnsignedInt(local.getShort(26))
        + Short.toUnsignedInt(local.getShort(28));
  }

  /** A name for a compression method code, for messages. */
  static String methodName(int method) {
    return String.valueOf(ZipMethod.getMethodByCode(method));
  }

  private static InputStream inflate(InputStream raw) {
    Inflater inflater = new Inflater(true);
    // A raw ("nowrap") inflater may need one padding byte after the data to report its end.
    InputStream padded = new SequenceInputStream(raw, new ByteArrayInputStream(new byte[1]));
    return new InflaterInputStream(padded, inflater, BUFFER_SIZE) {
      private boolean closed;

      @Override
      public void close() throws IOException {
        if (!closed) {
          closed = true;
          try {
            super.close();
          } finally {
            inflater.end();
          }
        }
      }
    };
  }
}
