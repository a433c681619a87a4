package org.courseport.server.domain.settings;

/** Ids of the settings Courseport itself reads. */
public final class SettingIds {
  public static final String PLAYER_LAUNCH_TYPE = "PlayerLaunchType";
  public static final String PLAYER_SCO_LAUNCH_TYPE = "PlayerScoLaunchType";
  public static final String PLAYER_SCORM12_MASTERY_OVERRIDE = "PlayerScorm12MasteryOverride";
  public static final String PLAYER_AUTO_COMMIT_SECONDS = "PlayerAutoCommitSeconds";
  public static final String REGISTRATION_POSTBACK_URL = "ApiRollupRegistrationPostBackUrl";
  public static final String REGISTRATION_AUTH_TYPE = "ApiRollupRegistrationAuthType";
  public static final String REGISTRATION_AUTH_USER = "ApiRollupRegistrationAuthUser";
  public static final String REGISTRATION_AUTH_PASSWORD = "ApiRollupRegistrationAuthPassword";
  public static final String IMPORT_POSTBACK_URL = "ImportPostbackUrl";
  public static final String IMPORT_POSTBACK_AUTH_TYPE = "ImportPostbackAuthType";
  public static final String IMPORT_POSTBACK_AUTH_USER = "ImportPostbackAuthUser";
  public static final String IMPORT_POSTBACK_AUTH_PASSWORD = "ImportPostbackAuthPassword";
  public static final String PREVIEW_EXPIRY_SECONDS = "PreviewExpirySeconds";
  public static final String PREVIEW_REDIRECT_ON_EXIT_URL = "PreviewRedirectOnExitUrl";
  public static final String WEB_PATH_TO_CONTENT_ROOT = "WebPathToContentRoot";

  private SettingIds() {}
}
