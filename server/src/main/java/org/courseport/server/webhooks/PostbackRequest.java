package org.courseport.server.webhooks;

/**
 * A postback to send.
 *
 * @param tenantId owning tenant
 * @param jobId the import job it reports
 * @param url where to POST
 * @param json the body, already serialized (ImportJobResultSchema)
 * @param credentials Basic credentials, or null for none
 */
public record PostbackRequest(
    String tenantId, String jobId, String url, String json, BasicCredentials credentials) {}
