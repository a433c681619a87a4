package org.courseport.server.content;

/** The security headers of the content origin's responses. */
final class ContentHeaders {
  /**
   * Package files: real packages use inline script and eval, so those stay allowed, but every
   * fetch, form and frame stays on this origin, and only the player (same origin) may frame them.
   */
  static final String PACKAGE_CSP =
      "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; "
          + "img-src 'self' data: blob: https:; media-src 'self' data: blob: https:; "
          + "font-src 'self' data: https:; style-src 'self' 'unsafe-inline' https:; "
          + "connect-src 'self'; form-action 'self'; base-uri 'self'; frame-ancestors 'self'";

  /** The small pages (expired, unknown, exit): no script but the closer's, framable anywhere. */
  static final String PAGE_CSP_BASE =
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'";

  /** Package files and the player: the token in the URL never leaves the origin as a referrer. */
  static final String PACKAGE_REFERRER_POLICY = "same-origin";

  private ContentHeaders() {}

  /** The player page: scripts only from this origin or inline with the page's nonce. */
  static String playerCsp(String nonce) {
    return "default-src 'self'; script-src 'self' 'nonce-"
        + nonce
        + "'; style-src 'self' 'unsafe-inline' https:; frame-src 'self'; connect-src 'self'; "
        + "img-src 'self' data:; frame-ancestors *";
  }
}
