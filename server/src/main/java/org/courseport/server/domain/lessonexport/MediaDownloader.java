package org.courseport.server.domain.lessonexport;

import java.io.IOException;

/**
 * Downloads external media into the blob store at export time, through the server's SSRF guard with
 * a size cap and timeouts. Failures are {@link org.courseport.server.domain.DomainException}s whose
 * message says what went wrong (it is copied into the manifest's {@code failedMedia}).
 */
@FunctionalInterface
public interface MediaDownloader {

  /** Downloads {@code url}; returns the id of the committed blob holding its bytes. */
  String download(String url) throws IOException;
}
