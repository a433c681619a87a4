package org.courseport.server.lessonexport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/** Media bytes with real signatures, lesson documents and zip reading for the export tests. */
final class ExportFixtures {
  private ExportFixtures() {}

  static byte[] jpeg(int size, long seed) {
    return withHeader(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}, size, seed);
  }

  static byte[] png(int size, long seed) {
    return withHeader(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, size, seed);
  }

  static byte[] mp4(int size, long seed) {
    return withHeader(
        new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'm', 'p', '4', '2'}, size, seed);
  }

  private static byte[] withHeader(byte[] header, int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    System.arraycopy(header, 0, bytes, 0, header.length);
    return bytes;
  }

  /** The issue's example document, with more blocks: video with poster, widget, audio. */
  static String content(UUID image, UUID video, UUID poster, UUID widget) {
    return """
        {"blocks": [{"type": "heading", "text": "Cells"}, \
        {"type": "text", "html": "<p>Cells are the unit of life. Social media: not a reference.</p>"}, \
        {"type": "image", "media": "media:%s", "alt": "A cell"}, \
        {"type": "video", "media": "media:%s", "poster": "media:%s"}, \
        {"type": "image", "media": "media:%s", "alt": "The same cell again"}, \
        {"type": "widget", "widget": "%s", "config": {"shuffle": true, "ratio": 0.1}}, \
        {"type": "quiz", "questions": [{"type": "multiple_choice", \
        "prompt": "What is the unit of life?", "points": 1, \
        "choices": [{"text": "Cell", "correct": true}, {"text": "Atom"}]}]}]}"""
        .formatted(image, video, poster, image, widget);
  }

  /** The issue's example document as given. */
  static String issueExample(UUID image) {
    return """
        {"blocks": [{"type": "heading", "text": "Cells"}, {"type": "text", "html": "<p>Cells are \
        the unit of life.</p>"}, {"type": "image", "media": "media:%s", "alt": "A cell"}, \
        {"type": "quiz", "questions": [{"type": "multiple_choice", "prompt": "What is the unit \
        of life?", "points": 1, "choices": [{"text": "Cell", "correct": true}, {"text": \
        "Atom"}]}]}]}"""
        .formatted(image);
  }

  /** A zip read through its central directory: entry name to bytes, in central order. */
  record Zip(Map<String, byte[]> files, Map<String, Integer> methods) {}

  static Zip read(byte[] zip) {
    try {
      Path tmp = Files.createTempFile("lesson-export", ".zip");
      try {
        Files.write(tmp, zip);
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, Integer> methods = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(tmp.toFile())) {
          for (ZipEntry e : Collections.list(z.entries())) {
            try (InputStream in = z.getInputStream(e)) {
              files.put(e.getName(), in.readAllBytes());
            }
            methods.put(e.getName(), e.getMethod());
          }
        }
        return new Zip(files, methods);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same zip read front to back from its local headers (as streaming unzippers do). */
  static Map<String, byte[]> readStreaming(byte[] zip) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        files.put(e.getName(), in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
