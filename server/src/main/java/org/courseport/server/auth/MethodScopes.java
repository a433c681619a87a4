package org.courseport.server.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.courseport.server.domain.tenant.Scopes;

/**
 * The one table of what every RPC requires: a scope ({@code action:area} or {@code admin}, see
 * {@link Scopes}), or nothing because the method is OPEN and checks a capability of its own (a
 * signed URL, a download token, the operator's admin token). {@link AuthInterceptor} lets the OPEN
 * methods through without credentials; {@link ScopeInterceptor} checks the scope of every other
 * method and refuses any method that is not in the table. docs/scopes.md is this table as prose (a
 * test keeps the two equal), and a test walks every bound method and REST route against it.
 *
 * <p>Reads need {@code read}, creates, updates, imports and uploads {@code write}, deletions {@code
 * delete}; the area is the API the method serves: SCORM Cloud's course service {@code course}, the
 * Allure package API {@code package}, exports, downloads and sharing {@code export}, lessons, media
 * and authoring {@code content}, webhooks {@code webhook}; the operator's AdminService {@code
 * admin}.
 */
public final class MethodScopes {

  /** What one method requires: exactly one of a scope, or an OPEN reason. */
  public record Rule(String scope, String openReason) {
    public Rule {
      if ((scope == null) == (openReason == null)) {
        throw new IllegalArgumentException("A rule is either a scope or an OPEN reason");
      }
      if (scope != null && !Scopes.valid(scope)) {
        throw new IllegalArgumentException("Not a scope: " + scope);
      }
      if (scope != null
          && !scope.equals(Scopes.ADMIN)
          && !scope.contains(":")) { // a bare action would grant every area
        throw new IllegalArgumentException("A method requires action:area or admin: " + scope);
      }
    }

    /** Whether the method runs without an API key. */
    public boolean open() {
      return scope == null;
    }
  }

  private static final String P = "courseport.v1.";

  private static final MethodScopes DEFAULT = build();

  private final Map<String, Rule> rules;

  private MethodScopes(Map<String, Rule> rules) {
    this.rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
  }

  /** The table of Courseport's services. */
  public static MethodScopes table() {
    return DEFAULT;
  }

  /** The rule of a method by its full name ({@code courseport.v1.CourseService/GetCourse}). */
  public Optional<Rule> rule(String fullMethodName) {
    return Optional.ofNullable(rules.get(fullMethodName));
  }

  /** Every entry, in table order (grouped by service). */
  public Map<String, Rule> all() {
    return rules;
  }

  /** Full names of the OPEN methods (for {@link AuthInterceptor}). */
  public Set<String> openMethods() {
    Set<String> out = new TreeSet<>();
    rules.forEach(
        (name, rule) -> {
          if (rule.open()) {
            out.add(name);
          }
        });
    return out;
  }

  private static MethodScopes build() {
    Builder b = new Builder();
    // SCORM Cloud's course service (CourseService): area course.
    b.service("CourseService", "course")
        .write("CreateUploadAndImportCourseJob")
        .write("CreateFetchAndImportCourseJob")
        .read("GetImportJobStatus")
        .read("GetCourses")
        .read("GetCourse")
        .delete("DeleteCourse")
        .read("GetCourseVersions")
        .delete("DeleteCourseVersion")
        .write("SetCourseTitle")
        .read("GetCourseTags")
        .write("PutCourseTags")
        .delete("DeleteCourseTags")
        .write("PutCourseTagsBatch")
        .read("GetCourseConfiguration")
        .write("SetCourseConfiguration")
        .delete("DeleteCourseConfigurationSetting")
        .read("GetApplicationConfiguration")
        .write("SetApplicationConfiguration")
        .delete("DeleteApplicationConfigurationSetting")
        .read("GetCourseFileList")
        .read("GetCourseAsset")
        .read("GetCourseZip")
        .read("GetValidationReport")
        // An upload (checked, not stored): uploads need write.
        .write("ValidatePackage")
        .read("BuildCoursePreviewLaunchLink")
        .read("GetCourseStatements");
    // The Allure package API (PackageService): area package.
    b.service("PackageService", "package")
        .write("CreateUploadUrl")
        .open("PutUploadBytes", "the presigned upload URL's signature is the capability")
        .write("ProcessPackage")
        .read("ListPackages")
        .read("GetPackage")
        .write("UpdatePackage")
        .open("SetTenantQuota", "checks the operator's COURSEPORT_ADMIN_TOKEN itself")
        .open("SetTenantPlan", "checks the operator's COURSEPORT_ADMIN_TOKEN itself")
        .read("GetCurrentTenant")
        .read("ListPackageVersions")
        .write("InitMultipartUpload")
        .write("CreatePartUploadUrl")
        .write("CompleteMultipartUpload")
        .write("OpenResumableUpload")
        .read("GetResumableUploadStatus")
        .write("WriteResumableUpload")
        // A launch creates a launch session.
        .write("LaunchPackage")
        .read("GetLaunchSession");
    // Lesson, LearningStudio course and Canvas content exports (ExportService): area export.
    b.service("ExportService", "export")
        .read("ExportLessonVersion")
        .read("GetLessonExportManifest")
        .open("GetLessonExportFile", "the signed file URL of the export manifest is the capability")
        .write("ExportCourse")
        .delete("RevokeCourseExport")
        .open("DownloadCourseExport", "the download token of the export is the capability")
        .open("GetSharePage", "the public share page of a course its owner chose to share")
        .write("SetCourseSharing")
        .write("CreateContentExport")
        .read("ListContentExports")
        .read("GetContentExport")
        .read("GetProgress")
        .open(
            "DownloadContentExport", "the signed file URL of the content export is the capability")
        .write("CreateGroup")
        .read("GetGroup")
        .write("AddGroupCourses")
        .read("GetUser");
    // Lessons, media and authoring: area content.
    b.service("LessonService", "content")
        .write("CreateLesson")
        .read("GetLesson")
        .read("ListLessons")
        .write("UpdateLesson")
        .delete("DeleteLesson")
        .write("PublishLessonVersion")
        .read("ListLessonVersions")
        .read("GetLessonVersion")
        .write("ImportLessonBundle");
    b.service("MediaService", "content")
        .write("UploadMedia")
        .write("RegisterExternalMedia")
        .read("GetMedia")
        .read("ListMedia")
        .delete("DeleteMedia")
        .read("GetMediaContent")
        .write("UploadWidget")
        .read("GetWidget")
        .read("ListWidgets");
    b.service("CourseAuthoringService", "content").write("CreateCourse").read("GetCourseJob");
    // Webhook endpoints and their delivery log: area webhook.
    b.service("WebhookService", "webhook")
        .write("CreateWebhookEndpoint")
        .read("ListWebhookEndpoints")
        .read("GetWebhookEndpoint")
        .delete("DeleteWebhookEndpoint")
        .read("ListWebhookDeliveries");
    // The operator's tenants, keys, quotas and plans: admin.
    b.service("AdminService", null)
        .admin("CreateTenant")
        .admin("ListTenants")
        .admin("GetTenant")
        .admin("CreateApiKey")
        .admin("ListApiKeys")
        .admin("RotateApiKey")
        .admin("RevokeApiKey")
        .admin("GetTenantQuota")
        .admin("SetTenantQuota")
        .admin("SetTenantPlan");
    return new MethodScopes(b.rules);
  }

  /** Builds the table one service at a time; a method named twice is a mistake. */
  private static final class Builder {
    private final Map<String, Rule> rules = new LinkedHashMap<>();
    private String service;
    private String area;

    Builder service(String name, String area) {
      this.service = P + name;
      this.area = area;
      return this;
    }

    Builder read(String method) {
      return put(method, new Rule(Scopes.READ + ":" + area, null));
    }

    Builder write(String method) {
      return put(method, new Rule(Scopes.WRITE + ":" + area, null));
    }

    Builder delete(String method) {
      return put(method, new Rule(Scopes.DELETE + ":" + area, null));
    }

    Builder admin(String method) {
      return put(method, new Rule(Scopes.ADMIN, null));
    }

    Builder open(String method, String reason) {
      return put(method, new Rule(null, reason));
    }

    private Builder put(String method, Rule rule) {
      String name = service + "/" + method;
      if (rules.putIfAbsent(name, rule) != null) {
        throw new IllegalStateException("Method listed twice: " + name);
      }
      return this;
    }
  }
}
