package org.courseport.transcoding.core;

import com.linecorp.armeria.server.ServerBuilder;
import java.util.Set;
import org.courseport.transcoding.core.json.JsonNaming;

/**
 * One REST dialect the front reproduces (SCORM Cloud API v2, and later Allure, LearningStudio,
 * lesson export, Canvas): its path prefix, its error body, its JSON field naming and its
 * hand-written routes. Adding a dialect is adding a package with one implementation of this.
 */
public interface Dialect {

  /** Path prefix owned by the dialect, without a trailing slash, e.g. {@code /api/v2}. */
  String pathPrefix();

  /** Writes this dialect's errors. */
  ErrorRenderer errorRenderer();

  /** How this dialect names JSON fields. */
  JsonNaming jsonNaming();

  /** Full names of the gRPC services whose {@code google.api.http} routes this dialect owns. */
  Set<String> transcodedServices();

  /** Adds the dialect's hand-written routes (uploads, downloads) to the server. */
  void addRoutes(ServerBuilder sb, RouteContext context);

  /** Whether the path is one of this dialect's. */
  default boolean owns(String path) {
    String prefix = pathPrefix();
    // Without building prefix + '/' on every call (every request asks, for metrics and errors).
    return path.startsWith(prefix)
        && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
  }
}
