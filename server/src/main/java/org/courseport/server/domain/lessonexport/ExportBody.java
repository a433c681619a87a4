package org.courseport.server.domain.lessonexport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.courseport.server.domain.Sha256;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.lessonexport.ExportCache.CachedEntry;

/**
 * Writes the body of a lesson export (every zip entry but manifest.json) into a blob: local headers
 * and data in order, while collecting their central directory records and the SHA-256 state of the
 * bytes written (the whole zip's hash continues from it). Already-compressed media is stored; text
 * is deflated at a fixed level, so equal input gives equal bytes.
 */
final class ExportBody implements AutoCloseable {

  /** Opens a source of bytes; called once per pass. */
  @FunctionalInterface
  interface Source {
    InputStream open() throws IOException;
  }

  /** A file measured (and, when deflated, compressed) before its header is written. */
  record Prepared(
      String name, int method, long crc, long size, byte[] deflated, Source source, String sha256) {
    long compressedSize() {
      return method == ZipRecords.DEFLATED ? deflated.length : size;
    }
  }

  private static final int BUFFER = 64 * 1024;

  /** Largest deflated file held in memory while its size and CRC are measured. */
  static final int MAX_DEFLATED_IN_MEMORY = 16 * 1024 * 1024;

  private final BlobStore.BlobWriter writer;
  private final MessageDigest digest = Sha256.newDigest();
  private final ByteArrayOutputStream central = new ByteArrayOutputStream();
  private final List<CachedEntry> entries = new ArrayList<>();
  private final String root;
  private final byte[] buffer = new byte[BUFFER];
  private long offset;
  private int count;

  ExportBody(BlobStore.BlobWriter writer, String root) {
    this.writer = writer;
    this.root = root;
  }

  /** Adds a directory entry ({@code path} ends with '/'). */
  void directory(String path) throws IOException {
    String name = root + path;
    long headerOffset = offset;
    write(ZipRecords.localHeader(name, ZipRecords.STORED, 0, 0, 0));
    central.writeBytes(ZipRecords.centralHeader(name, ZipRecords.STORED, 0, 0, 0, headerOffset));
    count++;
  }

  /**
   * Reads the source once: its CRC and size and, when {@code deflate}, its deflated bytes (in
   * memory, up to {@link #MAX_DEFLATED_IN_MEMORY}; a larger file is stored instead, read again when
   * written).
   */
  Prepared prepare(String path, Source source, boolean deflate, String sha256) throws IOException {
    CRC32 crc = new CRC32();
    long size = 0;
    ByteArrayOutputStream compressed = deflate ? new ByteArrayOutputStream() : null;
    Deflater deflater = deflate ? new Deflater(Deflater.DEFAULT_COMPRESSION, true) : null;
    DeflaterOutputStream def =
        deflate ? new DeflaterOutputStream(compressed, deflater, BUFFER) : null;
    try (InputStream in = source.open()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        crc.update(buffer, 0, n);
        size += n;
        if (def != null) {
          def.write(buffer, 0, n);
          if (compressed.size() > MAX_DEFLATED_IN_MEMORY) {
            def = null; // too large to hold: store it
            compressed = null;
          }
        }
      }
      if (def != null) {
        def.finish();
      }
    } finally {
      if (deflater != null) {
        deflater.end();
      }
    }
    boolean deflated = compressed != null;
    return new Prepared(
        root + path,
        deflated ? ZipRecords.DEFLATED : ZipRecords.STORED,
        crc.getValue(),
        size,
        deflated ? compressed.toByteArray() : null,
        source,
        sha256);
  }

  /** Writes a prepared file: its header, then its bytes (a stored source is read again). */
  void add(Prepared p, String mimeType) throws IOException {
    long headerOffset = offset;
    write(ZipRecords.localHeader(p.name(), p.method(), p.crc(), p.compressedSize(), p.size()));
    if (p.method() == ZipRecords.DEFLATED) {
      write(p.deflated());
    } else {
      long copied = 0;
      try (InputStream in = p.source().open()) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          write(buffer, 0, n);
          copied += n;
        }
      }
      if (copied != p.size()) {
        throw new IOException(p.name() + " changed while it was exported");
      }
    }
    central.writeBytes(
        ZipRecords.centralHeader(
            p.name(), p.method(), p.crc(), p.compressedSize(), p.size(), headerOffset));
    entries.add(
        new CachedEntry(
            p.name().substring(root.length()),
            headerOffset,
            p.method(),
            p.compressedSize(),
            p.size(),
            p.sha256(),
            mimeType));
    count++;
  }

  long length() {
    return offset;
  }

  int count() {
    return count;
  }

  byte[] centralDirectory() {
    return central.toByteArray();
  }

  List<CachedEntry> entries() {
    return List.copyOf(entries);
  }

  /** The SHA-256 state after the bytes written so far. */
  MessageDigest digest() {
    return Sha256.copy(digest);
  }

  /** Commits the blob; returns its id. */
  String commit() throws IOException {
    writer.stream().flush();
    return writer.commit();
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }

  private void write(byte[] bytes) throws IOException {
    write(bytes, 0, bytes.length);
  }

  private void write(byte[] bytes, int off, int len) throws IOException {
    writer.stream().write(bytes, off, len);
    digest.update(bytes, off, len);
    offset += len;
  }

  /** Hex SHA-256 of a byte array. */
  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(Sha256.newDigest().digest(bytes));
  }
}
