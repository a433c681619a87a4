package org.courseport.server.grpc.course;

import com.google.protobuf.Empty;
import org.courseport.api.v1.DeleteApplicationConfigurationSettingRequest;
import org.courseport.api.v1.DeleteCourseConfigurationSettingRequest;
import org.courseport.api.v1.GetApplicationConfigurationRequest;
import org.courseport.api.v1.GetCourseConfigurationRequest;
import org.courseport.api.v1.SetApplicationConfigurationRequest;
import org.courseport.api.v1.SetCourseConfigurationRequest;
import org.courseport.api.v1.SettingList;
import org.courseport.server.auth.TenantContext;
import org.courseport.server.domain.catalog.CourseCatalog;
import org.courseport.server.domain.settings.SettingScope;
import org.courseport.server.domain.settings.SettingsService;

/** The configuration RPCs of CourseService, at application, course and version level. */
final class ConfigurationRpcs {
  private final SettingsService settings;
  private final CourseCatalog catalog;

  ConfigurationRpcs(SettingsService settings, CourseCatalog catalog) {
    this.settings = settings;
    this.catalog = catalog;
  }

  SettingList getCourse(GetCourseConfigurationRequest r) {
    SettingScope scope = scope(r.getCourseId(), r.hasVersionId(), r.getVersionId());
    return SettingsProtoMapper.toProto(settings.list(scope, r.getIncludeMetadata()));
  }

  Empty setCourse(SetCourseConfigurationRequest r) {
    SettingScope scope = scope(r.getCourseId(), r.hasVersionId(), r.getVersionId());
    settings.set(scope, SettingsProtoMapper.values(r.getConfiguration()));
    return Empty.getDefaultInstance();
  }

  Empty deleteCourse(DeleteCourseConfigurationSettingRequest r) {
    SettingScope scope = scope(r.getCourseId(), r.hasVersionId(), r.getVersionId());
    settings.clear(scope, r.getSettingId());
    return Empty.getDefaultInstance();
  }

  SettingList getApplication(GetApplicationConfigurationRequest r) {
    SettingScope scope = SettingScope.application(TenantContext.tenantId());
    return SettingsProtoMapper.toProto(settings.list(scope, r.getIncludeMetadata()));
  }

  Empty setApplication(SetApplicationConfigurationRequest r) {
    settings.set(
        SettingScope.application(TenantContext.tenantId()),
        SettingsProtoMapper.values(r.getConfiguration()));
    return Empty.getDefaultInstance();
  }

  Empty deleteApplication(DeleteApplicationConfigurationSettingRequest r) {
    settings.clear(SettingScope.application(TenantContext.tenantId()), r.getSettingId());
    return Empty.getDefaultInstance();
  }

  /** The scope of a course or version that exists (NOT_FOUND otherwise). */
  private SettingScope scope(String courseId, boolean hasVersion, int version) {
    String tenant = TenantContext.tenantId();
    catalog.view(tenant, courseId, RequestVersions.version(hasVersion, version));
    return hasVersion
        ? SettingScope.version(tenant, courseId, version)
        : SettingScope.course(tenant, courseId);
  }
}
