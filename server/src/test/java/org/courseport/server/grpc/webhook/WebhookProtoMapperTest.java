package org.courseport.server.grpc.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebhookProtoMapperTest {
  @Test
  void pageTokensRoundTripAndTheLastPageHasNone() {
    String next = WebhookProtoMapper.nextToken(0, 50, true);
    assertThat(WebhookProtoMapper.offset(next)).isEqualTo(50);
    assertThat(WebhookProtoMapper.offset(WebhookProtoMapper.nextToken(50, 50, true)))
        .isEqualTo(100);
    assertThat(WebhookProtoMapper.nextToken(50, 7, false)).isEmpty();
    assertThat(WebhookProtoMapper.offset("")).isZero();
  }

  @Test
  void foreignTokensAndPageSizesAreRefused() {
    assertThatThrownBy(() -> WebhookProtoMapper.offset("bm9wZQ"))
        .hasMessageContaining("page_token");
    assertThatThrownBy(() -> WebhookProtoMapper.offset("%%%")).hasMessageContaining("page_token");
    assertThatThrownBy(() -> WebhookProtoMapper.pageSize(101)).hasMessageContaining("page_size");
    assertThat(WebhookProtoMapper.pageSize(0)).isEqualTo(50);
    assertThat(WebhookProtoMapper.pageSize(7)).isEqualTo(7);
  }
}
