package org.courseport.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.courseport.server.domain.DomainException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlGuardTest {
  private final AtomicInteger lookups = new AtomicInteger();

  private HostResolver resolver(String... addresses) {
    return host -> {
      lookups.incrementAndGet();
      if (host.equals("nowhere.test")) {
        throw new UnknownHostException(host);
      }
      return List.of(addresses).stream().map(a -> IpRange.parseLiteral(a).orElseThrow()).toList();
    };
  }

  private static String reason(Runnable r) {
    try {
      r.run();
    } catch (DomainException e) {
      return e.reason();
    }
    throw new AssertionError("no DomainException");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://example.com/a.zip", "file:///etc/passwd", "gopher://example.com/", "jar:file:/x!/y",
        "http://user:pass@example.com/a.zip", "http://user@example.com/", "not a url",
            "/relative/path",
        "http:///nohost", "http://exa mple.com/", "", "mailto:a@example.com"
      })
  void rejectsBadUrlsWithoutLookingAnythingUp(String url) {
    UrlGuard guard = new UrlGuard(AddressPolicy.strict(), resolver("93.184.216.34"));
    assertThat(reason(() -> guard.resolve(url))).isEqualTo("FETCH_BAD_URL");
    assertThat(lookups).hasValue(0);
  }

  @Test
  void resolvesOnceAndKeepsAllAddresses() {
    UrlGuard guard =
        new UrlGuard(AddressPolicy.strict(), resolver("93.184.216.34", "2606:2800:220:1::1"));
    FetchTarget target = guard.resolve("HTTPS://Example.com/pkg.zip?sig=secret#frag");
    assertThat(lookups).hasValue(1);
    assertThat(target.tls()).isTrue();
    assertThat(target.port()).isEqualTo(443);
    assertThat(target.addresses()).hasSize(2);
    assertThat(target.pathAndQuery()).isEqualTo("/pkg.zip?sig=secret");
    assertThat(target.display()).isEqualTo("HTTPS://Example.com/pkg.zip").doesNotContain("secret");
  }

  @Test
  void oneForbiddenAddressAmongPublicOnesRefusesTheUrl() {
    UrlGuard guard = new UrlGuard(AddressPolicy.strict(), resolver("93.184.216.34", "10.0.0.7"));
    assertThatThrownBy(() -> guard.resolve("http://mixed.example/a.zip"))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("FETCH_FORBIDDEN_ADDRESS");
              assertThat(e.getMessage()).contains("mixed.example", "10.0.0.7");
            });
  }

  @Test
  void literalHostsAreNotLookedUp() {
    UrlGuard guard = new UrlGuard(AddressPolicy.strict(), resolver("93.184.216.34"));
    assertThat(reason(() -> guard.resolve("http://[::ffff:127.0.0.1]/")))
        .isEqualTo("FETCH_FORBIDDEN_ADDRESS");
    assertThat(reason(() -> guard.resolve("http://[fe80::1]/")))
        .isEqualTo("FETCH_FORBIDDEN_ADDRESS");
    FetchTarget target = guard.resolve("http://8.8.8.8/x");
    assertThat(target.addresses()).containsExactly(ipOf("8.8.8.8"));
    assertThat(lookups).hasValue(0);
  }

  @Test
  void unknownHostIsUnreachable() {
    UrlGuard guard = new UrlGuard(AddressPolicy.strict(), resolver());
    assertThat(reason(() -> guard.resolve("http://nowhere.test/a.zip")))
        .isEqualTo("FETCH_UNREACHABLE");
    assertThat(reason(() -> guard.resolve("http://empty.test/a.zip")))
        .isEqualTo("FETCH_UNREACHABLE");
  }

  @Test
  void nonDefaultPortIsRefusedUnlessAllowListed() {
    UrlGuard strictGuard = new UrlGuard(AddressPolicy.strict(), resolver("93.184.216.34"));
    assertThat(reason(() -> strictGuard.resolve("http://example.com:8080/a.zip")))
        .isEqualTo("FETCH_FORBIDDEN_ADDRESS");
    UrlGuard listed =
        new UrlGuard(
            AddressPolicy.withAllowList(List.of("example.com:8080")), resolver("93.184.216.34"));
    assertThat(listed.resolve("http://example.com:8080/a.zip").port()).isEqualTo(8080);
  }

  private static InetAddress ipOf(String literal) {
    return IpRange.parseLiteral(literal).orElseThrow();
  }
}
