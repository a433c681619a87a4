package org.courseport.transcoding.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AttachmentHeaderTest {

  @Test
  void asciiName_isQuotedOnly() {
    assertThat(AttachmentHeader.of("course.zip")).isEqualTo("attachment; filename=\"course.zip\"");
  }

  @Test
  void quotesAndBackslashes_areEscaped_directoriesDropped() {
    assertThat(AttachmentHeader.of("a/b\\say \"hi\".zip"))
        .isEqualTo("attachment; filename=\"say \\\"hi\\\".zip\"");
  }

  @Test
  void nonAsciiName_getsAsciiFallbackAndRfc5987Form() {
    assertThat(AttachmentHeader.of("Übung 1.zip"))
        .isEqualTo("attachment; filename=\"_bung 1.zip\"; filename*=UTF-8''%C3%9Cbung%201.zip");
  }

  @Test
  void controlCharacters_neverReachTheHeader() {
    assertThat(AttachmentHeader.of("a\r\nSet-Cookie: x.zip"))
        .isEqualTo(
            "attachment; filename=\"a__Set-Cookie: x.zip\"; "
                + "filename*=UTF-8''a%0D%0ASet-Cookie%3A%20x.zip");
  }
}
