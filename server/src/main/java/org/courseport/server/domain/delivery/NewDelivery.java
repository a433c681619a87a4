package org.courseport.server.domain.delivery;

import java.util.Map;

/**
 * A delivery to enqueue.
 *
 * @param tenantId owning tenant
 * @param kind what sends it
 * @param eventType the event type
 * @param subjectId what it is about (an import job id)
 * @param endpointId the signing webhook endpoint, or null
 * @param target the full URL
 * @param headers extra request headers
 * @param body the JSON body
 */
public record NewDelivery(
    String tenantId,
    Delivery.Kind kind,
    String eventType,
    String subjectId,
    String endpointId,
    String target,
    Map<String, String> headers,
    String body) {
  public NewDelivery {
    headers = Map.copyOf(headers);
  }
}
