package org.courseport.server.browser;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.courseport.server.export.ExportEntry;

/**
 * The files of a package as the test LMS serves them: read from a zip (with limits and no path
 * escapes) or from an export plan's entries, kept in memory.
 */
public final class ScormPackage {

  /** At most this many files in a package under test. */
  static final int MAX_FILES = 10_000;

  /** At most this many bytes, all files together. */
  static final long MAX_BYTES = 256L * 1024 * 1024;

  private final Map<String, byte[]> files;

  private ScormPackage(Map<String, byte[]> files) {
    this.files = Collections.unmodifiableMap(files);
  }

  /** The files of a zip; refuses path escapes, duplicates and zips over the limits. */
  public static ScormPackage fromZip(byte[] zip) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    long total = 0;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        if (entry.isDirectory()) {
          continue;
        }
        String path = checkedPath(entry.getName());
        if (files.size() >= MAX_FILES) {
          throw new IllegalArgumentException("zip has more than " + MAX_FILES + " files");
        }
        byte[] bytes = readLimited(in, MAX_BYTES - total, path);
        total += bytes.length;
        if (files.put(path, bytes) != null) {
          throw new IllegalArgumentException("zip has the entry " + path + " twice");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("not a readable zip: " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("zip has no files");
    }
    return new ScormPackage(files);
  }

  /** The files of an export plan's entries, read in memory. */
  public static ScormPackage fromEntries(Iterable<ExportEntry> entries) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (ExportEntry entry : entries) {
      try (InputStream in = entry.content().open()) {
        files.put(checkedPath(entry.path()), in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read entry " + entry.path(), e);
      }
    }
    return new ScormPackage(files);
  }

  /** A package of text files, path to UTF-8 text (hand-built packages of tests). */
  public static ScormPackage ofText(Map<String, String> texts) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    texts.forEach(
        (path, text) -> files.put(checkedPath(path), text.getBytes(StandardCharsets.UTF_8)));
    return new ScormPackage(files);
  }

  /** The file at a package path, if any. */
  public Optional<byte[]> file(String path) {
    return Optional.ofNullable(files.get(path));
  }

  /** All files, path to bytes, in package order. */
  public Map<String, byte[]> files() {
    return files;
  }

  /**
   * A package-relative path: forward slashes, no leading slash, no empty, {@code .} or {@code ..}
   * segment.
   *
   * @throws IllegalArgumentException naming the path otherwise
   */
  static String checkedPath(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.indexOf(0) >= 0) {
      throw new IllegalArgumentException("package path escapes the package: " + path);
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("package path escapes the package: " + path);
      }
    }
    return path;
  }

  private static byte[] readLimited(InputStream in, long limit, String path) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    long read = 0;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      read += n;
      if (read > limit) {
        throw new IllegalArgumentException(
            "zip expands to more than " + MAX_BYTES + " bytes (at " + path + ")");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
