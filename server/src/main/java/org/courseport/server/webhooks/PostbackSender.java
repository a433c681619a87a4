package org.courseport.server.webhooks;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.courseport.server.domain.delivery.Delivery;
import org.courseport.server.domain.delivery.NewDelivery;
import org.courseport.server.domain.delivery.WebhookEvents;

/**
 * Sends SCORM Cloud import postbacks through the {@link DeliveryEngine}: stored first, so a
 * postback pending at shutdown is sent after the restart; retried and logged like webhooks. The
 * body is SCORM Cloud's ImportJobResultSchema JSON, with Basic credentials when configured. Plain
 * HTTP stays allowed for postbacks (SCORM Cloud accepts it); the SSRF guard applies.
 */
public final class PostbackSender {
  private final DeliveryEngine engine;

  public PostbackSender(DeliveryEngine engine) {
    this.engine = engine;
  }

  /**
   * Stores a new delivery and starts sending it; the future completes with the delivery once it is
   * DELIVERED or FAILED (in this process).
   */
  public CompletableFuture<Delivery> submit(PostbackRequest request) {
    Map<String, String> headers =
        request.credentials() == null
            ? Map.of()
            : Map.of("authorization", request.credentials().header());
    return engine.enqueueAndWatch(
        new NewDelivery(
            request.tenantId(),
            Delivery.Kind.POSTBACK,
            WebhookEvents.IMPORT_POSTBACK,
            request.jobId(),
            null,
            request.url(),
            headers,
            request.json()));
  }
}
