package org.courseport.server.domain.job;

import java.io.IOException;

/** Downloads a package from a URL into the blob store, guarded against server-side forgery. */
public interface PackageFetcher {
  /** Downloads the URL; returns the blob id. Refusals are DomainExceptions naming the URL. */
  String fetch(String url) throws IOException;
}
