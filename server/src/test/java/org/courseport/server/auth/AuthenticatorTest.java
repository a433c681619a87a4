package org.courseport.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  @Test
  void parse_basic_splitsIdAndSecret() {
    String header =
        "Basic " + Base64.getEncoder().encodeToString("app:s3:cr:et".getBytes(StandardCharsets.UTF_8));
    assertThat(Authenticator.parse(header)).get().satisfies(p -> {
      assertThat(p[0]).isEqualTo("app");
      assertThat(p[1]).isEqualTo("s3:cr:et");
    });
  }

  @Test
  void parse_bearer_acceptsTheSamePair() {
    assertThat(Authenticator.parse("bearer app:secret")).get()
        .satisfies(p -> assertThat(p).containsExactly("app", "secret"));
  }

  @Test
  void parse_malformed_isEmpty() {
    assertThat(Authenticator.parse(null)).isEmpty();
    assertThat(Authenticator.parse("Basic !!!")).isEmpty();
    assertThat(Authenticator.parse("Bearer onlyid")).isEmpty();
    assertThat(Authenticator.parse("Bearer :secret")).isEmpty();
    assertThat(Authenticator.parse("Digest x")).isEmpty();
  }
}
