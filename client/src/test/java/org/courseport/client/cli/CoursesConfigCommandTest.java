package org.courseport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.courseport.api.v1.DeleteCourseConfigurationSettingRequest;
import org.courseport.api.v1.GetCourseConfigurationRequest;
import org.courseport.api.v1.SetCourseConfigurationRequest;
import org.courseport.api.v1.SettingItem;
import org.courseport.api.v1.SettingList;
import org.courseport.api.v1.SettingMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CoursesConfigCommandTest {
  private CliHarness cli;

  @BeforeEach
  void start() throws Exception {
    cli = new CliHarness();
    cli.service.settings =
        SettingList.newBuilder()
            .addSettingItems(
                SettingItem.newBuilder()
                    .setId("PlayerLaunchType")
                    .setEffectiveValue("FRAMESET")
                    .setEffectiveValueSource("default")
                    .setMetadata(
                        SettingMetadata.newBuilder()
                            .setDataType("enum")
                            .setDefault("FRAMESET")
                            .setSettingDescription("How the player opens.")))
            .build();
  }

  @AfterEach
  void stop() {
    cli.close();
  }

  @Test
  void configGet_printsATableOfEffectiveValues() {
    CliHarness.Run run = cli.run("courses", "config", "get", "golf");

    assertThat(run.outLines())
        .containsExactly(
            "SETTING           VALUE     SOURCE", "PlayerLaunchType  FRAMESET  default");
    assertThat(cli.service.last(GetCourseConfigurationRequest.class).getIncludeMetadata())
        .isFalse();
  }

  @Test
  void configGet_metadataAndVersion_areRequestedAndShown() {
    CliHarness.Run run =
        cli.run("courses", "config", "get", "golf", "--version", "1", "--metadata");

    assertThat(run.outLines().get(1)).endsWith("enum  FRAMESET  How the player opens.");
    GetCourseConfigurationRequest sent = cli.service.last(GetCourseConfigurationRequest.class);
    assertThat(sent.getIncludeMetadata()).isTrue();
    assertThat(sent.getVersionId()).isEqualTo(1);
  }

  @Test
  void configSet_sendsOneExplicitSetting() {
    CliHarness.Run run =
        cli.run("courses", "config", "set", "golf", "PlayerLaunchType", "NEW_WINDOW");

    assertThat(run.out()).isEqualTo("set PlayerLaunchType = NEW_WINDOW on course 'golf'\n");
    SetCourseConfigurationRequest sent = cli.service.last(SetCourseConfigurationRequest.class);
    assertThat(sent.hasVersionId()).isFalse();
    assertThat(sent.getConfiguration().getSettingsList())
        .singleElement()
        .satisfies(s -> assertThat(s.getValue()).isEqualTo("NEW_WINDOW"));
  }

  @Test
  void configUnset_atVersionLevel_clearsTheSetting() {
    CliHarness.Run run =
        cli.run("courses", "config", "unset", "golf", "PlayerLaunchType", "--version", "2");

    assertThat(run.out()).isEqualTo("cleared PlayerLaunchType on version 2 of course 'golf'\n");
    DeleteCourseConfigurationSettingRequest sent =
        cli.service.last(DeleteCourseConfigurationSettingRequest.class);
    assertThat(sent.getVersionId()).isEqualTo(2);
    assertThat(sent.getSettingId()).isEqualTo("PlayerLaunchType");
  }
}
