package org.courseport.server.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP Basic credentials sent with a postback.
 *
 * @param user the user name (must not contain ':')
 * @param password the password
 */
public record BasicCredentials(String user, String password) {
  public BasicCredentials {
    if (user.indexOf(':') >= 0) {
      throw new IllegalArgumentException("a Basic auth user name cannot contain ':'");
    }
  }

  /** The Authorization header value. */
  public String header() {
    String pair = user + ":" + (password == null ? "" : password);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "BasicCredentials[user=" + user + ", password=****]";
  }
}
