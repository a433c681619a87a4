package org.courseport.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsConfigTest {

  @Test
  void defaults_are9464OnLoopback() {
    MetricsConfig config = MetricsConfig.fromEnvironment(Map.of());

    assertThat(config.port()).isEqualTo(9464);
    assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(config.enabled()).isTrue();
    assertThat(ServerConfig.fromEnvironment(Map.of()).metrics()).isEqualTo(config);
  }

  @Test
  void zeroPicksAFreePort_offDisables_andTheBindAddressIsConfigurable() {
    assertThat(MetricsConfig.fromEnvironment(Map.of("COURSEPORT_METRICS_PORT", "0")).port())
        .isZero();
    MetricsConfig off = MetricsConfig.fromEnvironment(Map.of("COURSEPORT_METRICS_PORT", " OFF "));
    assertThat(off.enabled()).isFalse();
    assertThat(
            MetricsConfig.fromEnvironment(Map.of("COURSEPORT_METRICS_BIND_ADDRESS", "0.0.0.0"))
                .listenAddress()
                .getAddress()
                .isAnyLocalAddress())
        .isTrue();
  }

  @Test
  void wrongValues_stopTheStart_withAMessageNamingTheVariable() {
    for (String bad : new String[] {"metrics", "-1", "70000"}) {
      assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("COURSEPORT_METRICS_PORT", bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("COURSEPORT_METRICS_PORT")
          .hasMessageContaining("'" + bad + "'");
    }
    assertThatThrownBy(
            () ->
                ServerConfig.fromEnvironment(
                    Map.of("COURSEPORT_METRICS_BIND_ADDRESS", "no such host.invalid")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("COURSEPORT_METRICS_BIND_ADDRESS");
  }
}
