package org.courseport.server.domain.settings;

import java.util.Map;

/**
 * Stores explicit setting values, one record per {@link SettingScope}. Values are canonical strings
 * already validated by the service.
 */
public interface SettingsRepository {
  /** The values set exactly in the scope (empty when none). */
  Map<String, String> find(SettingScope scope);

  /** Sets the values in the scope in one atomic update, keeping the others. */
  void set(SettingScope scope, Map<String, String> values);

  /** Clears one value in the scope; returns whether it was set. */
  boolean unset(SettingScope scope, String settingId);

  /** Deletes the course's values and those of all its versions; returns records deleted. */
  long deleteByCourse(String tenantId, String courseId);

  /** Deletes the values of one course version; returns records deleted. */
  long deleteByVersion(String tenantId, String courseId, int version);

  /** Deletes every value of a tenant; returns records deleted. */
  long deleteByTenant(String tenantId);
}
