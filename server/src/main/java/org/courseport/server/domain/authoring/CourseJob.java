package org.courseport.server.domain.authoring;

import java.time.Instant;
import java.util.List;

/**
 * A stored course creation job.
 *
 * @param jobId the job id
 * @param tenantId owning tenant
 * @param status where the job is
 * @param progress 0-100
 * @param name the course name
 * @param headline the headline
 * @param format {@code onepage} or {@code classic}
 * @param languageId the language
 * @param callbackUrl where the outcome is POSTed, or null
 * @param modules the modules, checked when the job was accepted
 * @param courseId the course id, chosen when the job was accepted
 * @param created when the job was accepted
 * @param updated when the job last changed
 * @param courseCreated when the course was created (completed jobs), else null
 * @param errorMessage why it failed (failed jobs), else null
 * @param errorCode the error code (failed jobs), else null
 */
public record CourseJob(
    String jobId,
    String tenantId,
    Status status,
    int progress,
    String name,
    String headline,
    String format,
    String languageId,
    String callbackUrl,
    List<AuthoredModule> modules,
    String courseId,
    Instant created,
    Instant updated,
    Instant courseCreated,
    String errorMessage,
    String errorCode) {
  public CourseJob {
    modules = List.copyOf(modules);
  }

  /** The states of a job, as LearningStudio names them in lower case. */
  public enum Status {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED;

    /** The LearningStudio name: {@code pending}, {@code running}, ... */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The number of lesson versions in all modules. */
  public int lessonCount() {
    return modules.stream().mapToInt(m -> m.lessons().size()).sum();
  }
}
