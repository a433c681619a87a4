package org.courseport.server.grpc.course;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import org.courseport.server.domain.course.CourseView;
import org.courseport.server.domain.job.ImportJob;

/** An import job's result as the ImportJobResultSchema JSON that REST callers also receive. */
public final class ImportResultJson {
  private static final JsonFormat.Printer JSON =
      JsonFormat.printer().alwaysPrintFieldsWithNoPresence().omittingInsignificantWhitespace();

  private ImportResultJson() {}

  /** The JSON of {@code job}; {@code view} (nullable) is the imported course, if it exists. */
  public static String print(ImportJob job, CourseView view) {
    try {
      return JSON.print(ImportProtoMapper.toProto(job, view));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
