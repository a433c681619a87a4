package org.courseport.server.domain.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.courseport.server.domain.DomainException;
import org.junit.jupiter.api.Test;

class TagsTest {

  @Test
  void clean_stripsWhiteSpaceAndDropsDuplicates() {
    assertThat(Tags.clean(List.of(" a ", "b", "a"))).containsExactly("a", "b");
  }

  @Test
  void clean_controlCharacterAtEitherEnd_isRefusedNotDropped() {
    // trim() used to remove them silently: {"tags": ["a\u0001"]} was stored as "a" with a 204.
    for (String tag : List.of("a\u0001", "\u0001a", "a\u001f", "a\n")) {
      assertThatThrownBy(() -> Tags.clean(List.of(tag)))
          .isInstanceOf(DomainException.class)
          .hasMessageStartingWith("tag must not contain control characters");
    }
  }

  @Test
  void clean_emptyOrBlank_isRefused() {
    assertThatThrownBy(() -> Tags.clean(List.of(" ")))
        .isInstanceOf(DomainException.class)
        .hasMessage("tags must not be empty");
  }

  @Test
  void clean_over255CodePoints_isRefused() {
    assertThat(Tags.clean(List.of("x".repeat(255)))).hasSize(1);
    assertThatThrownBy(() -> Tags.clean(List.of("x".repeat(256))))
        .isInstanceOf(DomainException.class)
        .hasMessage("tag must be at most 255 characters");
  }
}
