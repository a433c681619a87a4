package org.courseport.server;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import java.util.List;

/** The service definitions a running server binds (for tests outside this package). */
public final class BoundServices {
  private BoundServices() {}

  /** Every service of {@code server}, as {@code Services.bindables()} binds them. */
  public static List<ServerServiceDefinition> of(CourseportServer server) {
    return server.services().bindables().stream().map(BindableService::bindService).toList();
  }
}
