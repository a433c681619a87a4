package org.courseport.server.domain.settings;

/**
 * One allowed value of an enumerated setting, or an accepted keyword of a URL setting.
 *
 * @param value the value
 * @param description what it means
 */
public record SettingValidValue(String value, String description) {}
