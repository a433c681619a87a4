package org.courseport.server.storage.mongo.job;

import static org.courseport.server.storage.mongo.support.DocumentValues.date;
import static org.courseport.server.storage.mongo.support.DocumentValues.enumValue;
import static org.courseport.server.storage.mongo.support.DocumentValues.instant;
import static org.courseport.server.storage.mongo.support.DocumentValues.intValue;
import static org.courseport.server.storage.mongo.support.DocumentValues.name;
import static org.courseport.server.storage.mongo.support.DocumentValues.strings;

import org.bson.Document;
import org.courseport.server.domain.course.VersionReservation;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.MediaMetadata;

/** Maps {@link ImportJob} records to documents of the {@code importJobs} collection and back. */
final class ImportJobMapper {
  static final String JOB_ID = "jobId";
  static final String TENANT_ID = "tenantId";
  static final String COURSE_ID = "courseId";
  static final String BLOB_ID = "blobId";
  static final String STATUS = "status";
  static final String CLAIMED_BY = "claimedBy";
  static final String CLAIMED_AT = "claimedAt";
  static final String ATTEMPTS = "attempts";
  static final String MESSAGE = "message";
  static final String VERSION = "version";
  static final String WARNINGS = "warnings";
  static final String CREATED = "created";
  static final String FINISHED = "finished";

  /** When the job document last changed; kept for operators, not part of the record. */
  static final String UPDATED = "updated";

  static final String MEDIA = "media";
  static final String RESERVED_VERSION = "reservedVersion";
  static final String COURSE_GENERATION = "courseGeneration";
  static final String REQUEST_ID = "requestId";

  private ImportJobMapper() {}

  static Document toDocument(ImportJob job) {
    return new Document(JOB_ID, job.jobId())
        .append(TENANT_ID, job.tenantId())
        .append(COURSE_ID, job.courseId())
        .append("mayCreateNewVersion", job.mayCreateNewVersion())
        .append("source", name(job.source()))
        .append(BLOB_ID, job.blobId())
        .append("fetchUrl", job.fetchUrl())
        .append("fileName", job.fileName())
        .append("contentType", job.contentType())
        .append("postbackUrl", job.postbackUrl())
        .append(STATUS, name(job.status()))
        .append(CLAIMED_BY, job.claimedBy())
        .append(CLAIMED_AT, date(job.claimedAt()))
        .append(ATTEMPTS, job.attempts())
        .append(MESSAGE, job.message())
        .append(VERSION, job.version())
        .append(WARNINGS, job.warnings())
        .append(CREATED, date(job.created()))
        .append(FINISHED, date(job.finished()))
        .append(UPDATED, date(job.created()))
        .append(MEDIA, media(job.media()))
        .append(RESERVED_VERSION, job.reservation() == null ? null : job.reservation().version())
        .append(
            COURSE_GENERATION, job.reservation() == null ? null : job.reservation().generation())
        .append(REQUEST_ID, job.requestId());
  }

  private static Document media(MediaMetadata m) {
    if (m == null) {
      return null;
    }
    return new Document("title", m.title())
        .append("description", m.description())
        .append("language", m.language())
        .append("estimatedDurationSeconds", m.estimatedDurationSeconds());
  }

  private static MediaMetadata media(Document d) {
    if (d == null) {
      return null;
    }
    return new MediaMetadata(
        d.getString("title"),
        d.getString("description"),
        d.getString("language"),
        intValue(d, "estimatedDurationSeconds"));
  }

  static ImportJob fromDocument(Document doc) {
    return new ImportJob(
        doc.getString(JOB_ID),
        doc.getString(TENANT_ID),
        doc.getString(COURSE_ID),
        doc.getBoolean("mayCreateNewVersion", false),
        enumValue(ImportJob.Source.class, doc, "source"),
        doc.getString(BLOB_ID),
        doc.getString("fetchUrl"),
        doc.getString("fileName"),
        doc.getString("contentType"),
        doc.getString("postbackUrl"),
        enumValue(ImportJob.Status.class, doc, STATUS),
        doc.getString(CLAIMED_BY),
        instant(doc, CLAIMED_AT),
        intValue(doc, ATTEMPTS),
        doc.getString(MESSAGE),
        intValue(doc, VERSION),
        strings(doc, WARNINGS),
        instant(doc, CREATED),
        instant(doc, FINISHED),
        media(doc.get(MEDIA, Document.class)),
        reservation(doc),
        doc.getString(REQUEST_ID));
  }

  private static VersionReservation reservation(Document doc) {
    if (!(doc.get(RESERVED_VERSION) instanceof Number version)) {
      return null;
    }
    return new VersionReservation(
        version.intValue(), doc.get(COURSE_GENERATION) instanceof Number g ? g.longValue() : 0L);
  }
}
