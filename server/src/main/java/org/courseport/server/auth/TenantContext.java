package org.courseport.server.auth;

import io.grpc.Context;
import org.courseport.server.domain.catalog.LatestViewCache;

/** The authenticated tenant of the current gRPC call, set by {@link AuthInterceptor}. */
public final class TenantContext {
  static final Context.Key<String> TENANT_ID = Context.key("courseport-tenant-id");
  static final Context.Key<String> KEY_ID = Context.key("courseport-key-id");
  static final Context.Key<java.util.Set<String>> SCOPES = Context.key("courseport-key-scopes");
  static final Context.Key<LatestViewCache.Stamp> COURSE_STAMP =
      Context.key("courseport-course-stamp");

  private TenantContext() {}

  /** The current call's tenant id; UNAUTHENTICATED when the call carries none. */
  public static String tenantId() {
    String id = TENANT_ID.get();
    if (id == null) {
      throw AuthInterceptor.unauthenticated();
    }
    return id;
  }

  /** The id of the API key that authenticated the current call; UNAUTHENTICATED when none. */
  public static String keyId() {
    String id = KEY_ID.get();
    if (id == null) {
      throw AuthInterceptor.unauthenticated();
    }
    return id;
  }

  /** The scopes of the key that authenticated the current call; empty when none. */
  public static java.util.Set<String> scopes() {
    java.util.Set<String> s = SCOPES.get();
    return s == null ? java.util.Set.of() : s;
  }

  /**
   * The key and course epoch that the current call's authentication read in its store operation,
   * which lets it use a cached course view ({@link LatestViewCache}); null when it read none (no
   * rate limit counted the call).
   */
  public static LatestViewCache.Stamp courseStamp() {
    return COURSE_STAMP.get();
  }
}
