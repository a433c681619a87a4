package org.courseport.server.domain.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One outgoing HTTP delivery (a webhook event or a SCORM Cloud import postback), stored before it
 * is sent and kept as its delivery log: every attempt, and how it ended.
 *
 * @param deliveryId opaque id, sent as the {@code Courseport-Webhook-Id} header
 * @param tenantId owning tenant
 * @param kind what sends it
 * @param eventType the event ({@code package.processing.completed}, {@code import.postback})
 * @param subjectId what the event is about (the import job id)
 * @param endpointId the webhook endpoint whose secret signs it, or null (postbacks)
 * @param target the full URL to POST to (may carry a secret query; never shown)
 * @param url the target without query or fragment, as shown in the log
 * @param headers extra request headers (a postback's Basic credentials)
 * @param body the JSON body
 * @param status PENDING until delivered or given up
 * @param created when it was stored
 * @param nextAttemptAt when the next attempt is due (PENDING only), else null
 * @param finished when it ended, or null
 * @param attempts attempts made so far, in order
 * @param requestId the request that caused the delivery, set in the logs while it is sent, or null
 */
public record Delivery(
    String deliveryId,
    String tenantId,
    Kind kind,
    String eventType,
    String subjectId,
    String endpointId,
    String target,
    String url,
    Map<String, String> headers,
    String body,
    Status status,
    Instant created,
    Instant nextAttemptAt,
    Instant finished,
    List<Attempt> attempts,
    String requestId) {
  public Delivery {
    headers = Map.copyOf(headers);
    attempts = List.copyOf(attempts);
  }

  /** A delivery without a request id. */
  public Delivery(
      String deliveryId,
      String tenantId,
      Kind kind,
      String eventType,
      String subjectId,
      String endpointId,
      String target,
      String url,
      Map<String, String> headers,
      String body,
      Status status,
      Instant created,
      Instant nextAttemptAt,
      Instant finished,
      List<Attempt> attempts) {
    this(
        deliveryId,
        tenantId,
        kind,
        eventType,
        subjectId,
        endpointId,
        target,
        url,
        headers,
        body,
        status,
        created,
        nextAttemptAt,
        finished,
        attempts,
        null);
  }

  /** Who asked for the delivery. */
  public enum Kind {
    /** A tenant's webhook endpoint, signed with its secret; HTTPS unless allowed. */
    WEBHOOK,
    /** A SCORM Cloud import postback (unsigned; Basic credentials from the settings). */
    POSTBACK
  }

  /** State of a delivery. */
  public enum Status {
    PENDING,
    DELIVERED,
    FAILED
  }

  /**
   * One try.
   *
   * @param number 1 for the first attempt
   * @param at when it started
   * @param statusCode the HTTP status received, or -1 when none was
   * @param error why it failed without a status (reason and message), or null
   * @param durationMillis how long it took
   */
  public record Attempt(int number, Instant at, int statusCode, String error, long durationMillis) {
    /** Whether the receiver answered 2xx. */
    public boolean succeeded() {
      return statusCode >= 200 && statusCode <= 299;
    }
  }

  /**
   * The same delivery with one more attempt, ending as {@code status} or due again at {@code next}.
   */
  public Delivery after(Attempt attempt, Status status, Instant next, Instant finishedAt) {
    List<Attempt> all = new ArrayList<>(attempts);
    all.add(attempt);
    return new Delivery(
        deliveryId,
        tenantId,
        kind,
        eventType,
        subjectId,
        endpointId,
        target,
        url,
        headers,
        body,
        status,
        created,
        next,
        finishedAt,
        all,
        requestId);
  }

  /** Number of attempts made so far. */
  public int attemptCount() {
    return attempts.size();
  }
}
