package org.courseport.server.domain.settings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** SettingsRepository in memory, for service tests. */
final class MemorySettingsRepository implements SettingsRepository {
  final Map<SettingScope, Map<String, String>> data = new ConcurrentHashMap<>();
  int writes;

  @Override
  public Map<String, String> find(SettingScope scope) {
    return new LinkedHashMap<>(data.getOrDefault(scope, Map.of()));
  }

  @Override
  public synchronized void set(SettingScope scope, Map<String, String> values) {
    writes++;
    data.computeIfAbsent(scope, s -> new LinkedHashMap<>()).putAll(values);
  }

  @Override
  public synchronized boolean unset(SettingScope scope, String settingId) {
    Map<String, String> values = data.get(scope);
    return values != null && values.remove(settingId) != null;
  }

  @Override
  public long deleteByCourse(String tenantId, String courseId) {
    return count(s -> s.tenantId().equals(tenantId) && courseId.equals(s.courseId()));
  }

  @Override
  public long deleteByVersion(String tenantId, String courseId, int version) {
    return count(s -> s.equals(SettingScope.version(tenantId, courseId, version)));
  }

  @Override
  public long deleteByTenant(String tenantId) {
    return count(s -> s.tenantId().equals(tenantId));
  }

  private long count(java.util.function.Predicate<SettingScope> p) {
    long n = data.keySet().stream().filter(p).count();
    data.keySet().removeIf(p);
    return n;
  }
}
