package org.courseport.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.ClientFactoryBuilder;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.Server;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.courseport.server.domain.DomainException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class PinnedHttpClientTest {
  static Server tls;
  static final List<String> authorities = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    tls =
        Server.builder()
            .https(new InetSocketAddress("127.0.0.1", 0))
            .tlsSelfSigned()
            .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
            .service(
                "/x",
                (ctx, req) -> {
                  authorities.add(req.authority());
                  return HttpResponse.of("tls ok");
                })
            .build();
    tls.start().join();
  }

  @AfterAll
  static void stop() {
    tls.stop().join();
  }

  static FetchTarget target() throws UnknownHostException {
    int port = tls.activeLocalPort(SessionProtocol.HTTPS);
    return new FetchTarget(
        URI.create("https://files.test:" + port + "/x"),
        "files.test",
        port,
        true,
        List.of(InetAddress.getByName("127.0.0.1")));
  }

  static Timeouts timeouts() {
    return Timeouts.of(Duration.ofSeconds(5), Duration.ofSeconds(10));
  }

  @Test
  void httpsGoesToThePinnedAddressUnderTheHostName() throws Exception {
    try (PinnedHttpClient client =
            new PinnedHttpClient(Duration.ofSeconds(2), ClientFactoryBuilder::tlsNoVerify);
        PinnedResponse response =
            client.send(target(), HttpMethod.GET, Map.of(), null, timeouts())) {
      assertThat(response.status()).isEqualTo(200);
      assertThat(new String(response.body().readAllBytes())).isEqualTo("tls ok");
    }
    assertThat(authorities).last().isEqualTo("files.test:" + target().port());
  }

  @Test
  void untrustedCertificateIsUnreachable() throws Exception {
    FetchTarget target = target();
    try (PinnedHttpClient client = new PinnedHttpClient(Duration.ofSeconds(2))) {
      assertThatThrownBy(() -> client.send(target, HttpMethod.GET, Map.of(), null, timeouts()))
          .isInstanceOfSatisfying(
              DomainException.class,
              e -> {
                assertThat(e.reason()).isEqualTo("FETCH_UNREACHABLE");
                assertThat(e.getMessage()).contains("https://files.test:" + target.port() + "/x");
              });
    }
  }

  @Test
  void theFactoryResolverRefusesEveryName() {
    try (ClientFactory factory =
        ClientFactory.builder()
            .addressResolverGroupFactory(group -> new RefusingResolverGroup())
            .build()) {
      WebClient client = WebClient.builder("http://localhost:9/").factory(factory).build();
      assertThatThrownBy(() -> client.get("/").aggregate().join())
          .hasRootCauseInstanceOf(UnknownHostException.class)
          .rootCause()
          .hasMessageContaining("name resolution inside the HTTP client is disabled");
    }
  }
}
