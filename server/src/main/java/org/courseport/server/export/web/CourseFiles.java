package org.courseport.server.export.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.lessonexport.ExportSources;
import org.courseport.server.domain.lessonexport.ExportSources.SourceMedia;
import org.courseport.server.domain.lessonexport.ExportSources.SourceWidget;
import org.courseport.server.domain.lessonexport.MediaDownloader;
import org.courseport.server.export.ExportEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media and widget files of one rendering: each looked up, downloaded (external media) and
 * sized once, however many lessons use it. Paths are relative to the rendering's root: {@code
 * media/{uuid}.{ext}}, {@code widgets/{uuid}.js} and {@code .css}.
 */
final class CourseFiles {

  private static final Logger log = LoggerFactory.getLogger(CourseFiles.class);

  private final ExportSources sources;
  private final MediaDownloader downloader;
  private final BlobStore blobs;
  private final String tenantId;
  private final String root;
  private final Map<UUID, Optional<MediaFile>> media = new LinkedHashMap<>();
  private final Map<String, Optional<WidgetFiles>> widgets = new LinkedHashMap<>();
  private boolean complete = true;

  CourseFiles(
      ExportSources sources,
      MediaDownloader downloader,
      BlobStore blobs,
      String tenantId,
      String root) {
    this.sources = sources;
    this.downloader = downloader;
    this.blobs = blobs;
    this.tenantId = tenantId;
    this.root = root;
  }

  /** A media file: its path relative to the root, its MIME type and its zip entry. */
  record MediaFile(String path, String mimeType, ExportEntry entry) {}

  /** A widget's files: script and optional style paths relative to the root, and entries. */
  record WidgetFiles(
      String id, String widgetType, String script, String style, List<ExportEntry> entries) {}

  /** The media item, included; empty when it is unknown or its bytes cannot be had. */
  Optional<MediaFile> media(UUID id) {
    return media.computeIfAbsent(id, this::loadMedia);
  }

  /** The widget's files, included; empty when it is unknown or its bundle cannot be read. */
  Optional<WidgetFiles> widget(String id) {
    return widgets.computeIfAbsent(id, this::loadWidget);
  }

  /** Every included media entry, in order of first use. */
  List<ExportEntry> mediaEntries() {
    return media.values().stream().flatMap(Optional::stream).map(MediaFile::entry).toList();
  }

  /** Every included widget entry, in order of first use. */
  List<ExportEntry> widgetEntries() {
    return widgets.values().stream()
        .flatMap(Optional::stream)
        .flatMap(w -> w.entries().stream())
        .toList();
  }

  /**
   * Whether every media and widget asked for was included from the store: false once one was
   * missing or unreadable (a notice shows instead) or a media was downloaded from outside.
   */
  boolean complete() {
    return complete;
  }

  private Optional<MediaFile> loadMedia(UUID id) {
    Optional<SourceMedia> found = sources.findMedia(tenantId, id);
    if (found.isEmpty()) {
      log.warn("Media {} of tenant {} is missing; the page shows a notice instead", id, tenantId);
      complete = false;
      return Optional.empty();
    }
    SourceMedia m = found.get();
    String path = "media/" + id + "." + safeExt(m.ext());
    boolean compress = compressible(m.mimeType());
    try {
      ExportEntry entry;
      if (m.external()) {
        complete = false;
        String blobId = downloader.download(m.externalUrl());
        long size = blobs.size(blobId);
        entry = ExportEntry.stored(root + path, blobId, size, () -> blobs.open(blobId), compress);
      } else {
        // The library knows the stored length; the assembler checks it against the bytes.
        long size = sources.mediaSize(m);
        entry =
            ExportEntry.stored(root + path, m.sha256(), size, () -> sources.openMedia(m), compress);
      }
      return Optional.of(new MediaFile(path, m.mimeType(), entry));
    } catch (DomainException | IOException e) {
      log.warn("Media {} could not be included in a course rendering; a notice is shown", id, e);
      complete = false;
      return Optional.empty();
    }
  }

  private Optional<WidgetFiles> loadWidget(String id) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      complete = false;
      return Optional.empty();
    }
    Optional<SourceWidget> found = sources.findWidget(tenantId, uuid);
    if (found.isEmpty()) {
      log.warn("Widget {} of tenant {} is missing; the page shows a notice instead", id, tenantId);
      complete = false;
      return Optional.empty();
    }
    SourceWidget w = found.get();
    String base = "widgets/" + w.id();
    try {
      byte[] script;
      try (InputStream in = sources.openScript(w)) {
        script = in.readAllBytes();
      }
      ExportEntry scriptEntry = ExportEntry.bytes(root + base + ".js", script, true);
      if (w.styleSha256() == null) {
        return Optional.of(
            new WidgetFiles(
                w.id().toString(), w.widgetType(), base + ".js", null, List.of(scriptEntry)));
      }
      Optional<InputStream> styleStream = sources.openStyle(w);
      if (styleStream.isEmpty()) {
        throw new IOException("the widget's CSS is missing");
      }
      byte[] style;
      try (InputStream in = styleStream.get()) {
        style = in.readAllBytes();
      }
      ExportEntry styleEntry = ExportEntry.bytes(root + base + ".css", style, true);
      return Optional.of(
          new WidgetFiles(
              w.id().toString(),
              w.widgetType(),
              base + ".js",
              base + ".css",
              List.of(scriptEntry, styleEntry)));
    } catch (DomainException | IOException e) {
      log.warn("Widget {} could not be included in a course rendering; a notice is shown", id, e);
      complete = false;
      return Optional.empty();
    }
  }

  /** Text is deflated; images, audio, video, zips and other binaries are stored as they are. */
  static boolean compressible(String mimeType) {
    String t = mimeType == null ? "" : mimeType.toLowerCase(Locale.ROOT);
    if (t.startsWith("image/") || t.startsWith("audio/") || t.startsWith("video/")) {
      return false;
    }
    return t.startsWith("text/")
        || t.contains("json")
        || t.contains("xml")
        || t.contains("javascript");
  }

  static String safeExt(String ext) {
    String e = ext == null ? "" : ext.toLowerCase(Locale.ROOT).replaceAll("^\\.", "");
    return e.matches("[a-z0-9]{1,10}") ? e : "bin";
  }
}
