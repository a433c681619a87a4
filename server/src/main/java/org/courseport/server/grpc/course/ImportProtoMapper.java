package org.courseport.server.grpc.course;

import org.courseport.api.v1.ImportJobResult;
import org.courseport.api.v1.ImportResult;
import org.courseport.api.v1.MediaFileMetadata;
import org.courseport.api.v1.ValidationFinding;
import org.courseport.api.v1.ValidationReport;
import org.courseport.server.domain.course.CourseView;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.MediaMetadata;
import org.courseport.server.domain.packaging.Finding;

/** Maps import jobs and validation reports to their protobuf shapes. */
public final class ImportProtoMapper {
  private ImportProtoMapper() {}

  /**
   * The job as ImportJobResultSchema; {@code imported} is the created version's view on COMPLETE
   * (null otherwise).
   */
  public static ImportJobResult toProto(ImportJob job, CourseView imported) {
    ImportJobResult.Builder b = ImportJobResult.newBuilder().setJobId(job.jobId());
    switch (job.status()) {
      case RUNNING -> b.setStatus(ImportJobResult.Status.RUNNING);
      case ERROR -> b.setStatus(ImportJobResult.Status.ERROR).setMessage(job.message());
      case COMPLETE -> {
        b.setStatus(ImportJobResult.Status.COMPLETE);
        if (imported != null) {
          b.setImportResult(
              ImportResult.newBuilder()
                  .setWebPathToCourse(webPath(job.courseId(), job.version()))
                  .addAllParserWarnings(job.warnings())
                  .addAllCourseLanguages(imported.version().description().languages())
                  .setCourse(
                      CourseProtoMapper.toProto(imported, CourseProtoMapper.Include.NONE, true)));
        }
      }
    }
    return b.build();
  }

  /** Where a version's content lives, relative to the content origin. */
  static String webPath(String courseId, int version) {
    return "courses/"
        + java.net.URLEncoder.encode(courseId, java.nio.charset.StandardCharsets.UTF_8)
        + "/"
        + version
        + "/";
  }

  /** The caller's media-file metadata in domain form. */
  static MediaMetadata media(MediaFileMetadata m) {
    return new MediaMetadata(
        m.getTitle(), m.getDescription(), m.getContentLanguage(), m.getEstimatedDuration());
  }

  public static ValidationReport report(org.courseport.server.domain.packaging.ValidationReport r) {
    ValidationReport.Builder b =
        ValidationReport.newBuilder()
            .setPackageFormat(r.packageFormat())
            .setCourseLearningStandard(CourseProtoMapper.standard(r.standard()))
            .setValid(r.valid())
            .setErrorCount((int) r.errorCount())
            .setWarningCount((int) r.warningCount())
            .addAllSchemas(r.schemas());
    for (Finding f : r.findings()) {
      b.addFindings(
          ValidationFinding.newBuilder()
              .setSeverity(ValidationFinding.Severity.valueOf(f.severity().name()))
              .setRule(f.rule())
              .setFile(f.file())
              .setLine(f.line())
              .setElement(f.element())
              .setMessage(f.message()));
    }
    return b.build();
  }
}
