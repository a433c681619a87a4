package org.courseport.server.domain.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.blob.BlobStore.BlobWriter;

/**
 * A tenant's media library and widgets: uploads (type checked by signature, stored
 * content-addressed), external media registered by URL, reads, lists and deletes. Every operation
 * is scoped to one tenant; another tenant's item is "not found".
 */
public final class MediaCatalog implements MediaLibrary {

  private final MediaRepository media;
  private final WidgetRepository widgets;
  private final BlobStore blobs;
  private final ExternalUrlCheck urls;
  private final MediaReferences references;
  private final MediaLimits limits;
  private final Clock clock;

  public MediaCatalog(
      MediaRepository media,
      WidgetRepository widgets,
      BlobStore blobs,
      ExternalUrlCheck urls,
      MediaReferences references,
      MediaLimits limits,
      Clock clock) {
    this.media = media;
    this.widgets = widgets;
    this.blobs = blobs;
    this.urls = urls;
    this.references = references;
    this.limits = limits;
    this.clock = clock;
  }

  public MediaLimits limits() {
    return limits;
  }

  /**
   * Starts an upload. The declared type (null or blank: none) must be a supported type; an
   * announced size over the limit is refused now.
   */
  public MediaUpload beginUpload(
      String tenantId,
      String filename,
      String declaredType,
      Attribution attribution,
      Long announcedSize) {
    String declared = MediaTypes.canonical(declaredType);
    if (declared != null && !MediaTypes.isSupported(declared)) {
      throw MediaUpload.unsupported(
          "The declared type "
              + declared
              + " is not a supported media type. Supported types: "
              + MediaTypes.supportedList()
              + ".");
    }
    if (announcedSize != null && announcedSize > limits.maxMediaBytes()) {
      throw MediaUpload.tooLarge(limits.maxMediaBytes());
    }
    String name = cleanFilename(filename);
    BlobWriter writer = newWriter();
    return new MediaUpload(
        writer,
        declared,
        Attribution.normalize(attribution),
        limits,
        stored -> store(tenantId, name, stored));
  }

  private MediaItem store(String tenantId, String filename, MediaUpload.Committed stored) {
    MediaItem[] item = new MediaItem[1];
    try {
      stored
          .writer()
          .commit(
              sha256 -> {
                item[0] =
                    new MediaItem(
                        UUID.randomUUID(),
                        tenantId,
                        stored.mimeType(),
                        MediaTypes.extensionOf(stored.mimeType()),
                        stored.size(),
                        sha256,
                        filename,
                        null,
                        stored.attribution(),
                        now());
                media.insert(item[0]);
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return item[0];
  }

  /**
   * Registers external media: the URL is checked by the SSRF guard's rules now and fetched at
   * export time. The type is the given one, else the one the URL path's extension names.
   */
  public MediaItem registerExternal(
      String tenantId, String url, String mimeType, Attribution attribution) {
    if (url == null || url.isBlank()) {
      throw DomainException.invalid("MEDIA_URL_MISSING", "The media URL is required.");
    }
    if (url.length() > Attribution.MAX_URL) {
      throw DomainException.invalid(
          "MEDIA_URL_INVALID",
          "The media URL is longer than " + Attribution.MAX_URL + " characters.");
    }
    Attribution credit = Attribution.normalize(attribution);
    String checked;
    try {
      checked = urls.check(url.trim());
    } catch (DomainException e) {
      // A forbidden or unknown target is a bad request here: nothing is fetched at registration.
      throw new DomainException(
          DomainException.Kind.INVALID_ARGUMENT,
          e.reason(),
          "The external media URL is refused. " + e.getMessage(),
          withoutHttpStatus(e.metadata()));
    }
    String path = URI.create(checked).getPath();
    String last = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
    String type = MediaTypes.canonical(mimeType);
    if (type != null && !MediaTypes.isSupported(type)) {
      throw MediaUpload.unsupported(
          "The type "
              + type
              + " is not a supported media type. Supported types: "
              + MediaTypes.supportedList()
              + ".");
    }
    if (type == null && last.contains(".")) {
      type = MediaTypes.ofExtension(last.substring(last.lastIndexOf('.') + 1));
    }
    MediaItem item =
        new MediaItem(
            UUID.randomUUID(),
            tenantId,
            type,
            MediaTypes.extensionOf(type),
            null,
            null,
            last.isEmpty() ? null : cleanFilename(last),
            checked,
            credit,
            now());
    media.insert(item);
    return item;
  }

  private static Map<String, String> withoutHttpStatus(Map<String, String> metadata) {
    Map<String, String> copy = new java.util.HashMap<>(metadata);
    copy.remove("http_status");
    return copy;
  }

  /** The tenant's media item; NOT_FOUND otherwise. */
  public MediaItem get(String tenantId, UUID id) {
    return media
        .find(tenantId, id)
        .orElseThrow(
            () -> DomainException.notFound("MEDIA_NOT_FOUND", "Media '" + id + "' not found."));
  }

  public List<MediaItem> list(String tenantId, int offset, int limit) {
    return media.list(tenantId, offset, limit);
  }

  /**
   * Deletes a media item unless content references it; its bytes are deleted when no other media
   * item or widget has the same ones.
   */
  public void delete(String tenantId, UUID id) {
    MediaItem item = get(tenantId, id);
    if (references.isReferenced(tenantId, id)) {
      throw new DomainException(
          DomainException.Kind.FAILED_PRECONDITION,
          "MEDIA_IN_USE",
          "Media '" + id + "' is used by a lesson and cannot be deleted.",
          Map.of("http_status", "409"));
    }
    if (!media.delete(tenantId, id)) {
      throw DomainException.notFound("MEDIA_NOT_FOUND", "Media '" + id + "' not found.");
    }
    if (item.sha256() != null) {
      try {
        blobs.deleteUnlessReferenced(
            item.sha256(),
            () -> media.anyWithSha256(item.sha256()) || widgets.anyWithSha256(item.sha256()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Starts a widget upload. */
  public WidgetUpload beginWidget(String tenantId) {
    return new WidgetUpload(
        blobs,
        limits,
        (type, script, style) -> {
          String styleSha = style == null ? null : style.commit();
          WidgetBundle[] widget = new WidgetBundle[1];
          script.commit(
              scriptSha -> {
                widget[0] =
                    new WidgetBundle(UUID.randomUUID(), tenantId, type, scriptSha, styleSha, now());
                widgets.insert(widget[0]);
              });
          return widget[0];
        });
  }

  /**
   * Deletes a widget (used to undo an import that failed); its bytes are deleted when no other
   * media item or widget has the same ones.
   */
  public void deleteWidget(String tenantId, UUID id) {
    WidgetBundle widget = getWidget(tenantId, id);
    if (!widgets.delete(tenantId, id)) {
      throw DomainException.notFound("WIDGET_NOT_FOUND", "Widget '" + id + "' not found.");
    }
    for (String sha : new String[] {widget.scriptSha256(), widget.styleSha256()}) {
      if (sha != null) {
        try {
          blobs.deleteUnlessReferenced(
              sha, () -> media.anyWithSha256(sha) || widgets.anyWithSha256(sha));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /** The tenant's widget; NOT_FOUND otherwise. */
  public WidgetBundle getWidget(String tenantId, UUID id) {
    return widgets
        .find(tenantId, id)
        .orElseThrow(
            () -> DomainException.notFound("WIDGET_NOT_FOUND", "Widget '" + id + "' not found."));
  }

  public List<WidgetBundle> listWidgets(String tenantId, int offset, int limit) {
    return widgets.list(tenantId, offset, limit);
  }

  /** The size of a stored blob. */
  public long sizeOf(String sha256) {
    try {
      return blobs.size(sha256);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<MediaItem> find(String tenantId, UUID id) {
    return media.find(tenantId, id);
  }

  @Override
  public InputStream open(MediaItem item) throws IOException {
    if (item.external()) {
      throw new IllegalArgumentException(
          "Media " + item.id() + " is external: its bytes are at " + item.externalUrl());
    }
    return blobs.open(item.sha256());
  }

  /** The stored blob's length, from the blob store: no bytes are read. */
  @Override
  public long storedSize(MediaItem item) throws IOException {
    if (item.external()) {
      throw new IllegalArgumentException(
          "Media " + item.id() + " is external: its bytes are at " + item.externalUrl());
    }
    return blobs.size(item.sha256());
  }

  @Override
  public Optional<WidgetBundle> findWidget(String tenantId, UUID id) {
    return widgets.find(tenantId, id);
  }

  @Override
  public InputStream openScript(WidgetBundle widget) throws IOException {
    return blobs.open(widget.scriptSha256());
  }

  @Override
  public Optional<InputStream> openStyle(WidgetBundle widget) throws IOException {
    return widget.hasStyle() ? Optional.of(blobs.open(widget.styleSha256())) : Optional.empty();
  }

  /** A media or widget id: a UUID, else INVALID_ARGUMENT naming the value. */
  public static UUID parseId(String what, String value) {
    try {
      UUID id = UUID.fromString(value == null ? "" : value.trim());
      if (!id.toString().equals(value.trim().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("not canonical");
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw DomainException.invalid(
          "ID_INVALID", "Invalid " + what + " id '" + value + "': expected a UUID.");
    }
  }

  private BlobWriter newWriter() {
    try {
      return blobs.newWriter();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Instant now() {
    // Stored documents keep milliseconds: answer what a later read answers.
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** The last path segment of a file name, without control characters, at most 255 chars. */
  static String cleanFilename(String filename) {
    if (filename == null) {
      return null;
    }
    String name = filename.replace('\\', '/');
    name = name.substring(name.lastIndexOf('/') + 1).replaceAll("\\p{Cntrl}", "").strip();
    if (name.isEmpty()) {
      return null;
    }
    return name.length() > 255 ? name.substring(0, 255) : name;
  }
}
