package org.courseport.server.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.courseport.server.config.StoreConfig;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

  @Test
  void defaults_andOverrides() {
    StoreConfig d = StoreConfig.fromEnvironment(Map.of());
    assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(d.socketTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.healthInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(d.startupWait()).isEqualTo(Duration.ofSeconds(30));

    StoreConfig c =
        StoreConfig.fromEnvironment(
            Map.of(
                "COURSEPORT_MONGO_TIMEOUT_MS", "750",
                "COURSEPORT_MONGO_SOCKET_TIMEOUT_MS", " 4000 ",
                "COURSEPORT_MONGO_HEALTH_INTERVAL_MS", "250",
                "COURSEPORT_MONGO_STARTUP_WAIT_MS", "1000"));
    assertThat(c)
        .isEqualTo(
            new StoreConfig(
                Duration.ofMillis(750),
                Duration.ofMillis(4000),
                Duration.ofMillis(250),
                Duration.ofMillis(1000)));
  }

  @Test
  void wrongValues_nameTheVariable() {
    assertThatThrownBy(
            () -> StoreConfig.fromEnvironment(Map.of("COURSEPORT_MONGO_TIMEOUT_MS", "2s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("COURSEPORT_MONGO_TIMEOUT_MS")
        .hasMessageContaining("'2s'");
    assertThatThrownBy(
            () -> StoreConfig.fromEnvironment(Map.of("COURSEPORT_MONGO_HEALTH_INTERVAL_MS", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("COURSEPORT_MONGO_HEALTH_INTERVAL_MS must be a positive number");
  }
}
