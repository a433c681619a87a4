package org.courseport.server.domain.media;

/**
 * Checks the URL of external media when it is registered, with the SSRF guard's rules (absolute
 * http or https, no credentials, a public address); nothing is fetched.
 */
@FunctionalInterface
public interface ExternalUrlCheck {
  /**
   * Returns the URL to store, or throws a {@link org.courseport.server.domain.DomainException}
   * naming what is wrong with it.
   */
  String check(String url);
}
