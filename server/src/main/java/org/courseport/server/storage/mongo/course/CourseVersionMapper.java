package org.courseport.server.storage.mongo.course;

import static org.courseport.server.storage.mongo.support.DocumentValues.date;
import static org.courseport.server.storage.mongo.support.DocumentValues.instant;
import static org.courseport.server.storage.mongo.support.DocumentValues.intValue;
import static org.courseport.server.storage.mongo.support.DocumentValues.longValue;

import org.bson.Document;
import org.courseport.server.domain.course.CourseVersion;

/** Maps {@link CourseVersion} records to documents of the {@code courseVersions} collection. */
final class CourseVersionMapper {
  static final String TENANT_ID = "tenantId";
  static final String COURSE_ID = "courseId";
  static final String VERSION = "version";
  static final String TITLE = "title";
  static final String BLOB_ID = "blobId";
  static final String UPDATED = "updated";
  static final String REPORT = "report";

  private CourseVersionMapper() {}

  static Document toDocument(CourseVersion v) {
    return new Document(TENANT_ID, v.tenantId())
        .append(COURSE_ID, v.courseId())
        .append(VERSION, v.version())
        .append(TITLE, v.title())
        .append(BLOB_ID, v.blobId())
        .append("packageSize", v.packageSize())
        .append("fileName", v.fileName())
        .append("description", PackageDescriptionMapper.toDocument(v.description()))
        .append(REPORT, ValidationReportMapper.toDocument(v.report()))
        .append("created", date(v.created()))
        .append(UPDATED, date(v.updated()));
  }

  static CourseVersion fromDocument(Document doc) {
    return new CourseVersion(
        doc.getString(TENANT_ID),
        doc.getString(COURSE_ID),
        intValue(doc, VERSION),
        doc.getString(TITLE),
        doc.getString(BLOB_ID),
        longValue(doc, "packageSize"),
        doc.getString("fileName"),
        PackageDescriptionMapper.fromDocument(doc.get("description", Document.class)),
        ValidationReportMapper.fromDocument(doc.get(REPORT, Document.class)),
        instant(doc, "created"),
        instant(doc, UPDATED));
  }
}
