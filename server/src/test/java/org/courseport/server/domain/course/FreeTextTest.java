package org.courseport.server.domain.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.courseport.server.domain.DomainException;
import org.junit.jupiter.api.Test;

class FreeTextTest {

  @Test
  void require_trimsAndAcceptsUnicodeUpToTheLimitInCodePoints() {
    assertThat(FreeText.require("title", "  Übung 😀  ", 7, "R")).isEqualTo("Übung 😀");
    assertThat(FreeText.require("title", "😀".repeat(3), 3, "R")).isEqualTo("😀😀😀");
  }

  @Test
  void require_tooLong_namesTheFieldAndLimit() {
    assertThatThrownBy(() -> FreeText.require("title", "abcd", 3, "TITLE_INVALID"))
        .isInstanceOf(DomainException.class)
        .hasMessage("title must be at most 3 characters");
  }

  @Test
  void require_controlCharacter_namesTheFieldAndPosition() {
    assertThatThrownBy(() -> FreeText.require("title", "a\u0000b", 10, "TITLE_INVALID"))
        .isInstanceOf(DomainException.class)
        .hasMessage("title must not contain control characters (found U+0000 at position 1)");
  }

  @Test
  void require_blank_isMissing() {
    assertThatThrownBy(() -> FreeText.require("tag", " ", 10, "TAG_INVALID"))
        .isInstanceOf(DomainException.class)
        .hasMessage("tag is required");
  }

  @Test
  void require_controlCharacterThatStripWouldRemove_isRefused() {
    // strip() counts tab, line feed and U+001C..U+001F as white space: checked before stripping.
    assertThatThrownBy(() -> FreeText.require("title", "Title\u001f", 10, "TITLE_INVALID"))
        .isInstanceOf(DomainException.class)
        .hasMessage("title must not contain control characters (found U+001F at position 5)");
    assertThatThrownBy(() -> FreeText.require("title", "Title\n", 10, "TITLE_INVALID"))
        .isInstanceOf(DomainException.class)
        .hasMessageStartingWith("title must not contain control characters (found U+000A");
  }
}
