package org.courseport.server.domain.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Pattern;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.blob.BlobStore.BlobWriter;

/**
 * One widget upload in progress: the widget type, the JavaScript bundle and the optional CSS file,
 * each streamed into its own blob writer and checked as text while it passes. Not thread-safe.
 */
public final class WidgetUpload implements AutoCloseable {

  private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  private final BlobStore blobs;
  private final MediaLimits limits;
  private final WidgetCommit commit;
  private String widgetType;
  private Part script;
  private Part style;

  /** Records the stored widget. */
  @FunctionalInterface
  interface WidgetCommit {
    WidgetBundle commit(String widgetType, BlobWriter script, BlobWriter style) throws IOException;
  }

  WidgetUpload(BlobStore blobs, MediaLimits limits, WidgetCommit commit) {
    this.blobs = blobs;
    this.limits = limits;
    this.commit = commit;
  }

  /** Sets the widget type; once. */
  public void widgetType(String type) {
    if (widgetType != null) {
      throw DomainException.invalid("WIDGET_INVALID", "The widget type is given twice.");
    }
    String t = type == null ? "" : type.trim();
    if (!TYPE.matcher(t).matches()) {
      throw DomainException.invalid(
          "WIDGET_TYPE_INVALID",
          "Invalid widget type '"
              + t
              + "': use 1 to 64 lower-case letters, digits and '-', starting with a letter or"
              + " digit (e.g. multiple-choice).");
    }
    widgetType = t;
  }

  /** Appends bytes of the JavaScript bundle. */
  public void writeScript(byte[] b, int off, int len) {
    if (script == null) {
      script =
          new Part(
              "The widget script",
              "WIDGET_SCRIPT_INVALID",
              "WIDGET_SCRIPT_TOO_LARGE",
              limits.maxScriptBytes());
    }
    script.write(b, off, len);
  }

  /** Appends bytes of the CSS file. */
  public void writeStyle(byte[] b, int off, int len) {
    if (style == null) {
      style =
          new Part(
              "The widget style sheet",
              "WIDGET_STYLE_INVALID",
              "WIDGET_STYLE_TOO_LARGE",
              limits.maxStyleBytes());
    }
    style.write(b, off, len);
  }

  /** Checks and stores the widget. */
  public WidgetBundle finish() {
    if (widgetType == null) {
      throw DomainException.invalid(
          "WIDGET_TYPE_MISSING", "The widget type is required (e.g. multiple-choice).");
    }
    if (script == null || script.size == 0) {
      throw DomainException.invalid(
          "WIDGET_SCRIPT_MISSING", "A widget needs a non-empty JavaScript bundle (the script).");
    }
    script.text.finish();
    if (style != null && style.size == 0) {
      style.closeQuietly();
      style = null;
    }
    if (style != null) {
      style.text.finish();
    }
    try {
      return commit.commit(widgetType, script.writer, style == null ? null : style.writer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Discards whatever was not stored. */
  @Override
  public void close() {
    if (script != null) {
      script.closeQuietly();
    }
    if (style != null) {
      style.closeQuietly();
    }
  }

  private final class Part {
    final String what;
    final String tooLargeReason;
    final long max;
    final TextCheck text;
    final BlobWriter writer;
    long size;

    Part(String what, String invalidReason, String tooLargeReason, long max) {
      this.what = what;
      this.tooLargeReason = tooLargeReason;
      this.max = max;
      this.text = new TextCheck(what, invalidReason);
      try {
        this.writer = blobs.newWriter();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void write(byte[] b, int off, int len) {
      size += len;
      if (size > max) {
        throw new DomainException(
            DomainException.Kind.RESOURCE_EXHAUSTED,
            tooLargeReason,
            what + " exceeds its size limit of " + max + " bytes.",
            Map.of("limitBytes", Long.toString(max)));
      }
      text.update(b, off, len);
      try {
        writer.stream().write(b, off, len);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void closeQuietly() {
      try {
        writer.close();
      } catch (IOException ignored) {
        // discarding a temporary file: nothing more to do
      }
    }
  }
}
