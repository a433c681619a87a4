package org.courseport.server.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.util.OptionalInt;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.course.CourseCatalog;
import org.courseport.server.domain.course.CourseView;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.ImportJobListener;
import org.courseport.server.webhooks.ImportPostbacks;

/** Posts an ended import job's ImportJobResultSchema JSON to its postback URL. */
public final class PostbackNotifier implements ImportJobListener {
  private static final JsonFormat.Printer JSON =
      JsonFormat.printer().alwaysPrintFieldsWithNoPresence().omittingInsignificantWhitespace();

  private final CourseCatalog catalog;
  private final ImportPostbacks postbacks;

  public PostbackNotifier(CourseCatalog catalog, ImportPostbacks postbacks) {
    this.catalog = catalog;
    this.postbacks = postbacks;
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
    try {
      postbacks.jobEnded(job, JSON.print(ImportProtoMapper.toProto(job, view)));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
