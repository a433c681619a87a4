package org.courseport.server.domain.settings;

/**
 * One setting as seen at one level (SCORM Cloud's SettingItem). Secret values are masked.
 *
 * @param id the setting id
 * @param effectiveValue the value in force at this level
 * @param effectiveValueSource where it comes from
 * @param explicitValue the value set exactly at this level, or null
 * @param metadata the definition, or null unless asked for
 */
public record SettingItem(
    String id,
    String effectiveValue,
    SettingSource effectiveValueSource,
    String explicitValue,
    SettingDefinition metadata) {}
