package org.courseport.server.domain.job;

/**
 * What an upload imports, and where.
 *
 * @param courseId the course id
 * @param mayCreateNewVersion whether an existing course gets a new version
 * @param fileName the uploaded file name, may be empty
 * @param contentType the upload's MIME type, may be empty (zip)
 * @param postbackUrl URL to notify when the job ends, may be empty
 * @param declaredSize size the client announced, or -1
 * @param media metadata of a media-file course, or null
 */
public record UploadRequest(
    String courseId,
    boolean mayCreateNewVersion,
    String fileName,
    String contentType,
    String postbackUrl,
    long declaredSize,
    MediaMetadata media) {}
