package org.courseport.server.webhooks;

import java.util.OptionalInt;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.catalog.CourseCatalog;
import org.courseport.server.domain.course.CourseView;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.ImportJobListener;

/** Posts an ended import job's result (ImportJobResultSchema JSON) to its postback URL. */
public final class PostbackNotifier implements ImportJobListener {

  /** Renders an ended job as the postback body; {@code view} is null unless the course exists. */
  @FunctionalInterface
  public interface ResultRenderer {
    /** The JSON body for {@code job}, with its imported course when {@code view} is not null. */
    String render(ImportJob job, CourseView view);
  }

  private final CourseCatalog catalog;
  private final ImportPostbacks postbacks;
  private final ResultRenderer renderer;

  public PostbackNotifier(
      CourseCatalog catalog, ImportPostbacks postbacks, ResultRenderer renderer) {
    this.catalog = catalog;
    this.postbacks = postbacks;
    this.renderer = renderer;
  }

  @Override
  public void jobEnded(ImportJob job) {
    if (postbacks.target(job).isEmpty()) {
      return;
    }
    CourseView view = null;
    if (job.status() == ImportJob.Status.COMPLETE) {
      try {
        view = catalog.view(job.tenantId(), job.courseId(), OptionalInt.of(job.version()));
      } catch (DomainException e) {
        view = null; // deleted in the meantime
      }
    }
    postbacks.jobEnded(job, renderer.render(job, view));
  }
}
