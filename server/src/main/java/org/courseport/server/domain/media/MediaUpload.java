package org.courseport.server.domain.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore.BlobWriter;

/**
 * One media upload in progress: bytes go straight into a blob writer (hashed as they pass); the
 * first {@link MediaTypes#HEAD_BYTES} are kept to detect the type, which is checked as soon as they
 * are in, so that a refused file is refused before the rest is sent. Not thread-safe: one stream.
 */
public final class MediaUpload implements AutoCloseable {

  private final BlobWriter writer;
  private final String declared;
  private final long maxBytes;
  private final int maxSvgBytes;
  private final Function<Committed, MediaItem> commit;
  private final byte[] head = new byte[MediaTypes.HEAD_BYTES];
  private int headLength;
  private long size;
  private String type;
  private ByteArrayOutputStream svg;
  private Attribution attribution;

  /** What the catalog needs to record the stored bytes. */
  record Committed(BlobWriter writer, String mimeType, long size, Attribution attribution) {}

  MediaUpload(
      BlobWriter writer,
      String declared,
      Attribution attribution,
      MediaLimits limits,
      Function<Committed, MediaItem> commit) {
    this.writer = writer;
    this.declared = declared;
    this.attribution = attribution;
    this.maxBytes = limits.maxMediaBytes();
    this.maxSvgBytes = limits.maxSvgBytes();
    this.commit = commit;
  }

  /** Replaces the attribution (a form that sends it after the file). */
  public void attribution(Attribution replacement) {
    attribution = Attribution.normalize(replacement);
  }

  /** Appends bytes; fails once the size limit is passed or the type is known to be refused. */
  public void write(byte[] b, int off, int len) {
    size += len;
    if (size > maxBytes) {
      throw tooLarge(maxBytes);
    }
    try {
      writer.stream().write(b, off, len);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (headLength < head.length) {
      int n = Math.min(len, head.length - headLength);
      System.arraycopy(b, off, head, headLength, n);
      headLength += n;
      if (headLength == head.length) {
        detect();
      }
      if (svg != null) {
        svg.write(b, off + n, len - n);
      }
    } else if (svg != null) {
      svg.write(b, off, len);
    }
    if (svg != null && svg.size() > maxSvgBytes) {
      throw DomainException.invalid(
          SvgCheck.REASON,
          "The SVG file is larger than the " + maxSvgBytes + " bytes an SVG may have.");
    }
  }

  /** Checks the whole file and stores it; returns the new media item. */
  public MediaItem finish() {
    if (size == 0) {
      throw DomainException.invalid("MEDIA_EMPTY", "The file is empty.");
    }
    if (type == null) {
      detect();
    }
    if (svg != null) {
      SvgCheck.check(svg.toByteArray(), svg.size());
    }
    return commit.apply(new Committed(writer, type, size, attribution));
  }

  /** Discards the bytes unless {@link #finish} stored them. */
  @Override
  public void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void detect() {
    Optional<String> sniffed = MediaTypes.sniff(head, headLength);
    if (sniffed.isEmpty()) {
      throw unsupported(
          "The file is not a supported media type (its content looks like "
              + MediaTypes.describe(head, headLength)
              + "). Supported types: "
              + MediaTypes.supportedList()
              + ".");
    }
    String actual = sniffed.get();
    if (declared != null && !MediaTypes.agree(declared, actual)) {
      throw new DomainException(
          DomainException.Kind.INVALID_ARGUMENT,
          "MEDIA_TYPE_MISMATCH",
          "The declared type "
              + declared
              + " does not match the file's content, which is "
              + actual
              + ".",
          Map.of("http_status", "415", "declared", declared, "detected", actual));
    }
    type = declared != null ? declared : actual;
    if (type.equals(MediaTypes.SVG)) {
      svg = new ByteArrayOutputStream();
      svg.write(head, 0, headLength);
    }
  }

  static DomainException unsupported(String message) {
    return new DomainException(
        DomainException.Kind.INVALID_ARGUMENT,
        "MEDIA_TYPE_UNSUPPORTED",
        message,
        Map.of("http_status", "415"));
  }

  static DomainException tooLarge(long limit) {
    return new DomainException(
        DomainException.Kind.RESOURCE_EXHAUSTED,
        "MEDIA_TOO_LARGE",
        "The file exceeds the media size limit of " + limit + " bytes.",
        Map.of("limitBytes", Long.toString(limit)));
  }
}
