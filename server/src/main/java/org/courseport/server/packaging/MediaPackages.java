package org.courseport.server.packaging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.courseport.server.domain.job.MediaMetadata;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.domain.packaging.CourseMetadata;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.domain.packaging.ValidationReport;

/**
 * Media files (PDF, audio, video) imported as courses, as SCORM Cloud allows with {@code
 * uploadedContentType}: the course is the one file, launched as an asset.
 */
public final class MediaPackages {
  /** The package format of a media-file course. */
  public static final String FORMAT = "media";

  private static final Map<String, String> BY_EXTENSION =
      Map.of(
          "pdf",
          "application/pdf",
          "mp3",
          "audio/mpeg",
          "m4a",
          "audio/mp4",
          "wav",
          "audio/wav",
          "ogg",
          "audio/ogg",
          "mp4",
          "video/mp4",
          "m4v",
          "video/mp4",
          "webm",
          "video/webm",
          "mov",
          "video/quicktime");

  private MediaPackages() {}

  /** Whether an upload is a media file: by its declared type, else by its name. */
  public static boolean isMedia(String contentType, String fileName) {
    return !mediaType(contentType, fileName).isEmpty();
  }

  /** The media MIME type of an upload, or empty when it is not media. */
  static String mediaType(String contentType, String fileName) {
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).trim();
    int semi = type.indexOf(';');
    type = semi < 0 ? type : type.substring(0, semi).trim();
    if (type.startsWith("video/") || type.startsWith("audio/") || type.equals("application/pdf")) {
      return type;
    }
    if (!type.isEmpty() && !type.equals("application/octet-stream")) {
      return "";
    }
    String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : BY_EXTENSION.getOrDefault(name.substring(dot + 1), "");
  }

  /** Describes a media-file course, refusing bytes that are not what the type declares. */
  public static InspectionResult describe(
      SeekableByteChannel content, String fileName, String contentType, MediaMetadata media)
      throws IOException {
    String type = mediaType(contentType, fileName);
    String name = safeName(fileName, type);
    MediaMetadata m = media == null ? MediaMetadata.none() : media;
    if (!MediaSignatures.matches(type, head(content))) {
      Finding f =
          Finding.error(
              "media.type-mismatch",
              name,
              "The upload is declared as " + type + " but its bytes are not a file of that type");
      return new InspectionResult(null, report(List.of(f)));
    }
    String title = m.title().isBlank() ? baseName(name) : m.title();
    Activity root =
        new Activity("media", "media_resource", ActivityType.ASSET, name, title, "", List.of());
    String duration =
        m.estimatedDurationSeconds() > 0 ? "PT" + m.estimatedDurationSeconds() + "S" : "";
    CourseMetadata metadata =
        new CourseMetadata(
            title, m.language(), m.description(), m.language(), duration, duration, List.of());
    List<String> languages = m.language().isBlank() ? List.of() : List.of(m.language());
    PackageDescription d =
        new PackageDescription(
            LearningStandard.UNKNOWN,
            FORMAT,
            title,
            m.description(),
            name,
            0,
            1,
            root,
            metadata,
            languages,
            name);
    return new InspectionResult(d, report(List.of()));
  }

  private static ValidationReport report(List<Finding> findings) {
    return new ValidationReport(FORMAT, LearningStandard.UNKNOWN, findings, List.of());
  }

  private static byte[] head(SeekableByteChannel content) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(16);
    content.position(0);
    while (buffer.hasRemaining() && content.read(buffer) > 0) {
      // read up to 16 bytes
    }
    byte[] out = new byte[buffer.position()];
    buffer.flip().get(out);
    return out;
  }

  /** The file name without any path, or a name made from the type. */
  static String safeName(String fileName, String type) {
    String name = fileName == null ? "" : fileName.replace('\\', '/');
    name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}]", "");
    if (name.isBlank() || name.equals(".") || name.equals("..")) {
      String ext =
          BY_EXTENSION.entrySet().stream()
              .filter(e -> e.getValue().equals(type))
              .map(Map.Entry::getKey)
              .sorted()
              .findFirst()
              .orElse("bin");
      return "media." + ext;
    }
    return name;
  }

  private static String baseName(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
