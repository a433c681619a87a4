package org.courseport.server.webhooks;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.courseport.server.domain.delivery.Delivery;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.settings.SettingIds;
import org.courseport.server.domain.settings.SettingScope;
import org.courseport.server.domain.settings.SettingsService;

/**
 * Sends an import job's result when the job ends: to the job's own postbackUrl, else to the
 * effective {@code ImportPostbackUrl} of the course, with Basic credentials from the {@code
 * ImportPostbackAuth*} settings.
 */
public final class ImportPostbacks {
  private final SettingsService settings;
  private final PostbackSender sender;

  public ImportPostbacks(SettingsService settings, PostbackSender sender) {
    this.settings = settings;
    this.sender = sender;
  }

  /**
   * Starts the postback of an ended job; empty when neither the job nor the settings name a URL.
   *
   * @param resultJson the job as ImportJobResultSchema JSON
   */
  public Optional<CompletableFuture<Delivery>> jobEnded(ImportJob job, String resultJson) {
    return target(job)
        .map(
            url ->
                sender.submit(
                    new PostbackRequest(
                        job.tenantId(), job.jobId(), url, resultJson, credentials(job))));
  }

  /** The URL a job's result goes to, if any. */
  public Optional<String> target(ImportJob job) {
    if (job.postbackUrl() != null && !job.postbackUrl().isBlank()) {
      return Optional.of(job.postbackUrl().trim());
    }
    return settings.effectiveNonEmpty(scope(job), SettingIds.IMPORT_POSTBACK_URL);
  }

  /** The Basic credentials configured for the job's course, if any. */
  public BasicCredentials credentials(ImportJob job) {
    SettingScope scope = scope(job);
    if (!"httpbasic".equals(settings.effective(scope, SettingIds.IMPORT_POSTBACK_AUTH_TYPE))) {
      return null;
    }
    Optional<String> user = settings.effectiveNonEmpty(scope, SettingIds.IMPORT_POSTBACK_AUTH_USER);
    return user.map(
            u ->
                new BasicCredentials(
                    u, settings.effective(scope, SettingIds.IMPORT_POSTBACK_AUTH_PASSWORD)))
        .orElse(null);
  }

  private static SettingScope scope(ImportJob job) {
    return SettingScope.course(job.tenantId(), job.courseId());
  }
}
