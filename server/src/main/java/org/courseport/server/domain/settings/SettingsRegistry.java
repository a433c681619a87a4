package org.courseport.server.domain.settings;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.courseport.server.domain.DomainException;

/** The known settings, looked up by id (case-insensitively), in a stable order. */
public final class SettingsRegistry {
  /** Reason of a lookup of an id that no setting has. */
  public static final String UNKNOWN = "SETTING_UNKNOWN";

  /** Default of {@code WebPathToContentRoot}. */
  public static final String DEFAULT_CONTENT_ROOT = "/content";

  private final Map<String, SettingDefinition> byId = new LinkedHashMap<>();

  public SettingsRegistry(Collection<SettingDefinition> definitions) {
    for (SettingDefinition d : definitions) {
      if (byId.putIfAbsent(key(d.id()), d) != null) {
        throw new IllegalArgumentException("duplicate setting id " + d.id());
      }
    }
  }

  /** Courseport's settings, with {@code WebPathToContentRoot} = {@value #DEFAULT_CONTENT_ROOT}. */
  public static SettingsRegistry builtin() {
    return builtin(DEFAULT_CONTENT_ROOT);
  }

  /** Courseport's settings, with the given read-only {@code WebPathToContentRoot}. */
  public static SettingsRegistry builtin(String webPathToContentRoot) {
    return new SettingsRegistry(BuiltinSettings.all(webPathToContentRoot));
  }

  public Optional<SettingDefinition> find(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(byId.get(key(id)));
  }

  /** The definition, or INVALID_ARGUMENT {@value #UNKNOWN} naming the id. */
  public SettingDefinition require(String id) {
    return find(id)
        .orElseThrow(() -> DomainException.invalid(UNKNOWN, "Unknown setting '" + id + "'"));
  }

  /** Every definition, in registration order. */
  public List<SettingDefinition> all() {
    return List.copyOf(byId.values());
  }

  private static String key(String id) {
    return id.toLowerCase(Locale.ROOT);
  }
}
