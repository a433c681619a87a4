package org.courseport.server.packaging;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.courseport.server.domain.DomainException;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.packaging.zip.ZipPackageArchive;

/** Reads the files of a stored package, straight out of its zip (nothing is extracted). */
public final class PackageFiles {
  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("html", "text/html"), Map.entry("htm", "text/html"),
          Map.entry("js", "text/javascript"), Map.entry("mjs", "text/javascript"),
          Map.entry("css", "text/css"), Map.entry("json", "application/json"),
          Map.entry("xml", "application/xml"), Map.entry("xsd", "application/xml"),
          Map.entry("txt", "text/plain"), Map.entry("svg", "image/svg+xml"),
          Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"),
          Map.entry("webp", "image/webp"), Map.entry("ico", "image/x-icon"),
          Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"),
          Map.entry("mp3", "audio/mpeg"), Map.entry("wav", "audio/wav"),
          Map.entry("pdf", "application/pdf"), Map.entry("woff", "font/woff"),
          Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"),
          Map.entry("swf", "application/x-shockwave-flash"), Map.entry("zip", "application/zip"));

  private final ZipLimits limits;

  public PackageFiles(ZipLimits limits) {
    this.limits = limits;
  }

  /** The package's files (junk hidden, root folder stripped), in zip order. */
  public List<ArchiveEntry> list(SeekableByteChannel zip) throws IOException {
    try (ZipPackageArchive archive = ZipPackageArchive.open(zip, limits)) {
      return archive.entries();
    }
  }

  /**
   * One file, by path as a manifest names it (with the import's repairs); NOT_FOUND when absent.
   */
  public OpenedFile open(SeekableByteChannel zip, String relativePath) throws IOException {
    String path;
    try {
      path = normalize(relativePath);
    } catch (DomainException e) {
      zip.close();
      throw e;
    }
    if (path.isEmpty()) {
      zip.close();
      throw DomainException.invalid("PARAMETER_INVALID", "relativePath is required");
    }
    ZipPackageArchive archive = ZipPackageArchive.open(zip, limits);
    String wanted = path;
    // Exact first; then the repairs an import applied to the manifest's hrefs (case,
    // backslashes, percent-encoding), so a stored launch URL is always servable.
    ArchiveEntry entry =
        archive.entries().stream()
            .filter(e -> e.path().equals(wanted))
            .findFirst()
            .or(() -> archive.find(wanted))
            .orElse(null);
    if (entry == null) {
      archive.close();
      throw DomainException.notFound(
          "FILE_NOT_FOUND", "The package has no file '" + relativePath + "'");
    }
    InputStream in =
        new FilterInputStream(archive.open(entry)) {
          @Override
          public void close() throws IOException {
            try {
              super.close();
            } finally {
              archive.close();
            }
          }
        };
    return new OpenedFile(entry, contentType(entry.path()), in);
  }

  /**
   * A package path with backslashes as slashes, leading slashes and {@code .} segments dropped and
   * {@code ..} resolved ({@code shared/../imsmanifest.xml} is {@code imsmanifest.xml});
   * INVALID_ARGUMENT when it leaves the package or holds a NUL or other control character.
   */
  public static String normalize(String relativePath) {
    String raw = relativePath == null ? "" : relativePath.replace('\\', '/');
    for (int i = 0; i < raw.length(); i++) {
      if (Character.isISOControl(raw.charAt(i))) {
        throw DomainException.invalid(
            "PARAMETER_INVALID", "relativePath must not contain NUL or other control characters");
      }
    }
    java.util.ArrayDeque<String> segments = new java.util.ArrayDeque<>();
    for (String segment : raw.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (segments.isEmpty()) {
          throw DomainException.invalid(
              "PARAMETER_INVALID", "relativePath must stay inside the package: '" + raw + "'");
        }
        segments.removeLast();
      } else {
        segments.addLast(segment);
      }
    }
    return String.join("/", segments);
  }

  /** The MIME type served for a package file, by extension. */
  public static String contentType(String path) {
    int dot = path.lastIndexOf('.');
    String ext = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
    return TYPES.getOrDefault(ext, "application/octet-stream");
  }

  /** An opened package file; closing the stream closes the package. */
  public record OpenedFile(ArchiveEntry entry, String contentType, InputStream stream) {}
}
