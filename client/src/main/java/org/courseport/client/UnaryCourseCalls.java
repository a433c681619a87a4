package org.courseport.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.courseport.api.v1.BatchTags;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.CourseList;
import org.courseport.api.v1.CourseServiceGrpc.CourseServiceBlockingStub;
import org.courseport.api.v1.DeleteApplicationConfigurationSettingRequest;
import org.courseport.api.v1.DeleteCourseConfigurationSettingRequest;
import org.courseport.api.v1.DeleteCourseRequest;
import org.courseport.api.v1.DeleteCourseTagsRequest;
import org.courseport.api.v1.DeleteCourseVersionRequest;
import org.courseport.api.v1.FileList;
import org.courseport.api.v1.GetApplicationConfigurationRequest;
import org.courseport.api.v1.GetCourseConfigurationRequest;
import org.courseport.api.v1.GetCourseFileListRequest;
import org.courseport.api.v1.GetCourseRequest;
import org.courseport.api.v1.GetCourseTagsRequest;
import org.courseport.api.v1.GetCourseVersionsRequest;
import org.courseport.api.v1.GetCoursesRequest;
import org.courseport.api.v1.GetValidationReportRequest;
import org.courseport.api.v1.PutCourseTagsBatchRequest;
import org.courseport.api.v1.PutCourseTagsRequest;
import org.courseport.api.v1.SetApplicationConfigurationRequest;
import org.courseport.api.v1.SetCourseTitleRequest;
import org.courseport.api.v1.SettingList;
import org.courseport.api.v1.TagList;
import org.courseport.api.v1.Title;
import org.courseport.api.v1.ValidationReport;

/** The unary CourseService calls on courses, tags, settings, files and reports. */
abstract class UnaryCourseCalls {

  /** One blocking call on a stub. */
  @FunctionalInterface
  interface UnaryCall<T> {
    T invoke(CourseServiceBlockingStub stub);
  }

  /** Runs one unary call, turning a failure into a {@link CourseportException}. */
  abstract <T> T unary(UnaryCall<T> call);

  /** One page of courses; pass the previous page's {@code more} as the only field to go on. */
  public CourseList getCourses(GetCoursesRequest request) {
    return unary(s -> s.getCourses(request));
  }

  /** Every course matching the request, walking the {@code more} tokens to the last page. */
  public List<Course> getAllCourses(GetCoursesRequest request) {
    List<Course> all = new ArrayList<>();
    CourseList page = getCourses(request);
    all.addAll(page.getCoursesList());
    while (page.hasMore() && !page.getMore().isEmpty()) {
      GetCoursesRequest next = GetCoursesRequest.newBuilder().setMore(page.getMore()).build();
      page = getCourses(next);
      all.addAll(page.getCoursesList());
    }
    return all;
  }

  /** A course in its latest version, or in the version given. */
  public Course getCourse(String courseId, OptionalInt version) {
    GetCourseRequest.Builder request = GetCourseRequest.newBuilder().setCourseId(courseId);
    version.ifPresent(request::setVersionId);
    return getCourse(request.build());
  }

  /**
   * A preview link of a course (latest version, or the one given): an absolute URL on the content
   * origin that opens without credentials until it expires; {@code expirySeconds} 10..300, or empty
   * for the PreviewExpirySeconds setting.
   */
  public String buildPreviewLaunchLink(
      String courseId, OptionalInt version, OptionalInt expirySeconds) {
    org.courseport.api.v1.BuildCoursePreviewLaunchLinkRequest.Builder request =
        org.courseport.api.v1.BuildCoursePreviewLaunchLinkRequest.newBuilder()
            .setCourseId(courseId);
    version.ifPresent(request::setVersionId);
    expirySeconds.ifPresent(request::setExpiry);
    return unary(s -> s.buildCoursePreviewLaunchLink(request.build())).getLaunchLink();
  }

  /** A course, with every option of the request (registration count, metadata). */
  public Course getCourse(GetCourseRequest request) {
    return unary(s -> s.getCourse(request));
  }

  /** Deletes a course with all its versions. */
  public void deleteCourse(String courseId) {
    unary(s -> s.deleteCourse(DeleteCourseRequest.newBuilder().setCourseId(courseId).build()));
  }

  /** Deletes one version; deleting the last one deletes the course. */
  public void deleteCourseVersion(String courseId, int version) {
    DeleteCourseVersionRequest request =
        DeleteCourseVersionRequest.newBuilder().setCourseId(courseId).setVersionId(version).build();
    unary(s -> s.deleteCourseVersion(request));
  }

  /** Every version of a course, oldest first. */
  public List<Course> getCourseVersions(String courseId) {
    GetCourseVersionsRequest request =
        GetCourseVersionsRequest.newBuilder().setCourseId(courseId).build();
    return unary(s -> s.getCourseVersions(request)).getCoursesList();
  }

  /** Sets the title of every version of a course. */
  public void setCourseTitle(String courseId, String title) {
    SetCourseTitleRequest request =
        SetCourseTitleRequest.newBuilder()
            .setCourseId(courseId)
            .setTitle(Title.newBuilder().setTitle(title))
            .build();
    unary(s -> s.setCourseTitle(request));
  }

  /** The tags of a course. */
  public List<String> getCourseTags(String courseId) {
    GetCourseTagsRequest request = GetCourseTagsRequest.newBuilder().setCourseId(courseId).build();
    return unary(s -> s.getCourseTags(request)).getTagsList();
  }

  /** Replaces the tags of a course. */
  public void putCourseTags(String courseId, Collection<String> tags) {
    PutCourseTagsRequest request =
        PutCourseTagsRequest.newBuilder().setCourseId(courseId).setTags(tagList(tags)).build();
    unary(s -> s.putCourseTags(request));
  }

  /** Removes tags from a course; absent tags are ignored. */
  public void deleteCourseTags(String courseId, Collection<String> tags) {
    DeleteCourseTagsRequest request =
        DeleteCourseTagsRequest.newBuilder().setCourseId(courseId).setTags(tagList(tags)).build();
    unary(s -> s.deleteCourseTags(request));
  }

  /** Adds tags to every course listed; changes nothing if one id is unknown. */
  public void putCourseTagsBatch(Collection<String> courseIds, Collection<String> tags) {
    BatchTags batch = BatchTags.newBuilder().addAllIds(courseIds).addAllTags(tags).build();
    PutCourseTagsBatchRequest request =
        PutCourseTagsBatchRequest.newBuilder().setBatch(batch).build();
    unary(s -> s.putCourseTagsBatch(request));
  }

  /** The effective settings of a course, or of one version; with descriptions if asked. */
  public SettingList getCourseConfiguration(
      String courseId, OptionalInt version, boolean includeMetadata) {
    GetCourseConfigurationRequest request = Requests.getConfig(courseId, version, includeMetadata);
    return unary(s -> s.getCourseConfiguration(request));
  }

  /** Sets settings (id to value) at course level, or at version level. */
  public void setCourseConfiguration(
      String courseId, OptionalInt version, Map<String, String> settings) {
    unary(s -> s.setCourseConfiguration(Requests.setConfig(courseId, version, settings)));
  }

  /** Clears a setting at course or version level so that it inherits again. */
  public void deleteCourseConfigurationSetting(
      String courseId, OptionalInt version, String settingId) {
    DeleteCourseConfigurationSettingRequest.Builder request =
        DeleteCourseConfigurationSettingRequest.newBuilder()
            .setCourseId(courseId)
            .setSettingId(settingId);
    version.ifPresent(request::setVersionId);
    unary(s -> s.deleteCourseConfigurationSetting(request.build()));
  }

  /** The effective settings of the caller's application (tenant). */
  public SettingList getApplicationConfiguration(boolean includeMetadata) {
    GetApplicationConfigurationRequest request =
        GetApplicationConfigurationRequest.newBuilder().setIncludeMetadata(includeMetadata).build();
    return unary(s -> s.getApplicationConfiguration(request));
  }

  /** Sets settings (id to value) at application level. */
  public void setApplicationConfiguration(Map<String, String> settings) {
    SetApplicationConfigurationRequest request =
        SetApplicationConfigurationRequest.newBuilder()
            .setConfiguration(Requests.settings(settings))
            .build();
    unary(s -> s.setApplicationConfiguration(request));
  }

  /** Clears an application-level setting so that the default applies again. */
  public void deleteApplicationConfigurationSetting(String settingId) {
    DeleteApplicationConfigurationSettingRequest request =
        DeleteApplicationConfigurationSettingRequest.newBuilder().setSettingId(settingId).build();
    unary(s -> s.deleteApplicationConfigurationSetting(request));
  }

  /** The files of a course package (latest version, or the version given). */
  public FileList getCourseFileList(String courseId, OptionalInt version) {
    GetCourseFileListRequest.Builder request =
        GetCourseFileListRequest.newBuilder().setCourseId(courseId);
    version.ifPresent(request::setVersionId);
    return unary(s -> s.getCourseFileList(request.build()));
  }

  /** The validation report stored with a course version at import. */
  public ValidationReport getValidationReport(String courseId, OptionalInt version) {
    GetValidationReportRequest.Builder request =
        GetValidationReportRequest.newBuilder().setCourseId(courseId);
    version.ifPresent(request::setVersionId);
    return unary(s -> s.getValidationReport(request.build()));
  }

  private static TagList tagList(Collection<String> tags) {
    return TagList.newBuilder().addAllTags(tags).build();
  }
}
