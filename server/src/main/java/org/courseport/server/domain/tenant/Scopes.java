package org.courseport.server.domain.tenant;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The scope vocabulary of API keys. A scope is an action ({@code read}, {@code write}, {@code
 * delete}) either alone, granting it on every area, or with an area ({@code read:course}), granting
 * it on that area only; {@code admin} grants the operator RPCs (tenants, keys, quotas, plans).
 * Every RPC requires exactly one scope of the form {@code action:area}, declared in one table.
 *
 * <p>Areas: {@code course} (SCORM Cloud's course service, its tags, settings, xAPI statements and
 * previews), {@code package} (the Allure package API, uploads, launch sessions), {@code export}
 * (course, lesson and Canvas content exports, downloads, sharing), {@code content} (lessons, media,
 * authoring), {@code webhook} (webhook endpoints and the delivery log).
 */
public final class Scopes {
  public static final String READ = "read";
  public static final String WRITE = "write";
  public static final String DELETE = "delete";
  public static final String ADMIN = "admin";

  public static final Set<String> ACTIONS = Set.of(READ, WRITE, DELETE);
  public static final Set<String> AREAS =
      Set.of("course", "package", "export", "content", "webhook");

  /** Scopes of a key created without any named (and of keys stored before scopes existed). */
  public static final Set<String> TENANT_DEFAULT = Set.of(READ, WRITE, DELETE);

  private Scopes() {}

  /** Whether {@code scope} is a scope a key may hold. */
  public static boolean valid(String scope) {
    if (scope == null) {
      return false;
    }
    if (scope.equals(ADMIN) || ACTIONS.contains(scope)) {
      return true;
    }
    int colon = scope.indexOf(':');
    return colon > 0
        && ACTIONS.contains(scope.substring(0, colon))
        && AREAS.contains(scope.substring(colon + 1));
  }

  /**
   * Whether a key holding {@code held} may call something requiring {@code required} ({@code
   * admin}, or {@code action:area}): it holds the scope itself, or the bare action.
   */
  public static boolean grants(Collection<String> held, String required) {
    if (held.contains(required)) {
      return true;
    }
    int colon = required.indexOf(':');
    return colon > 0 && held.contains(required.substring(0, colon));
  }

  /** Normalises a requested scope list: trimmed, lower case, order kept, duplicates dropped. */
  public static Set<String> normalise(Collection<String> scopes) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : scopes) {
      if (s != null && !s.isBlank()) {
        out.add(s.trim().toLowerCase(java.util.Locale.ROOT));
      }
    }
    return out;
  }
}
