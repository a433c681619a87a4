package org.courseport.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.courseport.server.domain.DomainException;
import org.junit.jupiter.api.Test;

class OffsetPageTokensTest {
  private static String b64(String raw) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void tokensAreTheUnpaddedBase64urlOfPrefixAndNextOffset() {
    // The wire form stays what the lists issued before: tokens handed out earlier remain valid.
    assertThat(OffsetPageTokens.next("o:", 50, 25, true))
        .isEqualTo("bzo3NQ")
        .isEqualTo(b64("o:75"));
    assertThat(OffsetPageTokens.next("m:", 0, 10, true)).isEqualTo(b64("m:10"));
    assertThat(OffsetPageTokens.next("o:", 50, 7, false)).isEmpty();
    assertThat(OffsetPageTokens.offset(OffsetPageTokens.next("m:", 40, 20, true), "m:", "x"))
        .isEqualTo(60);
    assertThat(OffsetPageTokens.offset("", "o:", "x")).isZero();
    assertThat(OffsetPageTokens.offset(null, "o:", "x")).isZero();
  }

  @Test
  void foreignMalformedAndNegativeTokensAreRefusedWithTheGivenMessage() {
    for (String token : new String[] {b64("m:5"), b64("o:-1"), b64("o:x"), "%%%", b64("o:")}) {
      assertThatThrownBy(() -> OffsetPageTokens.offset(token, "o:", "page_token is not ours."))
          .as(token)
          .isInstanceOfSatisfying(
              DomainException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(DomainException.Kind.INVALID_ARGUMENT);
                assertThat(e.reason()).isEqualTo("INVALID_PAGE_TOKEN");
              })
          .hasMessage("page_token is not ours.");
    }
  }
}
