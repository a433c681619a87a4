package org.courseport.server.domain.media;

import java.time.Instant;
import java.util.UUID;

/**
 * A widget of a tenant: a JavaScript bundle and an optional CSS file, both stored content-addressed
 * in the blob store.
 *
 * @param styleSha256 the CSS blob id; null when the widget has no CSS
 */
public record WidgetBundle(
    UUID id,
    String tenantId,
    String widgetType,
    String scriptSha256,
    String styleSha256,
    Instant createdAt) {

  /** Whether the widget has a CSS file. */
  public boolean hasStyle() {
    return styleSha256 != null;
  }
}
