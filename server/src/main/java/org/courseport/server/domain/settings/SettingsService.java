package org.courseport.server.domain.settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.courseport.server.domain.DomainException;

/**
 * Reads and writes settings. Effective values resolve version, then course, then application, then
 * the default. Lists mask secret values; the typed getters return them in clear for the server's
 * own use.
 */
public final class SettingsService {
  /** What a secret value is shown as. */
  public static final String MASK = "********";

  public static final String READ_ONLY = "SETTING_READ_ONLY";
  public static final String INVALID_LEVEL = "SETTING_INVALID_LEVEL";

  private final SettingsRegistry registry;
  private final SettingsRepository repository;

  public SettingsService(SettingsRegistry registry, SettingsRepository repository) {
    this.registry = registry;
    this.repository = repository;
  }

  /** The store of values, for cascading deletes. */
  public SettingsRepository repository() {
    return repository;
  }

  public SettingsRegistry registry() {
    return registry;
  }

  /** Every known setting as seen in the scope, with metadata when asked. */
  public List<SettingItem> list(SettingScope scope, boolean includeMetadata) {
    List<Map<String, String>> stored = load(scope);
    List<SettingItem> items = new ArrayList<>();
    for (SettingDefinition d : registry.all()) {
      Resolved r = resolve(scope, stored, d);
      String explicit = stored.get(0).get(d.id());
      items.add(
          new SettingItem(
              d.id(),
              mask(d, r.value()),
              r.source(),
              explicit == null ? null : mask(d, explicit),
              includeMetadata ? d : null));
    }
    return items;
  }

  /**
   * Validates every value, then stores all of them in one atomic update. A secret sent back as
   * {@link #MASK} keeps its stored value.
   *
   * @throws DomainException SETTING_UNKNOWN, SETTING_INVALID_VALUE, SETTING_READ_ONLY or
   *     SETTING_INVALID_LEVEL (all INVALID_ARGUMENT), before anything is stored
   */
  public void set(SettingScope scope, Map<String, String> values) {
    Map<String, String> canonical = new LinkedHashMap<>();
    values.forEach(
        (id, value) -> {
          SettingDefinition d = writable(scope, id);
          if (!(d.secret() && MASK.equals(value))) {
            canonical.put(d.id(), SettingValues.normalize(d, value));
          }
        });
    if (!canonical.isEmpty()) {
      repository.set(scope, canonical);
    }
  }

  /** Clears a value in the scope so that it inherits again (no-op when not set there). */
  public void clear(SettingScope scope, String settingId) {
    repository.unset(scope, writable(scope, settingId).id());
  }

  /** The effective value in clear (secrets included), for the server's own use. */
  public String effective(SettingScope scope, String settingId) {
    SettingDefinition d = registry.require(settingId);
    return resolve(scope, load(scope), d).value();
  }

  /** The effective value for (tenant, course or null, version or null). */
  public String effective(String tenantId, String courseId, Integer version, String settingId) {
    return effective(SettingScope.of(tenantId, courseId, version), settingId);
  }

  /** The effective value, or empty when it is the empty string. */
  public Optional<String> effectiveNonEmpty(SettingScope scope, String settingId) {
    String v = effective(scope, settingId);
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  public boolean effectiveBool(SettingScope scope, String settingId) {
    return Boolean.parseBoolean(effective(scope, settingId));
  }

  public long effectiveLong(SettingScope scope, String settingId) {
    return Long.parseLong(effective(scope, settingId));
  }

  private SettingDefinition writable(SettingScope scope, String id) {
    SettingDefinition d = registry.require(id);
    if (d.readOnly()) {
      throw DomainException.invalid(READ_ONLY, "Setting " + d.id() + " is read-only");
    }
    if (!d.level().admits(scope.level())) {
      throw DomainException.invalid(
          INVALID_LEVEL,
          "Setting "
              + d.id()
              + " can be set at "
              + d.level().apiName()
              + " level at most, not "
              + scope.level().apiName()
              + " level");
    }
    return d;
  }

  private List<Map<String, String>> load(SettingScope scope) {
    return scope.chain().stream().map(repository::find).toList();
  }

  private static Resolved resolve(
      SettingScope scope, List<Map<String, String>> stored, SettingDefinition d) {
    List<SettingScope> chain = scope.chain();
    for (int i = 0; i < chain.size(); i++) {
      String v = stored.get(i).get(d.id());
      if (v != null) {
        return new Resolved(v, SettingSource.of(chain.get(i).level()));
      }
    }
    return new Resolved(d.defaultValue(), SettingSource.DEFAULT);
  }

  private static String mask(SettingDefinition d, String value) {
    return d.secret() && !value.isEmpty() ? MASK : value;
  }

  private record Resolved(String value, SettingSource source) {}
}
