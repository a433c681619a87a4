package org.courseport.server.domain.delivery;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.courseport.server.domain.DomainException;

/**
 * A tenant's webhook endpoints and their delivery logs, and the fan-out of an event to the
 * endpoints that receive it.
 */
public final class WebhookEndpoints {
  /** Most endpoints one tenant may register. */
  public static final int MAX_ENDPOINTS = 50;

  static final String NOT_FOUND = "WEBHOOK_ENDPOINT_NOT_FOUND";

  private final WebhookEndpointRepository endpoints;
  private final DeliveryRepository deliveries;
  private final DeliveryQueue queue;
  private final EndpointUrlPolicy urls;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public WebhookEndpoints(
      WebhookEndpointRepository endpoints,
      DeliveryRepository deliveries,
      DeliveryQueue queue,
      EndpointUrlPolicy urls,
      Clock clock) {
    this.endpoints = endpoints;
    this.deliveries = deliveries;
    this.queue = queue;
    this.urls = urls;
    this.clock = clock;
  }

  /** Registers an endpoint; the returned record carries the secret, which is never shown again. */
  public WebhookEndpoint create(String tenantId, String url, List<String> events) {
    if (url == null || url.isBlank()) {
      throw DomainException.invalid("WEBHOOK_URL_REQUIRED", "url is required.");
    }
    String checked = urls.check(url.trim());
    List<String> wanted = events(events);
    if (endpoints.list(tenantId, 0, MAX_ENDPOINTS).size() >= MAX_ENDPOINTS) {
      throw new DomainException(
          DomainException.Kind.RESOURCE_EXHAUSTED,
          "WEBHOOK_ENDPOINT_LIMIT",
          "A tenant may register at most " + MAX_ENDPOINTS + " webhook endpoints.");
    }
    WebhookEndpoint endpoint =
        new WebhookEndpoint(
            UUID.randomUUID().toString(),
            tenantId,
            checked,
            wanted,
            secret(),
            clock.instant().truncatedTo(ChronoUnit.MILLIS));
    endpoints.insert(endpoint);
    return endpoint;
  }

  /** The tenant's endpoint, or WEBHOOK_ENDPOINT_NOT_FOUND. */
  public WebhookEndpoint get(String tenantId, String endpointId) {
    return endpoints
        .find(tenantId, endpointId)
        .orElseThrow(
            () ->
                DomainException.notFound(
                    NOT_FOUND, "Webhook endpoint '" + endpointId + "' not found."));
  }

  /** A page of the tenant's endpoints, oldest first. */
  public List<WebhookEndpoint> list(String tenantId, int offset, int limit) {
    return endpoints.list(tenantId, offset, limit);
  }

  /** Deletes an endpoint; its pending deliveries then fail (no secret to sign them with). */
  public void delete(String tenantId, String endpointId) {
    if (!endpoints.delete(tenantId, endpointId)) {
      throw DomainException.notFound(NOT_FOUND, "Webhook endpoint '" + endpointId + "' not found.");
    }
  }

  /** A page of an endpoint's delivery log, newest first. */
  public List<Delivery> deliveries(String tenantId, String endpointId, int offset, int limit) {
    get(tenantId, endpointId);
    return deliveries.findByEndpoint(tenantId, endpointId, offset, limit);
  }

  /**
   * Stores one delivery of an event for every endpoint of the tenant that receives it.
   *
   * @param body the event as JSON, the same for every endpoint
   */
  public List<Delivery> emit(String tenantId, String eventType, String subjectId, String body) {
    List<Delivery> out = new ArrayList<>();
    for (WebhookEndpoint endpoint : endpoints.subscribedTo(tenantId, eventType)) {
      out.add(
          queue.enqueue(
              new NewDelivery(
                  tenantId,
                  Delivery.Kind.WEBHOOK,
                  eventType,
                  subjectId,
                  endpoint.endpointId(),
                  endpoint.url(),
                  Map.of(),
                  body)));
    }
    return out;
  }

  private static List<String> events(List<String> events) {
    if (events == null || events.isEmpty()) {
      throw DomainException.invalid(
          "WEBHOOK_EVENTS_REQUIRED",
          "events is required: one or more of " + String.join(", ", WebhookEvents.ALL) + ".");
    }
    Set<String> out = new LinkedHashSet<>();
    for (String event : events) {
      String e = event == null ? "" : event.trim();
      if (!WebhookEvents.ALL.contains(e)) {
        throw DomainException.invalid(
            "WEBHOOK_EVENT_UNKNOWN",
            "Unknown event '" + e + "'; known: " + String.join(", ", WebhookEvents.ALL) + ".");
      }
      out.add(e);
    }
    return List.copyOf(out);
  }

  private String secret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
