package org.courseport.server.domain.media;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;

/**
 * Read access to a tenant's media and widgets, for the features that use them (lesson publishing
 * checks references, the lesson export copies the bytes). Another tenant's item is absent.
 */
public interface MediaLibrary {

  /** The tenant's media item, or empty. */
  Optional<MediaItem> find(String tenantId, UUID id);

  /**
   * The stored bytes of uploaded media.
   *
   * @throws IllegalArgumentException for external media (no bytes are stored; fetch its URL)
   */
  InputStream open(MediaItem item) throws IOException;

  /**
   * The length of uploaded media's stored bytes. This default reads them; a library whose store
   * knows the length answers without reading.
   */
  default long storedSize(MediaItem item) throws IOException {
    long size = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = open(item)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        size += n;
      }
    }
    return size;
  }

  /** The tenant's widget, or empty. */
  Optional<WidgetBundle> findWidget(String tenantId, UUID id);

  /** The widget's JavaScript bundle. */
  InputStream openScript(WidgetBundle widget) throws IOException;

  /** The widget's CSS file, or empty when it has none. */
  Optional<InputStream> openStyle(WidgetBundle widget) throws IOException;
}
