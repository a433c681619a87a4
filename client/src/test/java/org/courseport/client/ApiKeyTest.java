package org.courseport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiKeyTest {

  @Test
  void parse_splitsAtFirstColon_keepingColonsInSecret() {
    ApiKey key = ApiKey.parse("app:se:cret");

    assertThat(key.id()).isEqualTo("app");
    assertThat(key.secret()).isEqualTo("se:cret");
  }

  @Test
  void parse_withoutColonOrId_isRejected() {
    assertThatThrownBy(() -> ApiKey.parse("appsecret"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiKey.parse(":secret")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void authorizationValue_isBasicOfBase64IdColonSecret() {
    assertThat(new ApiKey("Aladdin", "open sesame").authorizationValue())
        .isEqualTo("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  }

  @Test
  void toString_hidesTheSecret() {
    assertThat(new ApiKey("app", "s3cret").toString()).contains("app").doesNotContain("s3cret");
  }
}
