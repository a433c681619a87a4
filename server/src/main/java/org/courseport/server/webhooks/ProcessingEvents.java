package org.courseport.server.webhooks;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.catalog.CourseCatalog;
import org.courseport.server.domain.course.CourseView;
import org.courseport.server.domain.delivery.WebhookEndpoints;
import org.courseport.server.domain.delivery.WebhookEvents;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.ImportJobListener;

/**
 * Emits {@code package.processing.completed} or {@code package.processing.failed} to the tenant's
 * webhook endpoints when an import job ends. The package id is the course id, the revision is the
 * course version + 1 (the first is 1), the upload id is the job id.
 */
public final class ProcessingEvents implements ImportJobListener {
  private final CourseCatalog catalog;
  private final WebhookEndpoints endpoints;
  private final Clock clock;

  public ProcessingEvents(CourseCatalog catalog, WebhookEndpoints endpoints, Clock clock) {
    this.catalog = catalog;
    this.endpoints = endpoints;
    this.clock = clock;
  }

  @Override
  public void jobEnded(ImportJob job) {
    boolean completed = job.status() == ImportJob.Status.COMPLETE;
    String type = completed ? WebhookEvents.PROCESSING_COMPLETED : WebhookEvents.PROCESSING_FAILED;
    endpoints.emit(job.tenantId(), type, job.jobId(), body(job, type, completed));
  }

  /** The event JSON (see docs/webhooks.md). */
  String body(ImportJob job, String type, boolean completed) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("package_id", job.courseId());
    data.put("revision", completed ? job.version() + 1 : null);
    data.put("upload_id", job.jobId());
    if (completed) {
      data.put("summary", summary(job));
    } else {
      data.put("reason", job.message());
    }
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", "evt_" + UUID.randomUUID().toString().replace("-", ""));
    event.put("type", type);
    event.put("created_at", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
    event.put("tenant_id", job.tenantId());
    event.put("data", data);
    return EventJson.write(event);
  }

  private Map<String, Object> summary(ImportJob job) {
    Map<String, Object> summary = new LinkedHashMap<>();
    CourseView view = null;
    try {
      view = catalog.view(job.tenantId(), job.courseId(), OptionalInt.of(job.version()));
    } catch (DomainException e) {
      view = null; // deleted in the meantime
    }
    if (view != null) {
      summary.put("title", view.version().title());
      if (view.version().description() != null) {
        summary.put("standard", view.version().description().standard().name());
        summary.put("launch_url", view.version().description().launchUrl());
        summary.put("sco_count", view.version().description().scoCount());
      }
      summary.put("file_size_bytes", view.version().packageSize());
    }
    summary.put("warnings", job.warnings());
    return summary;
  }
}
