package org.courseport.server.content;

import java.util.Locale;
import java.util.Map;
import org.courseport.server.packaging.PackageFiles;

/**
 * The MIME type served for a package file, by extension: the download types of {@link
 * PackageFiles#contentType} plus those packages use in a browser (media, fonts, captions, wasm).
 */
final class ContentTypes {
  private static final Map<String, String> MORE =
      Map.ofEntries(
          Map.entry("xhtml", "application/xhtml+xml"),
          Map.entry("xsl", "application/xml"),
          Map.entry("xslt", "application/xml"),
          Map.entry("dtd", "application/xml-dtd"),
          Map.entry("map", "application/json"),
          Map.entry("csv", "text/csv"),
          Map.entry("vtt", "text/vtt"),
          Map.entry("srt", "text/plain"),
          Map.entry("bmp", "image/bmp"),
          Map.entry("avif", "image/avif"),
          Map.entry("tif", "image/tiff"),
          Map.entry("tiff", "image/tiff"),
          Map.entry("m4v", "video/mp4"),
          Map.entry("mov", "video/quicktime"),
          Map.entry("ogv", "video/ogg"),
          Map.entry("flv", "video/x-flv"),
          Map.entry("m4a", "audio/mp4"),
          Map.entry("aac", "audio/aac"),
          Map.entry("oga", "audio/ogg"),
          Map.entry("ogg", "audio/ogg"),
          Map.entry("opus", "audio/ogg"),
          Map.entry("weba", "audio/webm"),
          Map.entry("otf", "font/otf"),
          Map.entry("eot", "application/vnd.ms-fontobject"),
          Map.entry("wasm", "application/wasm"),
          Map.entry("wgt", "application/widget"));

  private ContentTypes() {}

  /** The Content-Type for {@code path}; {@code application/octet-stream} when unknown. */
  static String of(String path) {
    String known = PackageFiles.contentType(path);
    if (!known.equals("application/octet-stream")) {
      return known;
    }
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    String ext = dot <= slash ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
    return MORE.getOrDefault(ext, known);
  }
}
