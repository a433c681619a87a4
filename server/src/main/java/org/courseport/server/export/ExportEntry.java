package org.courseport.server.export;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.courseport.server.domain.Sha256;

/**
 * One entry of an export zip.
 *
 * @param path the entry name: forward slashes, no leading slash, no {@code ..}
 * @param content the bytes
 * @param compress deflate (text, markup, scripts) or store (already compressed media, zips)
 */
public record ExportEntry(String path, Content content, boolean compress) {

  public ExportEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(content, "content");
    if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("//")) {
      throw new IllegalArgumentException("bad entry path: " + path);
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        throw new IllegalArgumentException("bad entry path: " + path);
      }
    }
  }

  /** The bytes of an entry, with what is known of them before they are read. */
  public interface Content {
    /** Exact length in bytes. */
    long size();

    /** Lower-case hex SHA-256 of the bytes: part of the plan's cache key. */
    String sha256();

    /** Opens the bytes; each call starts from the beginning. */
    InputStream open() throws IOException;
  }

  /** Opens a stored blob. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  /** A UTF-8 text entry (deflated). */
  public static ExportEntry text(String path, String text) {
    return bytes(path, text.getBytes(StandardCharsets.UTF_8), true);
  }

  /** An entry from bytes in memory. */
  public static ExportEntry bytes(String path, byte[] bytes, boolean compress) {
    byte[] copy = bytes.clone();
    String sha256 = sha256Hex(copy);
    return new ExportEntry(
        path,
        new Content() {
          @Override
          public long size() {
            return copy.length;
          }

          @Override
          public String sha256() {
            return sha256;
          }

          @Override
          public InputStream open() {
            return new ByteArrayInputStream(copy);
          }
        },
        compress);
  }

  /** An entry whose bytes are stored elsewhere (a blob) with a known hash and size. */
  public static ExportEntry stored(
      String path, String sha256, long size, Opener opener, boolean compress) {
    Objects.requireNonNull(sha256, "sha256");
    return new ExportEntry(
        path,
        new Content() {
          @Override
          public long size() {
            return size;
          }

          @Override
          public String sha256() {
            return sha256;
          }

          @Override
          public InputStream open() throws IOException {
            return opener.open();
          }
        },
        compress);
  }

  /** Lower-case hex SHA-256 of bytes. */
  public static String sha256Hex(byte[] bytes) {
    return Sha256.hex(bytes);
  }
}
