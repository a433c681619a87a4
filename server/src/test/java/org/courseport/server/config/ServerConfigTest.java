package org.courseport.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ServerConfig}: the bind address and the embedded store's fsync switch. */
class ServerConfigTest {
  @Test
  void requestTimeout_defaultsTo10s_andMustBeAPositiveNumberOfSeconds() {
    assertThat(ServerConfig.fromEnvironment(Map.of()).requestTimeout())
        .isEqualTo(java.time.Duration.ofSeconds(10));
    assertThat(
            ServerConfig.fromEnvironment(Map.of("COURSEPORT_REQUEST_TIMEOUT_SECONDS", "30"))
                .requestTimeout())
        .isEqualTo(java.time.Duration.ofSeconds(30));
    for (String bad : new String[] {"0", "-5", "ten"}) {
      assertThatThrownBy(
              () -> ServerConfig.fromEnvironment(Map.of("COURSEPORT_REQUEST_TIMEOUT_SECONDS", bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("COURSEPORT_REQUEST_TIMEOUT_SECONDS");
    }
  }

  @Test
  void courseViewCacheEntries_defaultsTo10000_zeroTurnsItOff_andIsChecked() {
    assertThat(ServerConfig.fromEnvironment(Map.of()).courseViewCacheEntries()).isEqualTo(10_000);
    assertThat(
            ServerConfig.fromEnvironment(Map.of("COURSEPORT_COURSE_VIEW_CACHE_ENTRIES", "0"))
                .courseViewCacheEntries())
        .isZero();
    for (String wrong : new String[] {"-1", "10000001", "lots"}) {
      assertThatThrownBy(
              () ->
                  ServerConfig.fromEnvironment(
                      Map.of("COURSEPORT_COURSE_VIEW_CACHE_ENTRIES", wrong)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("COURSEPORT_COURSE_VIEW_CACHE_ENTRIES");
    }
  }

  @Test
  void bindAddress_unset_listensOnEveryInterface() {
    ServerConfig config = ServerConfig.fromEnvironment(Map.of());

    assertThat(config.bindAddress()).isNull();
    assertThat(config.listenAddress(9090).getAddress().isAnyLocalAddress()).isTrue();
    assertThat(config.listenAddress(9090).getPort()).isEqualTo(9090);
  }

  @Test
  void bindAddress_set_isUsedForTheListeners() {
    ServerConfig config =
        ServerConfig.fromEnvironment(Map.of("COURSEPORT_BIND_ADDRESS", " 127.0.0.1 "));

    assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(config.listenAddress(8080).getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(config.listenAddress(8080).getPort()).isEqualTo(8080);
  }

  @Test
  void bindAddress_unresolvable_isAConfigurationError() {
    assertThatThrownBy(
            () ->
                ServerConfig.fromEnvironment(
                    Map.of("COURSEPORT_BIND_ADDRESS", "no-such-host.invalid")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("COURSEPORT_BIND_ADDRESS");
  }

  @Test
  void embeddedFsync_defaultsToFalse_andAcceptsOnlyBooleans() {
    assertThat(ServerConfig.fromEnvironment(Map.of()).embeddedFsync()).isFalse();
    assertThat(
            ServerConfig.fromEnvironment(Map.of("COURSEPORT_EMBEDDED_FSYNC", "TRUE"))
                .embeddedFsync())
        .isTrue();
    assertThatThrownBy(
            () -> ServerConfig.fromEnvironment(Map.of("COURSEPORT_EMBEDDED_FSYNC", "yes")))
        .hasMessageContaining("COURSEPORT_EMBEDDED_FSYNC must be true or false");
  }

  @Test
  void embeddedMongoPort_defaultsToAFreePort_andAcceptsOnlyPortNumbers() {
    assertThat(ServerConfig.fromEnvironment(Map.of()).embeddedMongoPort()).isZero();
    assertThat(
            ServerConfig.fromEnvironment(Map.of("COURSEPORT_EMBEDDED_MONGO_PORT", "27018"))
                .embeddedMongoPort())
        .isEqualTo(27018);
    assertThatThrownBy(
            () -> ServerConfig.fromEnvironment(Map.of("COURSEPORT_EMBEDDED_MONGO_PORT", "70000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("COURSEPORT_EMBEDDED_MONGO_PORT must be a port number");
    assertThatThrownBy(
            () -> ServerConfig.fromEnvironment(Map.of("COURSEPORT_EMBEDDED_MONGO_PORT", "abc")))
        .hasMessageContaining("COURSEPORT_EMBEDDED_MONGO_PORT must be a number");
  }

  @Test
  void blobStore_defaultsToFile_andAcceptsFileOrGridfs() {
    assertThat(ServerConfig.fromEnvironment(Map.of()).blobStore())
        .isEqualTo(ServerConfig.BlobStoreKind.FILE);
    assertThat(ServerConfig.fromEnvironment(Map.of("COURSEPORT_BLOB_STORE", "GridFS")).blobStore())
        .isEqualTo(ServerConfig.BlobStoreKind.GRIDFS);
    assertThat(ServerConfig.fromEnvironment(Map.of("COURSEPORT_BLOB_STORE", "file")).blobStore())
        .isEqualTo(ServerConfig.BlobStoreKind.FILE);
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("COURSEPORT_BLOB_STORE", "s3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("COURSEPORT_BLOB_STORE must be file or gridfs, got 's3'");
  }
}
