package org.courseport.server.domain.ratelimit;

import java.util.Map;
import java.util.Set;

/**
 * The one table of route classes: which class of rate limit each RPC (by its full gRPC method name,
 * which is also what every REST route of it calls) counts against. RPCs not listed are {@value
 * #DEFAULT}. A class without a limit of its own in {@link RateLimits} counts against the {@value
 * #DEFAULT} limit (and shares its counter).
 */
public final class RateLimitClasses {
  /** Every RPC not listed. */
  public static final String DEFAULT = "default";

  /** RPCs that create an export: LearningStudio's 30 per minute per key. */
  public static final String EXPORT = "export";

  /** RPCs that take package or media bytes, or mint places to put them. */
  public static final String UPLOAD = "upload";

  /** RPCs that start an import. */
  public static final String IMPORT = "import";

  /** The class names {@code COURSEPORT_RATE_LIMITS} may name. */
  public static final Set<String> NAMES = Set.of(DEFAULT, EXPORT, UPLOAD, IMPORT);

  private static final String EXPORT_SERVICE = "courseport.v1.ExportService/";
  private static final String PACKAGE_SERVICE = "courseport.v1.PackageService/";
  private static final String COURSE_SERVICE = "courseport.v1.CourseService/";
  private static final String MEDIA_SERVICE = "courseport.v1.MediaService/";
  private static final String LESSON_SERVICE = "courseport.v1.LessonService/";

  private static final Map<String, String> BY_METHOD =
      Map.ofEntries(
          // LearningStudio's POST /api/v1/courses/{id}/export and the other export-creating RPCs.
          Map.entry(EXPORT_SERVICE + "ExportCourse", EXPORT),
          Map.entry(EXPORT_SERVICE + "CreateContentExport", EXPORT),
          Map.entry(EXPORT_SERVICE + "ExportLessonVersion", EXPORT),
          Map.entry(COURSE_SERVICE + "CreateUploadAndImportCourseJob", IMPORT),
          Map.entry(COURSE_SERVICE + "CreateFetchAndImportCourseJob", IMPORT),
          Map.entry(PACKAGE_SERVICE + "ProcessPackage", IMPORT),
          Map.entry(LESSON_SERVICE + "ImportLessonBundle", IMPORT),
          Map.entry(PACKAGE_SERVICE + "CreateUploadUrl", UPLOAD),
          Map.entry(PACKAGE_SERVICE + "InitMultipartUpload", UPLOAD),
          Map.entry(PACKAGE_SERVICE + "CreatePartUploadUrl", UPLOAD),
          Map.entry(PACKAGE_SERVICE + "CompleteMultipartUpload", UPLOAD),
          Map.entry(PACKAGE_SERVICE + "OpenResumableUpload", UPLOAD),
          Map.entry(PACKAGE_SERVICE + "WriteResumableUpload", UPLOAD),
          Map.entry(MEDIA_SERVICE + "UploadMedia", UPLOAD),
          Map.entry(MEDIA_SERVICE + "UploadWidget", UPLOAD));

  private RateLimitClasses() {}

  /** The class of an RPC by its full method name ({@code package.Service/Method}). */
  public static String classOf(String fullMethodName) {
    return BY_METHOD.getOrDefault(fullMethodName, DEFAULT);
  }

  /** The RPCs listed with a class other than {@value #DEFAULT}. */
  public static Map<String, String> table() {
    return BY_METHOD;
  }
}
