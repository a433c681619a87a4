package org.courseport.server.grpc.webhook;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import org.courseport.api.v1.WebhookAttempt;
import org.courseport.api.v1.WebhookDelivery;
import org.courseport.api.v1.WebhookDeliveryStatus;
import org.courseport.api.v1.WebhookEndpoint;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.delivery.Delivery;
import org.courseport.server.grpc.OffsetPageTokens;

/** Converts webhook endpoints, deliveries and page tokens between the domain and the protos. */
final class WebhookProtoMapper {
  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 100;

  private WebhookProtoMapper() {}

  static WebhookEndpoint toProto(org.courseport.server.domain.delivery.WebhookEndpoint e) {
    return WebhookEndpoint.newBuilder()
        .setEndpointId(e.endpointId())
        .setUrl(e.url())
        .addAllEvents(e.events())
        .setCreateTime(timestamp(e.created()))
        .build();
  }

  static WebhookDelivery toProto(Delivery d) {
    WebhookDelivery.Builder b =
        WebhookDelivery.newBuilder()
            .setDeliveryId(d.deliveryId())
            .setEvent(d.eventType())
            .setUploadId(d.subjectId())
            .setStatus(status(d.status()))
            .setCreateTime(timestamp(d.created()))
            .setUrl(d.url());
    if (d.nextAttemptAt() != null) {
      b.setNextAttemptTime(timestamp(d.nextAttemptAt()));
    }
    if (d.finished() != null) {
      b.setFinishTime(timestamp(d.finished()));
    }
    for (Delivery.Attempt a : d.attempts()) {
      b.addAttempts(
          WebhookAttempt.newBuilder()
              .setNumber(a.number())
              .setAttemptTime(timestamp(a.at()))
              .setStatusCode(Math.max(0, a.statusCode()))
              .setError(a.error() == null ? "" : a.error())
              .setDurationMs(a.durationMillis()));
    }
    return b.build();
  }

  private static WebhookDeliveryStatus status(Delivery.Status s) {
    return switch (s) {
      case PENDING -> WebhookDeliveryStatus.WEBHOOK_DELIVERY_STATUS_PENDING;
      case DELIVERED -> WebhookDeliveryStatus.WEBHOOK_DELIVERY_STATUS_DELIVERED;
      case FAILED -> WebhookDeliveryStatus.WEBHOOK_DELIVERY_STATUS_FAILED;
    };
  }

  static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  /** The page size asked for: 0 means the default, else 1 to {@link #MAX_PAGE_SIZE}. */
  static int pageSize(int asked) {
    if (asked < 0 || asked > MAX_PAGE_SIZE) {
      throw DomainException.invalid(
          "INVALID_PAGE_SIZE", "page_size must be between 1 and " + MAX_PAGE_SIZE + ".");
    }
    return asked == 0 ? DEFAULT_PAGE_SIZE : asked;
  }

  /** The offset an opaque page token stands for (0 for none). */
  static int offset(String token) {
    return OffsetPageTokens.offset(token, "o:", "page_token is not one this API issued.");
  }

  /** The token of the page after one of {@code size} rows at {@code offset}; empty on the last. */
  static String nextToken(int offset, int size, boolean more) {
    return OffsetPageTokens.next("o:", offset, size, more);
  }
}
