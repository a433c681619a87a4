package org.courseport.server.domain.delivery;

import java.util.List;
import java.util.Optional;

/** Stores webhook endpoints, their secrets encrypted. */
public interface WebhookEndpointRepository {
  void insert(WebhookEndpoint endpoint);

  Optional<WebhookEndpoint> find(String tenantId, String endpointId);

  /** A page of the tenant's endpoints, oldest first, skipping {@code offset}. */
  List<WebhookEndpoint> list(String tenantId, int offset, int limit);

  /** The tenant's endpoints that receive {@code eventType}. */
  List<WebhookEndpoint> subscribedTo(String tenantId, String eventType);

  /** Deletes an endpoint; false when the tenant has none with that id. */
  boolean delete(String tenantId, String endpointId);
}
