package org.courseport.server.domain.settings;

import static org.courseport.server.domain.settings.SettingDataType.BOOL;
import static org.courseport.server.domain.settings.SettingDataType.ENUM;
import static org.courseport.server.domain.settings.SettingDataType.INT;
import static org.courseport.server.domain.settings.SettingDataType.STRING;
import static org.courseport.server.domain.settings.SettingDataType.URL;
import static org.courseport.server.domain.settings.SettingIds.*;

import java.util.List;
import org.courseport.server.domain.packaging.LearningStandard;

/** The settings Courseport knows, with their metadata. */
final class BuiltinSettings {
  private BuiltinSettings() {}

  static List<SettingDefinition> all(String webPathToContentRoot) {
    return List.of(
        launchType(
            PLAYER_LAUNCH_TYPE, "How the player opens when a launch or preview link is visited."),
        launchType(PLAYER_SCO_LAUNCH_TYPE, "How the player shows each SCO or asset of the course."),
        SettingDefinition.builder(
                PLAYER_SCORM12_MASTERY_OVERRIDE,
                BOOL,
                "When the content reports a raw score and the package defines a mastery score, the"
                    + " player sets lesson_status to passed or failed by comparing them, as the"
                    + " SCORM 1.2 run-time allows an LMS to do.")
            .defaultValue("false")
            .standards(LearningStandard.SCORM11, LearningStandard.SCORM12, LearningStandard.AICC)
            .build(),
        SettingDefinition.builder(
                PLAYER_AUTO_COMMIT_SECONDS,
                INT,
                "When above 0, the player commits run-time data this many seconds after the"
                    + " content last set a value, even if the content never calls Commit; 0 commits"
                    + " only when the content commits or exits.")
            .defaultValue("0")
            .range(0, 3600)
            .build(),
        SettingDefinition.builder(
                REGISTRATION_POSTBACK_URL,
                URL,
                "URL that registration results are posted to whenever a registration changes;"
                    + " empty sends nothing.")
            .build(),
        authType(REGISTRATION_AUTH_TYPE, "form", "How the registration postback sends credentials.")
            .value("form", "user and password are sent as form fields with the posted data")
            .value("httpbasic", "user and password are sent in an HTTP Basic Authorization header")
            .build(),
        user(REGISTRATION_AUTH_USER, "User name sent with registration postbacks."),
        password(REGISTRATION_AUTH_PASSWORD, "Password sent with registration postbacks."),
        SettingDefinition.builder(
                IMPORT_POSTBACK_URL,
                URL,
                "URL that the import job result (ImportJobResultSchema JSON) is posted to when an"
                    + " import job ends, if the import request names no postbackUrl; empty sends"
                    + " nothing.")
            .level(SettingLevel.COURSE)
            .build(),
        authType(
                IMPORT_POSTBACK_AUTH_TYPE,
                "httpbasic",
                "How the import postback sends credentials.")
            .level(SettingLevel.COURSE)
            .value(
                "httpbasic",
                "ImportPostbackAuthUser and ImportPostbackAuthPassword are sent in"
                    + " an HTTP Basic Authorization header when the user is set")
            .value("none", "no credentials are sent")
            .build(),
        user(IMPORT_POSTBACK_AUTH_USER, "User name sent with import postbacks."),
        password(IMPORT_POSTBACK_AUTH_PASSWORD, "Password sent with import postbacks."),
        SettingDefinition.builder(
                PREVIEW_EXPIRY_SECONDS,
                INT,
                "Seconds a preview launch link stays valid when the preview request gives no"
                    + " expiry.")
            .defaultValue("120")
            .range(10, 300)
            .build(),
        SettingDefinition.builder(
                PREVIEW_REDIRECT_ON_EXIT_URL,
                URL,
                "Where a preview goes when the learner exits, when the preview request gives no"
                    + " redirectOnExitUrl: an absolute URL or one of the keywords.")
            .defaultValue("message")
            .value("closer", "tries to close the browser tab or window")
            .value("blank", "shows an empty page")
            .value("message", "shows a page saying the course is complete")
            .build(),
        SettingDefinition.builder(
                WEB_PATH_TO_CONTENT_ROOT,
                STRING,
                "Web path under which the content origin serves imported course files.")
            .defaultValue(webPathToContentRoot)
            .level(SettingLevel.APPLICATION)
            .readOnly()
            .build());
  }

  private static SettingDefinition launchType(String id, String description) {
    return SettingDefinition.builder(id, ENUM, description)
        .defaultValue("FRAMESET")
        .value("FRAMESET", "in a frame of the current window")
        .value("NEW_WINDOW", "in a new browser window")
        .build();
  }

  private static SettingDefinition.Builder authType(String id, String dflt, String description) {
    return SettingDefinition.builder(id, ENUM, description).defaultValue(dflt);
  }

  private static SettingDefinition user(String id, String description) {
    return SettingDefinition.builder(id, STRING, description)
        .level(id.startsWith("Import") ? SettingLevel.COURSE : SettingLevel.VERSION)
        .build();
  }

  private static SettingDefinition password(String id, String description) {
    return SettingDefinition.builder(id, STRING, description + " Stored, but always shown masked.")
        .level(id.startsWith("Import") ? SettingLevel.COURSE : SettingLevel.VERSION)
        .secret()
        .build();
  }
}
