package org.courseport.transcoding.core;

import com.linecorp.armeria.common.annotation.Nullable;
import java.util.List;
import org.courseport.transcoding.core.json.JsonNaming;

/** The dialects mounted on a front: which one, and so which error renderer, owns a path. */
public final class Dialects {

  private final List<Dialect> dialects;

  private Dialects(List<Dialect> dialects) {
    this.dialects = List.copyOf(dialects);
  }

  /** The registry of the given dialects; the paths they own must not overlap. */
  public static Dialects of(List<Dialect> dialects) {
    if (dialects.isEmpty()) {
      throw new IllegalArgumentException("At least one dialect is required.");
    }
    return new Dialects(dialects);
  }

  /** The first dialect: it renders errors raised before any path is known. */
  public Dialect primary() {
    return dialects.get(0);
  }

  /** All dialects, in registration order. */
  public List<Dialect> all() {
    return dialects;
  }

  /** The renderer of the dialect owning the path; AIP-193 for routes no dialect documents. */
  public ErrorRenderer rendererFor(String path) {
    Dialect dialect = dialectOf(path);
    return dialect == null ? AipErrorRenderer.INSTANCE : dialect.errorRenderer();
  }

  /** The dialect owning the path, or null when none does. */
  @Nullable
  public Dialect dialectOf(String path) {
    for (Dialect dialect : dialects) {
      if (dialect.owns(path)) {
        return dialect;
      }
    }
    return null;
  }

  /** The JSON naming of the dialect that owns a gRPC service; lowerCamel when none claims it. */
  public JsonNaming jsonNamingOfService(String fullServiceName) {
    for (Dialect dialect : dialects) {
      if (dialect.transcodedServices().contains(fullServiceName)) {
        return dialect.jsonNaming();
      }
    }
    return JsonNaming.LOWER_CAMEL;
  }

  /**
   * Whether the path is a REST route of the front (any dialect, or AIP-style {@code /api/}), or one
   * of the credential-free export download routes ({@code /downloads/…} of LearningStudio's export,
   * {@code /files/…} of Canvas's), whose errors are JSON in their dialect's shape too.
   */
  public static boolean isRest(String path) {
    return path.startsWith("/api/")
        || path.equals("/api")
        || path.startsWith("/downloads/")
        || path.startsWith("/files/");
  }
}
