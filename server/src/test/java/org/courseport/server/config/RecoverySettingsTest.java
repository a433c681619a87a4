package org.courseport.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecoverySettingsTest {

  @Test
  void defaults_areTheProductionLeases_andEachSweepersOwnFirstRun() {
    RecoverySettings s = RecoverySettings.fromEnvironment(Map.of());
    assertThat(s).isEqualTo(RecoverySettings.DEFAULT);
    assertThat(s.importLease()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.contentExportLease()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.contentExportPoll()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.deliveryLease()).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.uploadClaimLease()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.courseJobStale()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.firstRun(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void everySetting_isReadInSeconds() {
    RecoverySettings s =
        RecoverySettings.fromEnvironment(
            Map.of(
                "COURSEPORT_IMPORT_LEASE_SECONDS", "2",
                "COURSEPORT_CONTENT_EXPORT_LEASE_SECONDS", "3",
                "COURSEPORT_CONTENT_EXPORT_POLL_SECONDS", " 4 ",
                "COURSEPORT_DELIVERY_LEASE_SECONDS", "5",
                "COURSEPORT_UPLOAD_CLAIM_LEASE_SECONDS", "6",
                "COURSEPORT_SWEEP_FIRST_RUN_SECONDS", "0",
                "COURSEPORT_QUOTA_RESERVATION_LEASE_SECONDS", "7",
                "COURSEPORT_COURSE_JOB_STALE_SECONDS", "8"));
    assertThat(s)
        .isEqualTo(
            new RecoverySettings(
                Duration.ofSeconds(2),
                Duration.ofSeconds(3),
                Duration.ofSeconds(4),
                Duration.ofSeconds(5),
                Duration.ofSeconds(6),
                Duration.ZERO,
                Duration.ofSeconds(7),
                Duration.ofSeconds(8)));
    assertThat(s.firstRun(Duration.ofMinutes(10))).isEqualTo(Duration.ZERO);
  }

  @Test
  void aWrongValue_stopsTheStart_namingTheVariable() {
    assertThatThrownBy(
            () -> RecoverySettings.fromEnvironment(Map.of("COURSEPORT_IMPORT_LEASE_SECONDS", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("COURSEPORT_IMPORT_LEASE_SECONDS must be positive, got 0");
    assertThatThrownBy(
            () ->
                RecoverySettings.fromEnvironment(
                    Map.of("COURSEPORT_DELIVERY_LEASE_SECONDS", "ninety")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "COURSEPORT_DELIVERY_LEASE_SECONDS must be a whole number of seconds, got 'ninety'");
    assertThatThrownBy(
            () ->
                RecoverySettings.fromEnvironment(
                    Map.of("COURSEPORT_SWEEP_FIRST_RUN_SECONDS", "-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("COURSEPORT_SWEEP_FIRST_RUN_SECONDS must be zero or more, got -1");
  }
}
