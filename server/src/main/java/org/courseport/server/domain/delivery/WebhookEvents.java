package org.courseport.server.domain.delivery;

import java.util.List;

/** The event types a webhook endpoint can receive. */
public final class WebhookEvents {
  /** An import (package processing) job completed: a new package revision exists. */
  public static final String PROCESSING_COMPLETED = "package.processing.completed";

  /** An import (package processing) job ended in error. */
  public static final String PROCESSING_FAILED = "package.processing.failed";

  /** Every event type, in the order documented. */
  public static final List<String> ALL = List.of(PROCESSING_COMPLETED, PROCESSING_FAILED);

  /** The event type of SCORM Cloud import postbacks in the delivery log. */
  public static final String IMPORT_POSTBACK = "import.postback";

  /** The event type of SCORM Cloud registration postbacks in the delivery log. */
  public static final String REGISTRATION_POSTBACK = "registration.postback";

  private WebhookEvents() {}
}
