package org.courseport.server.packaging.zip;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;

/**
 * Opens the uncompressed bytes of an entry. Deflated entries are inflated from commons-compress's
 * raw stream with a large buffer: {@code ZipFile.getInputStream} feeds the inflater 512 bytes at a
 * time, which makes verifying a multi-GB package markedly slower than {@code unzip -t}.
 */
final class EntryDecoder {
  static final int BUFFER_SIZE = 64 * 1024;

  private EntryDecoder() {}

  static InputStream open(ZipFile zipFile, ZipArchiveEntry entry) throws IOException {
    int method = entry.getMethod();
    if (method == ZipMethod.STORED.getCode()) {
      return raw(zipFile, entry);
    }
    if (method == ZipMethod.DEFLATED.getCode()) {
      return inflate(raw(zipFile, entry));
    }
    // Deflate64: commons-compress's pure-Java decoder; our stream still bounds its output.
    return zipFile.getInputStream(entry);
  }

  private static InputStream raw(ZipFile zipFile, ZipArchiveEntry entry) throws IOException {
    InputStream raw = zipFile.getRawInputStream(entry);
    if (raw == null) {
      throw new java.util.zip.ZipException("no data offset for " + entry.getName());
    }
    return raw;
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
