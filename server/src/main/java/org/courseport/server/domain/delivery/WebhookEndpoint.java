package org.courseport.server.domain.delivery;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's webhook endpoint.
 *
 * @param endpointId opaque id
 * @param tenantId owning tenant
 * @param url the HTTPS URL events are POSTed to
 * @param events the event types it receives
 * @param secret the signing secret (stored encrypted; shown to the tenant once, at creation)
 * @param created when it was registered
 */
public record WebhookEndpoint(
    String endpointId,
    String tenantId,
    String url,
    List<String> events,
    String secret,
    Instant created) {
  public WebhookEndpoint {
    events = List.copyOf(events);
  }

  @Override
  public String toString() {
    return "WebhookEndpoint[" + endpointId + ", " + url + ", " + events + ", secret=****]";
  }
}
