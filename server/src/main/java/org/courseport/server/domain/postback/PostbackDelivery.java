package org.courseport.server.domain.postback;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The record of one postback: where it went, every attempt, and how it ended.
 *
 * @param deliveryId opaque id
 * @param tenantId owning tenant
 * @param jobId the import job the postback reports
 * @param url target URL without query or fragment (queries may carry secrets)
 * @param status PENDING until delivered or given up
 * @param created when it was submitted
 * @param finished when it ended, or null
 * @param attempts attempts made so far, in order
 */
public record PostbackDelivery(
    String deliveryId,
    String tenantId,
    String jobId,
    String url,
    Status status,
    Instant created,
    Instant finished,
    List<Attempt> attempts) {
  public PostbackDelivery {
    attempts = List.copyOf(attempts);
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

  /** The same delivery with one more attempt. */
  public PostbackDelivery withAttempt(Attempt attempt) {
    List<Attempt> all = new ArrayList<>(attempts);
    all.add(attempt);
    return new PostbackDelivery(deliveryId, tenantId, jobId, url, status, created, finished, all);
  }

  /** The same delivery ended with {@code end} at {@code at}. */
  public PostbackDelivery finishedAs(Status end, Instant at) {
    return new PostbackDelivery(deliveryId, tenantId, jobId, url, end, created, at, attempts);
  }
}
