package org.courseport.server.domain.delivery;

/** Checks a webhook URL before it is registered (scheme, host, the operator's plain-HTTP list). */
@FunctionalInterface
public interface EndpointUrlPolicy {
  /**
   * Returns the URL to store, or throws a {@link org.courseport.server.domain.DomainException}
   * naming what is wrong with it.
   */
  String check(String url);
}
