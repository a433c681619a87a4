package org.courseport.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryConfigTest {
  @Test
  void defaultsAreEightAttemptsHttpsOnlyAndAKeyFromTheStore() {
    DeliveryConfig config = ServerConfig.fromEnvironment(Map.of()).delivery();
    assertThat(config.maxAttempts()).isEqualTo(8);
    assertThat(config.plainHttpHosts()).isEmpty();
    assertThat(config.secretKey()).isNull();
  }

  @Test
  void readsTheVariables() {
    DeliveryConfig config =
        DeliveryConfig.fromEnvironment(
            Map.of(
                "COURSEPORT_DELIVERY_MAX_ATTEMPTS", " 3 ",
                "COURSEPORT_WEBHOOK_PLAIN_HTTP_HOSTS", "127.0.0.1, hooks.local:8080",
                "COURSEPORT_WEBHOOK_SECRET_KEY", " a2V5 "));
    assertThat(config.maxAttempts()).isEqualTo(3);
    assertThat(config.plainHttpHosts()).containsExactly("127.0.0.1", "hooks.local:8080");
    assertThat(config.secretKey()).isEqualTo("a2V5");
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(
            () -> DeliveryConfig.fromEnvironment(Map.of("COURSEPORT_DELIVERY_MAX_ATTEMPTS", "0")))
        .hasMessageContaining("between 1 and 50");
    assertThatThrownBy(
            () -> DeliveryConfig.fromEnvironment(Map.of("COURSEPORT_DELIVERY_MAX_ATTEMPTS", "x")))
        .hasMessageContaining("must be a number");
    assertThat(new DeliveryConfig(1, List.of(), null).maxAttempts()).isEqualTo(1);
  }
}
