package org.courseport.client.cli;

import org.courseport.client.ApiKey;
import org.courseport.client.CourseportClient;

/** Creates the client a command talks through; tests pass one over an in-process channel. */
@FunctionalInterface
public interface ClientFactory {

  /** Connects in plaintext to the target. */
  ClientFactory PLAINTEXT = CourseportClient::connect;

  /** A client for {@code target} ({@code host:port}) that sends {@code key} on every call. */
  CourseportClient create(String target, ApiKey key);
}
