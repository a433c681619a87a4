package org.courseport.client;

import java.util.Map;
import java.util.OptionalInt;
import org.courseport.api.v1.CreateFetchAndImportCourseJobRequest;
import org.courseport.api.v1.GetCourseConfigurationRequest;
import org.courseport.api.v1.ImportFetchRequest;
import org.courseport.api.v1.SetCourseConfigurationRequest;
import org.courseport.api.v1.SettingsIndividual;
import org.courseport.api.v1.SettingsPost;

/** Builders of the request messages that take more than one line. */
final class Requests {
  private Requests() {}

  static CreateFetchAndImportCourseJobRequest fetch(String url, UploadOptions opts) {
    return CreateFetchAndImportCourseJobRequest.newBuilder()
        .setCourseId(opts.courseId())
        .setMayCreateNewVersion(opts.mayCreateNewVersion())
        .setPostbackUrl(opts.postbackUrl())
        .setImportRequest(
            ImportFetchRequest.newBuilder().setUrl(url).setContentType(opts.contentType()))
        .build();
  }

  static GetCourseConfigurationRequest getConfig(
      String courseId, OptionalInt version, boolean includeMetadata) {
    GetCourseConfigurationRequest.Builder request =
        GetCourseConfigurationRequest.newBuilder()
            .setCourseId(courseId)
            .setIncludeMetadata(includeMetadata);
    version.ifPresent(request::setVersionId);
    return request.build();
  }

  static SetCourseConfigurationRequest setConfig(
      String courseId, OptionalInt version, Map<String, String> settings) {
    SetCourseConfigurationRequest.Builder request =
        SetCourseConfigurationRequest.newBuilder()
            .setCourseId(courseId)
            .setConfiguration(settings(settings));
    version.ifPresent(request::setVersionId);
    return request.build();
  }

  /** Settings in the order given (use a LinkedHashMap to keep the caller's order). */
  static SettingsPost settings(Map<String, String> settings) {
    SettingsPost.Builder post = SettingsPost.newBuilder();
    settings.forEach(
        (id, value) ->
            post.addSettings(
                SettingsIndividual.newBuilder()
                    .setSettingId(id)
                    .setValue(value)
                    .setExplicit(true)));
    return post.build();
  }
}
