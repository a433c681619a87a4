package org.courseport.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignaturesTest {
  static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);
  static final String EXPECTED =
      "v1=5eb1559a168aee1e4b5c7df77a706e4413ce2be4b46582a0ee49f707aa95587d";

  @Test
  void theWorkedExampleOfTheDocsSignsAsDocumented() {
    assertThat(Signatures.sign("whsec_test", "d-1", 1_700_000_000L, BODY)).isEqualTo(EXPECTED);
    assertThat(Signatures.verify("whsec_test", "d-1", 1_700_000_000L, BODY, EXPECTED)).isTrue();
  }

  @Test
  void anyChangedPartBreaksTheSignature() {
    assertThat(Signatures.verify("whsec_other", "d-1", 1_700_000_000L, BODY, EXPECTED)).isFalse();
    assertThat(Signatures.verify("whsec_test", "d-2", 1_700_000_000L, BODY, EXPECTED)).isFalse();
    assertThat(Signatures.verify("whsec_test", "d-1", 1_700_000_001L, BODY, EXPECTED)).isFalse();
    assertThat(Signatures.verify("whsec_test", "d-1", 1_700_000_000L, "[]".getBytes(), EXPECTED))
        .isFalse();
    assertThat(Signatures.verify("whsec_test", "d-1", 1_700_000_000L, BODY, null)).isFalse();
  }
}
